// The package's entries: the exports map points at real files, the lean /create entry works on
// its own wasm, and both entries share one set of error classes.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

import * as lean from "../../pkg/create/node.js";
import { CHECKPOINT, pkg, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const pkgDir = fileURLToPath(new URL("../../pkg/", import.meta.url));

test("every file the exports map names exists", () => {
  const manifest = JSON.parse(readFileSync(`${pkgDir}package.json`, "utf8"));
  const targets = [];
  const walk = (value) => (typeof value === "string" ? targets.push(value) : Object.values(value).forEach(walk));
  walk(manifest.exports);
  assert.ok(targets.length >= 10);
  for (const target of targets) assert.ok(existsSync(`${pkgDir}${target}`), target);
  // Only the entries that initialise the wasm at import (and errors.js, which names its classes)
  // have effects: bundlers may drop any other module that nothing uses.
  assert.deepEqual(manifest.sideEffects.filter((file) => !existsSync(`${pkgDir}${file}`)), []);
  assert.ok(manifest.sideEffects.includes("./node.js") && manifest.sideEffects.includes("./workerd.js"));
  assert.match(manifest.version, /^\d+\.\d+\.\d+/);
});

test("the lean entry creates permissions with its own, smaller wasm", async () => {
  const page = await lean.createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_lean"] }, api.options());
  assert.equal(page.data[0].project_id, "proj_lean");
  assert.equal(typeof lean.listCheckpointPermissions, "undefined");
  const leanWasm = readFileSync(`${pkgDir}create/checkpoint_permissions_bg.wasm`).length;
  const mainWasm = readFileSync(`${pkgDir}checkpoint_permissions_bg.wasm`).length;
  assert.ok(leanWasm < mainWasm, `${leanWasm} < ${mainWasm}`);
});

test("both entries throw the same error classes", async () => {
  assert.equal(lean.NotFoundError, pkg.NotFoundError);
  assert.equal(lean.InvalidInputError, pkg.InvalidInputError);
  api.emulator.inject({ status: 404 });
  const error = await api.rejection(lean.createCheckpointPermissions(CHECKPOINT, { project_ids: ["p"] }, api.options()));
  assert.ok(error instanceof pkg.NotFoundError);
  const invalid = await api.rejection(lean.createCheckpointPermissions("..", { project_ids: ["p"] }, api.options()));
  assert.ok(invalid instanceof pkg.InvalidInputError);
});

test("the wasm itself exports every call under its public name", async () => {
  const glue = await import("../../pkg/checkpoint_permissions.js");
  const calls = ["create", "list", "grant", "revoke", "sync"].map((verb) => `${verb}CheckpointPermissions`);
  for (const name of [...calls, "deleteCheckpointPermission", "validateCheckpoint", "validateProjectIds", "validatePermissionId"]) {
    assert.equal(typeof glue[name], "function", name);
    if (name in pkg) assert.equal(pkg[name], glue[name], `${name} reaches the caller as the wasm's own export`);
  }
  const leanGlue = await import("../../pkg/create/checkpoint_permissions.js");
  assert.equal(typeof leanGlue.createCheckpointPermissions, "function");
  assert.equal(leanGlue.listCheckpointPermissions, undefined);
});
