// Writes are never lost or doubled: syncs run while random faults hit random requests (fixed
// seed, bounded rounds). After each, the emulator's state is exactly what the report says, and
// a second sync without faults reaches the desired set.
//
// The one case no client can settle alone, a POST applied by the server whose answer is lost,
// is covered by the idempotent grant: the next sync lists first and creates only what is missing.
// (The emulator never applies a request whose answer it breaks, so here the report is exact.)
import assert from "node:assert/strict";
import { test } from "node:test";

import { CHECKPOINT, pkg, seededRandom, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const ROUNDS = 40;
const PROJECTS = ["proj_a", "proj_b", "proj_c", "proj_d", "proj_e", "proj_f", "proj_g", "proj_h"];


const FAULTS = [
  { status: 500, headers: { "x-should-retry": "false" } },
  { status: 429, headers: { "x-should-retry": "false" } },
  { reset: "before-headers" },
  { reset: "mid-body" },
  { status: 502, body: "<html><title>502 Bad Gateway</title></html>", contentType: "text/html" },
  { truncate: true },
];

const projectsIn = () => (api.emulator.state.get(CHECKPOINT) ?? []).map((p) => p.project_id).sort();

test(`${ROUNDS} syncs under random faults: state always equals the report, a second sync converges`, async () => {
  const next = seededRandom(7);
  const subset = () => PROJECTS.filter(() => next() < 0.5);
  const tally = { clean: 0, partial: 0, listFailed: 0 };
  for (let round = 0; round < ROUNDS; round += 1) {
    api.emulator.reset();
    const before = subset();
    if (before.length > 0) api.emulator.seed(CHECKPOINT, before);
    const desired = subset();
    for (const method of ["GET", "POST", "DELETE"]) {
      if (next() < 0.35) {
        const fault = FAULTS[Math.floor(next() * FAULTS.length)];
        api.emulator.inject({ ...fault, match: { method }, times: 1 + Math.floor(next() * 2) });
      }
    }
    const options = api.options({ maxRetries: 0, concurrency: 3 });
    try {
      const result = await pkg.syncCheckpointPermissions(CHECKPOINT, desired, options);
      assert.deepEqual(projectsIn(), [...desired].sort(), `round ${round}: a clean sync reaches the desired set`);
      assert.deepEqual(result.failed, []);
      tally.clean += 1;
    } catch (error) {
      if (error instanceof pkg.PartialFailureError) {
        const { created, revoked, failed } = error.result;
        const expected = new Set(before);
        revoked.forEach((p) => expected.delete(p.project_id));
        created.forEach((p) => expected.add(p.project_id));
        assert.deepEqual(projectsIn(), [...expected].sort(), `round ${round}: the state is what the report says`);
        const failedProjects = failed.map((f) => f.projectId);
        const planned = [...error.result.grant, ...error.result.revoke.map((p) => p.project_id)];
        assert.deepEqual([...failedProjects, ...created.map((p) => p.project_id), ...revoked.map((p) => p.project_id)].sort(), planned.sort(), `round ${round}: every planned write is either done or listed as failed`);
        tally.partial += 1;
      } else {
        assert.ok(error instanceof pkg.APIError, `round ${round}: ${error?.name}`);
        assert.deepEqual(projectsIn(), [...before].sort(), `round ${round}: a failed listing writes nothing`);
        tally.listFailed += 1;
      }
    }
    dropQueuedFaults();
    const second = await pkg.syncCheckpointPermissions(CHECKPOINT, desired, api.options());
    assert.deepEqual(second.failed, []);
    assert.deepEqual(projectsIn(), [...desired].sort(), `round ${round}: the second sync converges`);
    const noDuplicates = new Set(projectsIn());
    assert.equal(noDuplicates.size, projectsIn().length, `round ${round}: no project holds two permissions`);
  }
  console.log(`writes under faults: ${JSON.stringify(tally)}`);
  assert.ok(tally.partial > 0 && tally.clean > 0, `the faults hit and missed: ${JSON.stringify(tally)}`);
});

/** Faults still queued (their request never came) must not hit the second sync: reset, re-seed. */
function dropQueuedFaults() {
  const state = structuredClone([...api.emulator.state.entries()]);
  api.emulator.reset();
  for (const [checkpoint, permissions] of state) {
    if (permissions.length > 0) api.emulator.seed(checkpoint, permissions.map((p) => p.project_id));
  }
}
