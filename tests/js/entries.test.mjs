// The package's entries: the exports map points at real files, the lean /create entry works on
// its own wasm, the entries share one set of error classes, and the packed tarball installs and
// runs (a file left out of `files` breaks it), imported from ESM and required from CommonJS.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";

import * as lean from "../../pkg/create/node.js";
import { installPackedPackage, runProcess } from "../runtimes/harness.mjs";
import { CHECKPOINT, KEY, pkg, useEmulator } from "./helpers.mjs";

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

// The tarball as npm installs it, once for the tests below.
describe("the packed package, installed", () => {
  let work;
  before(() => {
    work = mkdtempSync(join(tmpdir(), "cp-packed-"));
    installPackedPackage(work);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test("every entry, the bin and the schema ship", { timeout: 60_000 }, () => {
    const run = (command, args, options = {}) => execFileSync(command, args, { cwd: work, encoding: "utf8", timeout: 30_000, ...options });
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
  });

  // engines.node is ^20.19.0 || >=22.12.0: the versions whose require() loads an ES module
  // without a flag. The package is ESM only, with no "require" condition: require() takes the
  // "node" entry, the very module import() gets, so the classes are one set of objects.
  test("CommonJS require() of the entries calls the API, and its errors are import()'s classes", { timeout: 60_000 }, async () => {
    const app = `
      const main = require("checkpoint-permissions");
      const access = require("checkpoint-permissions/access");
      const lean = require("checkpoint-permissions/create");
      const [checkpoint, baseURL, apiKey] = process.argv.slice(2);
      const options = { apiKey, baseURL, maxRetries: 0 };
      (async () => {
        const page = await main.createCheckpointPermissions(checkpoint, { project_ids: ["proj_required"] }, options);
        const notFound = await access.listCheckpointPermissions(checkpoint, {}, options).then(() => null, (error) => error);
        const invalid = await main.createCheckpointPermissions("..", { project_ids: ["p"] }, options).then(() => null, (error) => error);
        const imported = await import("checkpoint-permissions");
        const importedAccess = await import("checkpoint-permissions/access");
        console.log(JSON.stringify({
          projectId: page.data[0]?.project_id,
          requestId: page._request_id,
          notFound: notFound?.name,
          status: notFound?.status,
          notFoundIsImportedClass: notFound instanceof imported.NotFoundError && notFound instanceof imported.APIError,
          invalidIsImportedClass: invalid instanceof imported.InvalidInputError,
          sameClassesEverywhere: [main, access, lean, importedAccess].every((entry) =>
            ["APIError", "NotFoundError", "InvalidInputError", "PartialFailureError"].every((name) => entry[name] === imported[name])),
          sameCalls: main.createCheckpointPermissions === imported.createCheckpointPermissions,
        }));
      })().catch((error) => {
        console.error(error);
        process.exitCode = 1;
      });`;
    writeFileSync(join(work, "app.cjs"), app);
    api.emulator.inject({ status: 404, match: { method: "GET" } });
    // Asynchronous, so this process's emulator answers the child's calls meanwhile.
    const outcome = await runProcess(process.execPath, ["app.cjs", CHECKPOINT, api.emulator.baseURL, KEY], { cwd: work, timeoutMs: 30_000 });
    assert.equal(outcome.code, 0, outcome.stderr || outcome.stdout);
    assert.deepEqual(JSON.parse(outcome.stdout), {
      projectId: "proj_required",
      requestId: api.emulator.requests[0].requestId,
      notFound: "NotFoundError",
      status: 404,
      notFoundIsImportedClass: true,
      invalidIsImportedClass: true,
      sameClassesEverywhere: true,
      sameCalls: true,
    });
    assert.deepEqual(api.emulator.requests.map((request) => request.method), ["POST", "GET"]);
  });
});
