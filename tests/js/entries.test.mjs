// The package's entries: the exports map points at real files, the lean /create entry works on
// its own wasm, the entries share one set of error classes, and the packed tarball installs and
// runs (a file left out of `files` breaks it).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  const error = await api.rejection(lean.createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, api.options()));
  assert.ok(error instanceof pkg.NotFoundError);
  const invalid = await api.rejection(lean.createCheckpointPermissions("..", { project_ids: ["proj_p"] }, api.options()));
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

test("the packed package installs and works: every entry, the bin and the schema ship", { timeout: 90_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "cp-packed-"));
  try {
    const run = (command, args, options = {}) => execFileSync(command, args, { cwd: work, encoding: "utf8", timeout: 60_000, ...options });
    const tarball = run("npm", ["pack", pkgDir, "--pack-destination", work, "--silent"]).trim().split("\n").pop();
    writeFileSync(join(work, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    // The package has no dependencies: installing its tarball needs no registry.
    run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", join(work, tarball)]);
    const app = `
      import * as main from "checkpoint-permissions";
      import * as lean from "checkpoint-permissions/create";
      import * as access from "checkpoint-permissions/access";
      import { readFileSync } from "node:fs";
      import { createRequire } from "node:module";
      const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("checkpoint-permissions/access.schema.json"), "utf8"));
      console.log(JSON.stringify([typeof main.syncCheckpointPermissions, typeof lean.createCheckpointPermissions, typeof access.applyAccess, typeof schema.properties]));`;
    writeFileSync(join(work, "app.mjs"), app);
    assert.equal(run(process.execPath, ["app.mjs"]).trim(), JSON.stringify(["function", "function", "function", "object"]));
    const help = run("npx", ["--offline", "--no-install", "checkpoint-permissions", "--help"], { env: { ...process.env, OPENAI_ADMIN_KEY: "" } });
    assert.match(help, /checkpoint-permissions plan/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
