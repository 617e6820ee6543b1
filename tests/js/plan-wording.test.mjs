// Issue 18: how the console words a sync plan, what changed behind a reviewed plan's back, a grant
// before its confirmation, and a retry as it happens (www/plan-wording.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  plannedWrites, retryNotice, staleLines, staleSummary, syncAppliedStatus, syncPlanGroups, syncPlanStatus,
} from "../../www/plan-wording.mjs";
import { seconds } from "../../www/words.mjs";

const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const permission = (project_id, id = `cp_${project_id}`) => ({ object: "checkpoint.permission", id, created_at: 1, project_id });

function plan(fields) {
  return { checkpoint: CHECKPOINT, desired: [], dryRun: true, grant: [], revoke: [], keep: [], created: [], revoked: [], failed: [], ...fields };
}

test("a sync plan's groups, before and after applying", () => {
  const planned = plan({ desired: ["proj_b", "proj_d"], grant: ["proj_d"], revoke: [permission("proj_a")], keep: [permission("proj_b")] });
  assert.deepEqual(syncPlanGroups(planned, { applied: false }).map(({ label, ids }) => `${label}: ${ids.join(" ")}`),
    ["Will be granted: proj_d", "Will be revoked: proj_a", "Keep access: proj_b"]);
  const applied = { ...planned, dryRun: false, created: [permission("proj_d")], revoked: [permission("proj_a")] };
  assert.deepEqual(syncPlanGroups(applied, { applied: true }).map(({ label, ids }) => `${label}: ${ids.join(" ")}`),
    ["Granted: proj_d", "Revoked: proj_a", "Kept: proj_b"]);
  assert.equal(plannedWrites(planned), 2);
  assert.equal(syncPlanStatus(planned), "Plan ready: 2 changes (1 to grant, 1 to revoke). Review it, then apply.");
  assert.equal(syncPlanStatus(plan({ keep: [permission("proj_b")] })), "Already in sync: nothing to apply.");
  assert.equal(syncAppliedStatus(applied), "Applied: 1 grant, 1 revoke.");
});

test("what changed since the plan was reviewed: + for a permission there now, - for one gone", () => {
  const changes = [{ checkpoint: CHECKPOINT, added: [permission("proj_e", "cp_e")], removed: [permission("proj_b", "cp_b")] }];
  assert.deepEqual(staleLines(changes), [{
    checkpoint: CHECKPOINT,
    lines: [
      { kind: "grant", sign: "+", projectId: "proj_e", permissionId: "cp_e", label: "granted since you reviewed" },
      { kind: "revoke", sign: "-", projectId: "proj_b", permissionId: "cp_b", label: "revoked since you reviewed" },
    ],
  }]);
  assert.equal(staleSummary(changes), "The permissions changed since you reviewed (1 granted, 1 revoked since), so nothing was written. Review the new plan.");
  const two = [...changes, { checkpoint: "ft:other", added: [permission("proj_f")], removed: [] }];
  assert.match(staleSummary(two), /changed since you reviewed on 2 checkpoints \(2 granted, 1 revoked since\)/);
});

test("a retry as it happens: the status, the attempt of how many, the wait", () => {
  assert.equal(retryNotice({ attempt: 2, maxAttempts: 3, delayMs: 393, status: 500, message: "500 boom" }), "HTTP 500: retrying, attempt 2 of 3 in 0.4 s.");
  assert.equal(retryNotice({ attempt: 3, maxAttempts: 3, delayMs: 1000, status: 429, message: "429" }), "HTTP 429: retrying, attempt 3 of 3 in 1 s.");
  assert.equal(retryNotice({ attempt: 2, maxAttempts: 5, delayMs: 12_400, status: null, message: "reset" }), "No answer: retrying, attempt 2 of 5 in 12 s.");
  assert.deepEqual([0, 50, 1500, 9990, 60_000].map(seconds), ["0 s", "0.1 s", "1.5 s", "10 s", "60 s"]);
});

test("a plan that refuses a project cannot be applied, and says so before anything else", () => {
  const refused = plan({ desired: ["proj_typo"], grant: ["proj_typo"], refused: [{ projectId: "proj_typo", status: "unknown", message: "proj_typo is not a project of this organization" }] });
  assert.equal(syncPlanStatus(refused), "The plan cannot be applied: 1 project in the list cannot be given access (see the plan). Fix the list, then preview again.");
});
