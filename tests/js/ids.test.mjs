// The one id rule set, seen from every JS surface of the package: the shared fixture
// (tests/fixtures/ids.json, also read by the Rust core's tests/ids.rs, the CLI's and both proxies'
// tests) against the validate* exports, the calls themselves (nothing sent) and the access file.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import * as access from "../../pkg/access/node.js";
import { CHECKPOINT, pkg, useEmulator } from "./helpers.mjs";

export const ID_FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/ids.json", import.meta.url), "utf8"));
const api = useEmulator();
const PROJECT = ID_FIXTURE.project.valid[0];
const PERMISSION = ID_FIXTURE.permission.valid[0];

test("validateCheckpoint accepts the fixture's checkpoints and refuses the rest in its words", () => {
  for (const id of ID_FIXTURE.checkpoint.valid) assert.equal(pkg.validateCheckpoint(id), null, id);
  for (const { id, problem } of ID_FIXTURE.checkpoint.invalid) {
    const error = pkg.validateCheckpoint(id);
    assert.ok(error instanceof pkg.InvalidInputError, JSON.stringify(id));
    assert.equal(error.message, `checkpoint ${problem}`);
    assert.equal(error.field, "checkpoint");
  }
});

test("validateProjectIds and validatePermissionId follow the fixture", () => {
  for (const id of ID_FIXTURE.project.valid) assert.equal(pkg.validateProjectIds([PROJECT, id]), null, id);
  for (const { id, problem } of ID_FIXTURE.project.invalid) {
    assert.equal(pkg.validateProjectIds([PROJECT, id])?.message, `projectIds[1] ${problem}`, JSON.stringify(id));
  }
  for (const id of ID_FIXTURE.permission.valid) assert.equal(pkg.validatePermissionId(id), null, id);
  for (const { id, problem } of ID_FIXTURE.permission.invalid) {
    assert.equal(pkg.validatePermissionId(id)?.message, `permissionId ${problem}`, JSON.stringify(id));
  }
});

test("each validate* export gives exactly the error its call rejects with, and the call sends nothing", async () => {
  const options = api.options();
  for (const { id } of ID_FIXTURE.checkpoint.invalid) {
    const expected = pkg.validateCheckpoint(id);
    for (const call of [
      pkg.createCheckpointPermissions(id, { project_ids: [PROJECT] }, options),
      pkg.listCheckpointPermissions(id, {}, options),
      pkg.deleteCheckpointPermission(id, PERMISSION, options),
      pkg.grantCheckpointPermissions(id, [PROJECT], options),
      pkg.syncCheckpointPermissions(id, [], options),
    ]) {
      const error = await api.rejection(call);
      assert.deepEqual([error.name, error.message, error.field], [expected.name, expected.message, expected.field], JSON.stringify(id));
    }
  }
  for (const { id } of ID_FIXTURE.project.invalid) {
    const expected = pkg.validateProjectIds([PROJECT, id]);
    for (const call of [pkg.grantCheckpointPermissions, pkg.revokeCheckpointPermissions, pkg.syncCheckpointPermissions]) {
      const error = await api.rejection(call(CHECKPOINT, [PROJECT, id], options));
      assert.deepEqual([error.message, error.field], [expected.message, expected.field], `${call.name} ${JSON.stringify(id)}`);
    }
    const created = await api.rejection(pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: [PROJECT, id] }, options));
    assert.equal(created.message, expected.message.replace("projectIds", "body.project_ids"));
  }
  for (const { id } of ID_FIXTURE.permission.invalid) {
    const expected = pkg.validatePermissionId(id);
    const error = await api.rejection(pkg.deleteCheckpointPermission(CHECKPOINT, id, options));
    assert.deepEqual([error.message, error.field], [expected.message, expected.field], JSON.stringify(id));
  }
  assert.equal(api.emulator.requests.length, 0, "no invalid id ever reached the API");
});

test("the list query's own ids follow the same rules", async () => {
  const options = api.options();
  const project = ID_FIXTURE.project.invalid.find(({ id }) => id !== "");
  const error = await api.rejection(pkg.listCheckpointPermissions(CHECKPOINT, { project_id: project.id }, options));
  assert.equal(error.message, `query.project_id ${project.problem}`);
  const cursor = ID_FIXTURE.permission.invalid.find(({ id }) => id.includes("/"));
  const after = await api.rejection(pkg.listCheckpointPermissions(CHECKPOINT, { after: cursor.id }, options));
  assert.equal(after.message, `query.after ${cursor.problem}`);
  assert.equal(api.emulator.requests.length, 0);
});

test("the access file refuses the same ids in the same words, and accepts the valid ones", async () => {
  for (const { id, problem } of ID_FIXTURE.checkpoint.invalid) {
    const error = await api.rejection(access.planAccess({ checkpoints: { [id]: [] } }, api.options()));
    assert.equal(error.message, `checkpoints[${JSON.stringify(id)}] ${problem}`, JSON.stringify(id));
  }
  for (const { id, problem } of ID_FIXTURE.project.invalid) {
    const error = await api.rejection(access.planAccess({ checkpoints: { [CHECKPOINT]: [id] } }, api.options()));
    assert.equal(error.message, `checkpoints[${JSON.stringify(CHECKPOINT)}][0] ${problem}`, JSON.stringify(id));
  }
  assert.equal(api.emulator.requests.length, 0);
  const valid = Object.fromEntries(ID_FIXTURE.checkpoint.valid.map((checkpoint) => [checkpoint, ID_FIXTURE.project.valid]));
  const plan = await access.planAccess({ checkpoints: valid }, api.options());
  assert.equal(plan.checkpoints.length, ID_FIXTURE.checkpoint.valid.length);
});
