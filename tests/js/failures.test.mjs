// Issue 18: the writes that failed, as every console panel lists them, and when "Retry the
// failed ones" may apply a fresh plan without a new confirmation (www/failures.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { accessPlanWrites, failedWrites, failureSummary, planWrites, writesDone, writesWithin } from "../../www/failures.mjs";

const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const OTHER = `${CHECKPOINT}:ckpt-step-200`;
const permission = (project_id, id = `cp_${project_id}`) => ({ object: "checkpoint.permission", id, created_at: 1, project_id });
const serverError = Object.assign(new Error("500 boom"), { name: "InternalServerError", status: 500, requestID: "req_1" });
const partial = (result) => Object.assign(new Error("partial"), { name: "PartialFailureError", result });

function entry(checkpoint, fields = {}) {
  return { checkpoint, desired: [], dryRun: true, grant: [], revoke: [], keep: [], created: [], revoked: [], failed: [], ...fields };
}
function report(checkpoints) {
  const sum = (key) => checkpoints.reduce((total, one) => total + one[key].length, 0);
  return {
    dryRun: false, inSync: false, checkpoints,
    totals: { checkpoints: checkpoints.length, grant: sum("grant"), revoke: sum("revoke"), keep: sum("keep"), created: sum("created"),
      revoked: sum("revoked"), failed: sum("failed"), unreadable: checkpoints.filter((one) => one.error).length, notAttempted: checkpoints.filter((one) => one.notAttempted).length },
  };
}

test("a plan's writes: each grant by project, each revoke by permission", () => {
  const plan = entry(CHECKPOINT, { grant: ["proj_d"], revoke: [permission("proj_a", "cp_1")] });
  assert.deepEqual(planWrites(plan), [
    { checkpoint: CHECKPOINT, action: "grant", projectId: "proj_d", permissionId: null },
    { checkpoint: CHECKPOINT, action: "revoke", projectId: "proj_a", permissionId: "cp_1" },
  ]);
  const access = report([plan, entry(OTHER, { error: serverError, grant: ["proj_x"] }), entry("ft:b", { revoke: [permission("proj_c")] })]);
  assert.deepEqual(accessPlanWrites(access).map((one) => `${one.checkpoint} ${one.action} ${one.projectId}`),
    [`${CHECKPOINT} grant proj_d`, `${CHECKPOINT} revoke proj_a`, "ft:b revoke proj_c"], "an unreadable checkpoint plans no write");
});

test("a PartialFailureError names its failures; what succeeded is counted as done", () => {
  const error = partial({ created: [permission("proj_d")], revoked: [], failed: [{ action: "revoke", projectId: "proj_a", permissionId: "cp_1", error: serverError }] });
  assert.deepEqual(failedWrites(error, [], { checkpoint: CHECKPOINT }),
    [{ checkpoint: CHECKPOINT, action: "revoke", projectId: "proj_a", permissionId: "cp_1", error: serverError }]);
  assert.equal(writesDone(error), 1);
  assert.equal(failureSummary(failedWrites(error, []), writesDone(error)), "1 change failed; 1 succeeded and stays done.");
});

test("any other error stopped the call before it wrote: every intended write failed with it", () => {
  const intended = [
    { checkpoint: CHECKPOINT, action: "revoke", projectId: "proj_a", permissionId: "cp_1" },
    { checkpoint: CHECKPOINT, action: "revoke", projectId: "proj_b", permissionId: "cp_2" },
  ];
  assert.deepEqual(failedWrites(serverError, intended), intended.map((one) => ({ ...one, error: serverError })));
  assert.equal(writesDone(serverError), 0);
  assert.equal(failureSummary(failedWrites(serverError, intended), 0), "2 changes failed; nothing was written.");
});

test("an access report: failed writes per checkpoint, and every planned write of a checkpoint not read or not reached", () => {
  const failure = { action: "grant", projectId: "proj_d", error: serverError };
  const result = report([
    entry(CHECKPOINT, { grant: ["proj_d"], revoke: [permission("proj_a")], revoked: [permission("proj_a")], failed: [failure] }),
    entry(OTHER, { error: serverError }),
    entry("ft:b", { notAttempted: true }),
  ]);
  const intended = [
    { checkpoint: OTHER, action: "revoke", projectId: "proj_c", permissionId: "cp_c" },
    { checkpoint: "ft:b", action: "grant", projectId: "proj_e", permissionId: null },
  ];
  const stopped = Object.assign(new Error("401"), { name: "AuthenticationError", status: 401, result });
  assert.deepEqual(failedWrites(stopped, intended).map((one) => `${one.checkpoint} ${one.action} ${one.projectId} ${one.error.status}`), [
    `${CHECKPOINT} grant proj_d 500`,
    `${OTHER} revoke proj_c 500`,
    "ft:b grant proj_e 401",
  ]);
  assert.equal(writesDone(stopped), 1);
});

test("a fresh plan may be applied as the retry only when it writes nothing but what failed", () => {
  const failed = [
    { checkpoint: CHECKPOINT, action: "revoke", projectId: "proj_a", permissionId: "cp_1" },
    { checkpoint: CHECKPOINT, action: "grant", projectId: "proj_d", permissionId: null },
  ];
  const fresh = (fields) => planWrites(entry(CHECKPOINT, fields));
  assert.equal(writesWithin(fresh({ revoke: [permission("proj_a", "cp_1")], grant: ["proj_d"] }), failed), true, "exactly the failed ones");
  assert.equal(writesWithin(fresh({ grant: ["proj_d"] }), failed), true, "fewer: the revoke happened after all");
  assert.equal(writesWithin(fresh({ revoke: [permission("proj_a", "cp_9")] }), failed), false, "another permission of the project: not confirmed");
  assert.equal(writesWithin(fresh({ revoke: [permission("proj_e")] }), failed), false, "a project granted since");
  assert.equal(writesWithin(planWrites(entry(OTHER, { grant: ["proj_d"] })), failed), false, "another checkpoint");
});
