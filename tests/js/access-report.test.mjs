// Issue 13: how the console's access panel words a report of planAccess / applyAccess
// (www/access-report.mjs). The panel itself is driven in tests/js/console.browser.test.mjs.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  changedCheckpoints, checkpointView, isAccessReport, partialFailureSummary, plannedChanges, refusedCheckpoints, reportStatus,
} from "../../www/access-report.mjs";
import { indexProjects } from "../../www/project-names.mjs";

const WEATHER = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const STEP_200 = `${WEATHER}:ckpt-step-200`;
const permission = (project_id, id) => ({ object: "checkpoint.permission", id, created_at: 1721764867, project_id });
const KEEP = permission("proj_keep", "cp_keep");
const GONE = permission("proj_gone", "cp_gone");
const NEW = permission("proj_new", "cp_new");
const serverError = { name: "InternalServerError", status: 500, requestID: "req_1", message: "500 boom" };

function entry(checkpoint, fields = {}) {
  return { checkpoint, desired: [], grant: [], revoke: [], keep: [], created: [], revoked: [], failed: [], ...fields };
}

function report(checkpoints, { dryRun = true, inSync = false } = {}) {
  const sum = (key) => checkpoints.reduce((total, one) => total + one[key].length, 0);
  const totals = {
    checkpoints: checkpoints.length, grant: sum("grant"), revoke: sum("revoke"), keep: sum("keep"),
    created: sum("created"), revoked: sum("revoked"), failed: sum("failed"), unreadable: checkpoints.filter((one) => one.error).length,
  };
  return { dryRun, inSync, checkpoints, totals };
}

const lines = (view) => view.changes.map((change) => `${change.sign} ${change.projectId} ${change.label}${change.permissionId ? ` (${change.permissionId})` : ""}`);

test("a plan: counts, + grant and - revoke lines, and the kept count", () => {
  const view = checkpointView(entry(WEATHER, { desired: ["proj_keep", "proj_new"], grant: ["proj_new"], revoke: [GONE], keep: [KEEP] }), { applied: false });
  assert.equal(view.counts, "1 to grant, 1 to revoke, 1 kept");
  assert.deepEqual(lines(view), ["+ proj_new grant", "- proj_gone revoke (cp_gone)"]);
  assert.equal(view.state, "changes");
  assert.equal(view.nobody, false);
  assert.equal(view.unreadable, null);
});

test("[] is flagged as nobody, planned or applied, changes or not", () => {
  for (const applied of [false, true]) {
    assert.equal(checkpointView(entry(STEP_200, { revoke: [GONE], revoked: applied ? [GONE] : [] }), { applied }).nobody, true);
    assert.equal(checkpointView(entry(STEP_200), { applied }).nobody, true);
    assert.equal(checkpointView(entry(STEP_200, { error: serverError }), { applied }).nobody, true);
  }
});

test("in sync: nothing to list, only what is kept", () => {
  const view = checkpointView(entry(WEATHER, { desired: ["proj_keep"], keep: [KEEP] }), { applied: false });
  assert.equal(view.counts, "0 to grant, 0 to revoke, 1 kept");
  assert.deepEqual(view.changes, []);
  assert.equal(view.state, "same");
});

test("after an apply: what was done, and what failed with its error", () => {
  const failure = { action: "revoke", projectId: "proj_gone", permissionId: "cp_gone", error: serverError };
  const view = checkpointView(entry(WEATHER, {
    desired: ["proj_new"], grant: ["proj_new"], revoke: [GONE, KEEP], created: [NEW], revoked: [KEEP], failed: [failure],
  }), { applied: true });
  assert.equal(view.counts, "1 granted, 1 revoked, 1 failed, 0 kept");
  assert.deepEqual(lines(view), ["+ proj_new granted", "- proj_keep revoked (cp_keep)"]);
  assert.deepEqual(view.failed, [failure]);
  assert.equal(view.state, "failed");
});

test("an unreadable checkpoint: its error, and nothing planned or written", () => {
  const planned = checkpointView(entry(WEATHER, { desired: ["proj_a"], error: serverError }), { applied: false });
  assert.equal(planned.state, "failed");
  assert.equal(planned.unreadable.error, serverError);
  assert.match(planned.unreadable.text, /could not be read, so nothing is planned for it/);
  assert.match(checkpointView(entry(WEATHER, { error: serverError }), { applied: true }).unreadable.text, /nothing was written to it/);
});

test("a checkpoint the run never reached (the key was refused first): not attempted, nothing read or written", () => {
  const view = checkpointView(entry(STEP_200, { desired: ["proj_a"], notAttempted: true }), { applied: true });
  assert.equal(view.state, "failed");
  assert.equal(view.counts, "not attempted");
  assert.match(view.skipped, /nothing was read or written/);
  assert.deepEqual(view.changes, []);
  assert.equal(checkpointView(entry(STEP_200, { keep: [KEEP] }), { applied: false }).skipped, null);
});

test("the status line: in sync, a plan, an incomplete plan, an apply done or partial", () => {
  const same = entry(WEATHER, { desired: ["proj_keep"], keep: [KEEP] });
  const changes = entry(STEP_200, { grant: ["proj_new"], revoke: [GONE] });
  assert.equal(reportStatus(report([same, same]), { applied: false }), "In sync: 2 checkpoints, all as the file says. Nothing to apply.");
  assert.equal(reportStatus(report([same, changes]), { applied: false }), "Plan ready: 2 changes in 2 checkpoints. Review it, then apply.");
  assert.equal(plannedChanges(report([same, changes])), 2);
  assert.equal(reportStatus(report([entry(WEATHER, { error: serverError }), changes]), { applied: false }),
    "Plan incomplete: 1 of 2 checkpoints could not be read. Plan again in a moment.");
  const keyRefused = report([entry(WEATHER, { notAttempted: true }), entry(STEP_200, { notAttempted: true })]);
  keyRefused.totals.notAttempted = 2;
  assert.equal(reportStatus(keyRefused, { applied: false }), "Plan incomplete: 2 of 2 checkpoints not read, the key was refused. Fix the connection, then plan again.");

  const done = entry(STEP_200, { grant: ["proj_new"], revoke: [GONE], created: [NEW], revoked: [GONE] });
  assert.equal(reportStatus(report([same, done], { dryRun: false, inSync: true }), { applied: true }),
    "Applied: 1 grant, 1 revoke. The permissions now match the file.");
  const partial = entry(STEP_200, { grant: ["proj_new"], revoke: [GONE], created: [NEW], failed: [{ action: "revoke", projectId: "proj_gone", error: serverError }] });
  assert.equal(reportStatus(report([partial, entry(WEATHER, { error: serverError })], { dryRun: false }), { applied: true }),
    "Partly applied: 1 grant, 0 revokes; 1 failed, 1 checkpoint unreadable. Apply again to finish.");
  const stopped = report([done, entry(WEATHER, { notAttempted: true })], { dryRun: false });
  stopped.totals.notAttempted = 1;
  assert.equal(reportStatus(stopped, { applied: true }), "Partly applied: 1 grant, 1 revoke; 1 checkpoint not attempted. Apply again to finish.");
});

test("the alert of a partial failure says what failed and what stays done", () => {
  const failure = { action: "revoke", projectId: "proj_gone", error: serverError };
  assert.deepEqual(partialFailureSummary(report([entry(WEATHER, { created: [NEW], failed: [failure, failure] })], { dryRun: false })),
    { title: "Some changes failed", text: "2 changes failed; 1 succeeded and stay done." });
  assert.deepEqual(partialFailureSummary(report([entry(WEATHER, { error: serverError }), entry(STEP_200, { failed: [failure] })], { dryRun: false })),
    { title: "Some changes failed", text: "1 change failed and 1 checkpoint could not be read." });
  assert.deepEqual(partialFailureSummary(report([entry(WEATHER, { error: serverError })])),
    { title: "Some checkpoints could not be read", text: "1 checkpoint could not be read." });
});

test("an access report is told apart from a grant, revoke or sync result", () => {
  assert.equal(isAccessReport(report([entry(WEATHER)])), true);
  for (const result of [{ created: [], alreadyGranted: [], failed: [] }, { revoked: [], notGranted: [], failed: [] }, null, undefined, { checkpoints: [] }]) {
    assert.equal(isAccessReport(result), false, JSON.stringify(result));
  }
});

test("the checkpoints an apply changed: created or revoked, not only failed", () => {
  const failure = { action: "grant", projectId: "proj_new", error: serverError };
  const changed = changedCheckpoints(report([
    entry(WEATHER, { created: [NEW] }), entry(STEP_200, { failed: [failure] }), entry("ft:other", { revoked: [GONE] }), entry("ft:same", { keep: [KEEP] }),
  ], { dryRun: false }));
  assert.deepEqual([...changed], [WEATHER, "ft:other"]);
});

test("names: each change carries its project, from the console's projects or the report's own", () => {
  const directory = indexProjects([{ id: "proj_new", name: "Weather forecasts", status: "active", archived_at: null }]);
  const view = checkpointView(entry(WEATHER, { desired: ["proj_new"], grant: ["proj_new"], revoke: [GONE], projects: { proj_gone: { name: "Old data", status: "archived" } } }), { applied: false, directory });
  assert.deepEqual(view.changes.map((change) => change.project), [
    { id: "proj_new", name: "Weather forecasts", status: "active" },
    { id: "proj_gone", name: "Old data", status: "archived" },
  ]);
  assert.deepEqual(checkpointView(entry(WEATHER, { grant: ["proj_x"] }), { applied: false }).changes[0].project, { id: "proj_x", name: null, status: null });
});

test("a checkpoint that wants a project that cannot be given access: refused, counted, and the plan not applied", () => {
  const problem = { projectId: "proj_typo", status: "unknown", message: 'proj_typo is not a project of this organization; did you mean proj_new ("Weather forecasts")?', didYouMean: { id: "proj_new", name: "Weather forecasts" } };
  const refused = entry(STEP_200, { desired: ["proj_typo"], grant: ["proj_typo"], refused: [problem] });
  const view = checkpointView(refused, { applied: false });
  assert.equal(view.state, "failed");
  assert.equal(view.counts, "1 to grant, 0 to revoke, 0 kept, 1 refused");
  assert.deepEqual(view.refused, [problem]);
  const planned = report([entry(WEATHER, { desired: ["proj_new"], grant: ["proj_new"] }), refused]);
  planned.totals.refused = 1;
  assert.equal(refusedCheckpoints(planned), 1);
  assert.equal(reportStatus(planned, { applied: false }), "Plan refused: 1 of 2 checkpoints wants a project that cannot be given access (below). Fix the file, then plan again.");
  assert.deepEqual(partialFailureSummary(planned), { title: "Some projects cannot be given access", text: "1 checkpoint wants a project that cannot be given access." });
  delete planned.totals.refused;
  assert.equal(refusedCheckpoints(planned), 1, "counted from the checkpoints when the totals do not say");
});
