// The package's command line (`checkpoint-permissions plan | apply | export | projects |
// history`), spawned for real against the emulator: exit codes, what is written and when, partial
// failures and the re-run that finishes them, bad files, the --json document, a terminal's
// questions, projects named and refused, the organization's projects and a checkpoint's history
// (against a second emulator that has a project directory and two actors), and the key never
// appearing in anything printed.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";

import { startEmulator } from "../emulator/emulator.mjs";
import { cleanEnvironment, hasTerminalRunner, printed, runCli, runCliOnTerminal } from "./cli-process.mjs";
import { CHECKPOINT, KEY, useEmulator } from "./helpers.mjs";

const ID_FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/ids.json", import.meta.url), "utf8"));

const api = useEmulator();
const STEP = `${CHECKPOINT}:ckpt-step-200`;
const P = {
  a: "proj_abGMw1llN8IrBb6SvvY5A1iH",
  b: "proj_iqGMw1llN8IrBb6SvvY5A1oF",
  c: "proj_Xk2mP9qRs4TuVw7YzA1bC3dE",
  d: "proj_Lm8nO0pQ1rS2tU3vW4xY5zA6",
};
/** A server error the package must not retry, so a failure costs one request and no backoff. */
const FINAL_500 = { status: 500, headers: { "x-should-retry": "false" } };
/**
 * What the default emulator's plans say once: it has no project directory, and its project list
 * answers 403, as it does for a key without access to the organization's projects.
 */
const NO_DIRECTORY_WARNING = (command) =>
  new RegExp(`^checkpoint-permissions ${command}: warning: The organization's projects could not be read \\(403 This emulator has no project directory.*\\): projects are shown by id only, .*\n$`);

let workDir;
before(() => {
  workDir = mkdtempSync(join(tmpdir(), "checkpoint-permissions-cli-"));
});
after(() => {
  rmSync(workDir, { recursive: true, force: true });
  for (const key of [KEY, OWNER_KEY, CI_KEY]) {
    for (const text of printed) assert.ok(!text.includes(key), `a key was printed: ${text}`);
  }
});

let fileCount = 0;
/** Writes an access file (an object, or raw text) and returns its path. */
function accessFile(content) {
  const path = join(workDir, `access-${(fileCount += 1)}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

const env = (extra = {}) => cleanEnvironment({ OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: api.emulator.baseURL, ...extra });
const cli = (...args) => runCli(args, env());
const seed = (checkpoint, projects) => api.emulator.seed(checkpoint, projects);
const stateOf = (checkpoint) => (api.emulator.state.get(checkpoint) ?? []).map((p) => p.project_id).sort();
const writes = () => api.emulator.requests.filter((r) => r.method !== "GET");
const requestTo = (method, pathPart) => api.emulator.requests.findLast((r) => r.method === method && r.path.includes(pathPart));

/** {a,b} on the checkpoint and {a} on its step; the file wants {a,c} and nobody. */
function driftedAccess() {
  const [, b] = seed(CHECKPOINT, [P.a, P.b]);
  const [stepA] = seed(STEP, [P.a]);
  const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a, P.c], [STEP]: [] } });
  return { file, b, stepA };
}

describe("the command line itself", () => {
  test("--help prints the usage and exits 0, without a key", async () => {
    const { code, stdout, stderr } = await runCli(["--help"], cleanEnvironment({}));
    assert.equal(code, 0, stderr);
    for (const part of ["plan", "apply", "export", "projects", "history", "--yes", "--json", "--all", "--since", "--base-url", "--version", "OPENAI_ADMIN_KEY"]) {
      assert.ok(stdout.includes(part), part);
    }
  });

  test("bare, it prints the usage on stderr and exits 1: a usage error in a script, and what to type for a person", async () => {
    const help = await runCli(["--help"], cleanEnvironment({}));
    const { code, stdout, stderr } = await runCli([], cleanEnvironment({}));
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(stderr, `checkpoint-permissions: no command given\n\n${help.stdout}`);
  });

  test("--version and -V print the installed package's version and exit 0, without a key", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url), "utf8"));
    assert.notEqual(version, "0.0.0-template", "the build stamps the crate's version into the package");
    for (const flag of ["--version", "-V"]) {
      const { code, stdout, stderr } = await runCli([flag], cleanEnvironment({}));
      assert.equal(code, 0, stderr);
      assert.equal(stdout, `checkpoint-permissions ${version}\n`);
      assert.equal(stderr, "");
    }
  });

  test("usage errors exit 1 and say what is wrong; nothing is sent", async () => {
    const file = accessFile({ checkpoints: {} });
    const cases = [
      [[], /no command given/],
      [["frobnicate"], /unknown command "frobnicate"/],
      [["plan"], /plan needs exactly one access file, got 0/],
      [["apply", file, file], /apply needs exactly one access file, got 2/],
      [["plan", file, "--yes"], /--yes is not an option of plan/],
      [["export", CHECKPOINT, "--json"], /--json is not an option of export/],
      [["apply", file, "--force"], /unknown option --force/],
      [["plan", file, "--base-url"], /--base-url needs a value/],
      [["export"], /export needs at least one checkpoint/],
      [["projects", "proj_x"], /projects takes no operand, got 1/],
      [["projects", "--since", "30d"], /--since is not an option of projects/],
      [["plan", file, "--all"], /--all is not an option of plan/],
      [["history"], /history needs exactly one checkpoint, got 0/],
      [["history", CHECKPOINT, STEP], /history needs exactly one checkpoint, got 2/],
      [["history", CHECKPOINT, "--since"], /--since needs a value/],
      [["history", CHECKPOINT, "--since", "yesterday"], /--since yesterday: expected a duration \(30d, 12h, 90m, 2w\) or a date \(2026-11-01/],
      [["history", CHECKPOINT, "--since=3y"], /--since 3y: expected a duration/],
      [["history", CHECKPOINT, "--since", "0d"], /--since 0d: a duration must be more than zero/],
      [["history", CHECKPOINT, "--since", "2026-02-30"], /--since 2026-02-30: not a real date and time/],
      // A time without its zone would mean another moment on each machine.
      [["history", CHECKPOINT, "--since", "2026-11-01T14:00"], /--since 2026-11-01T14:00: expected/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli(...args);
      assert.equal(code, 1, args.join(" "));
      assert.match(stderr, message);
      assert.match(stderr, /--help/);
      assert.equal(stdout, "");
    }
    assert.equal(api.emulator.requests.length, 0);
  });

  test("without OPENAI_ADMIN_KEY each command exits 1 with a clear message and sends nothing", async () => {
    const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a] } });
    const noKey = env({ OPENAI_ADMIN_KEY: "" });
    for (const args of [["plan", file], ["apply", file, "--yes"], ["export", CHECKPOINT], ["projects"], ["history", CHECKPOINT]]) {
      const { code, stdout, stderr } = await runCli(args, noKey);
      assert.equal(code, 1);
      // The package's own words, as its library calls give them: the CLI reads no variable itself.
      assert.match(stderr, /InvalidInputError: options\.apiKey is required: .*set OPENAI_ADMIN_KEY/);
      assert.equal(stdout, "");
    }
    const json = await runCli(["plan", file, "--json"], noKey);
    assert.equal(json.code, 1);
    assert.deepEqual([JSON.parse(json.stdout).error.name, JSON.parse(json.stdout).error.field], ["InvalidInputError", "options.apiKey"]);
    assert.equal(api.emulator.requests.length, 0);
  });

  test("ids follow the package's one rule set (tests/fixtures/ids.json), in its words, before any request", async () => {
    // JSON.stringify quotes a place as the engine does.
    const cases = [
      ...ID_FIXTURE.checkpoint.invalid.map(({ id, problem }) => [{ [id]: [] }, `checkpoints[${JSON.stringify(id)}] ${problem}`]),
      ...ID_FIXTURE.project.invalid.map(({ id, problem }) => [{ [CHECKPOINT]: [id] }, `checkpoints[${JSON.stringify(CHECKPOINT)}][0] ${problem}`]),
    ];
    for (const [checkpoints, message] of cases) {
      const { code, stderr } = await cli("plan", accessFile({ checkpoints }));
      assert.equal(code, 1, message);
      assert.equal(stderr, `checkpoint-permissions plan: InvalidInputError: ${message}\n`);
    }
    // An argv cannot hold a NUL byte.
    for (const { id, problem } of ID_FIXTURE.checkpoint.invalid.filter(({ id }) => !id.includes("\0"))) {
      const { code, stderr } = await cli("export", id);
      assert.equal(code, 1, id);
      assert.equal(stderr, `checkpoint-permissions export: InvalidInputError: checkpoints[0] ${problem}\n`);
    }
    assert.equal(api.emulator.requests.length, 0, "no invalid id reached the API");
    const valid = await cli("plan", accessFile({ checkpoints: Object.fromEntries(ID_FIXTURE.checkpoint.valid.map((id) => [id, ID_FIXTURE.project.valid])) }));
    assert.equal(valid.code, 2, valid.stderr);
    const exported = await cli("export", ...ID_FIXTURE.checkpoint.valid);
    assert.equal(exported.code, 0, exported.stderr);
  });

  test("a wrong key stops plan and apply with one error, not one per checkpoint", async () => {
    const checkpoints = Object.fromEntries(Array.from({ length: 8 }, (_, n) => [`${CHECKPOINT}:ckpt-step-${n}`, [P.a]]));
    const file = accessFile({ checkpoints });
    const wrongKey = env({ OPENAI_ADMIN_KEY: "sk-fake-admin-revoked-key-0000" });
    for (const args of [["plan", file], ["apply", file, "--yes"]]) {
      api.emulator.reset();
      const { code, stdout, stderr } = await runCli(args, wrongKey);
      assert.equal(code, 1);
      assert.equal(stdout, "");
      const lines = stderr.trim().split("\n");
      assert.equal(lines.length, 1, stderr);
      assert.match(lines[0], /^checkpoint-permissions (plan|apply): AuthenticationError: 401 Incorrect API key provided.*; the run stopped: \d+ of 8 checkpoints not attempted$/);
      assert.ok(api.emulator.requests.length < 8, `${api.emulator.requests.length} requests: the run stopped`);
      assert.deepEqual(writes(), []);
    }
    const json = await runCli(["plan", file, "--json"], wrongKey);
    const document = JSON.parse(json.stdout);
    assert.deepEqual([json.code, document.status, document.error.name, document.error.status], [1, "failed", "AuthenticationError", 401]);
    assert.ok(document.totals.notAttempted > 0);
    assert.equal(document.checkpoints.filter((checkpoint) => checkpoint.notAttempted).length, document.totals.notAttempted);
  });

  test("--base-url wins over OPENAI_BASE_URL; OPENAI_ORG_ID and OPENAI_PROJECT_ID are sent", async () => {
    seed(CHECKPOINT, [P.a]);
    const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a] } });
    // Port 9 (discard) on loopback: nothing listens there, so only --base-url can reach the emulator.
    const elsewhere = env({ OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_ORG_ID: "org-cli", OPENAI_PROJECT_ID: "proj_cli" });
    const { code, stderr } = await runCli(["plan", file, "--base-url", api.emulator.baseURL], elsewhere);
    assert.equal(code, 0, stderr);
    assert.ok(api.emulator.requests.length > 0);
    for (const request of api.emulator.requests) {
      assert.equal(request.headers["openai-organization"], "org-cli");
      assert.equal(request.headers["openai-project"], "proj_cli");
    }
  });
});

describe("plan", () => {
  test("exits 0 when the permissions match the file, and only reads", async () => {
    seed(CHECKPOINT, [P.a, P.b]);
    const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.b, P.a], [STEP]: [] } });
    const { code, stdout, stderr } = await cli("plan", file);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^No changes: 2 checkpoints, all as the file says \(2 kept\)\.$/m);
    assert.deepEqual(writes(), []);
  });

  test("exits 2 and shows each change, with counts, the revoked permission ids and [] loudly", async () => {
    const { file, b, stepA } = driftedAccess();
    const { code, stdout, stderr } = await cli("plan", file);
    assert.equal(code, 2, stderr);
    const expected = [
      `${CHECKPOINT} (1 to grant, 1 to revoke, 1 kept)`,
      `  + ${P.c} grant`,
      `  - ${P.b} revoke (${b.id})`,
      `${STEP} (0 to grant, 1 to revoke, 0 kept)`,
      "  ! nobody may use this checkpoint: the file lists no project",
      `  - ${P.a} revoke (${stepA.id})`,
      "",
      "Plan: 1 to grant, 2 to revoke, 1 kept, in 2 checkpoints.",
      "",
    ];
    assert.equal(stdout, expected.join("\n"));
    assert.match(stderr, NO_DIRECTORY_WARNING("plan"), "the warning, once, and no progress without a terminal");
    assert.deepEqual(writes(), []);
    assert.deepEqual(stateOf(CHECKPOINT), [P.a, P.b].sort());
  });

  test("exits 1 when a checkpoint cannot be read, with its status and request id; the others are planned", async () => {
    const { file } = driftedAccess();
    api.emulator.inject({ ...FINAL_500, match: { method: "GET", pathIncludes: STEP } });
    const { code, stdout } = await cli("plan", file);
    assert.equal(code, 1);
    const failed = requestTo("GET", STEP);
    assert.match(stdout, new RegExp(`^  ! could not read its permissions, so nothing is planned for it: InternalServerError: 500 .*\\(request ${failed.requestId}\\)$`, "m"));
    assert.ok(stdout.includes(`  + ${P.c} grant`), "the readable checkpoint is still planned");
    assert.match(stdout, /^Plan incomplete: 1 of 2 checkpoints could not be read\./m);
  });
});

describe("apply", () => {
  test("--yes shows the plan, makes the permissions match the file, and plan then exits 0", async () => {
    const { file } = driftedAccess();
    const { code, stdout, stderr } = await cli("apply", file, "--yes");
    assert.equal(code, 0, stderr);
    const [plan, outcome] = stdout.split(/(?<=in 2 checkpoints\.\n)/);
    assert.match(plan, new RegExp(`^  \\+ ${P.c} grant$`, "m"), "the plan comes first");
    assert.match(outcome, new RegExp(`^  \\+ ${P.c} granted$`, "m"));
    assert.match(outcome, /^Applied: 1 granted, 2 revoked\. The permissions now match the file\.$/m);
    assert.deepEqual(stateOf(CHECKPOINT), [P.a, P.c].sort());
    assert.deepEqual(stateOf(STEP), []);
    assert.equal((await cli("plan", file)).code, 0);
  });

  test("without --yes and without a terminal it refuses, on stderr, and writes nothing", async () => {
    const { file } = driftedAccess();
    const { code, stdout, stderr } = await cli("apply", file);
    assert.equal(code, 1);
    assert.match(stdout, /^Plan: 1 to grant, 2 to revoke/m, "the plan is still shown");
    assert.match(stderr, /nothing was written: there is no terminal to confirm on, so pass --yes/);
    assert.deepEqual(writes(), []);
    assert.deepEqual(stateOf(CHECKPOINT), [P.a, P.b].sort());
    assert.deepEqual(stateOf(STEP), [P.a]);
  });

  test("with nothing to change it writes nothing and exits 0, even without --yes", async () => {
    seed(CHECKPOINT, [P.a]);
    const { code, stdout, stderr } = await cli("apply", accessFile({ checkpoints: { [CHECKPOINT]: [P.a] } }));
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^No changes/m);
    assert.deepEqual(writes(), []);
  });

  test("after an incomplete plan it writes nothing and exits 1", async () => {
    const { file } = driftedAccess();
    api.emulator.inject({ ...FINAL_500, match: { method: "GET", pathIncludes: STEP } });
    const { code, stderr } = await cli("apply", file, "--yes");
    assert.equal(code, 1);
    assert.match(stderr, /nothing was written: 1 of 2 checkpoints could not be read/);
    assert.deepEqual(writes(), []);
  });

  test("failed writes exit 1 and are listed with status and request id; a second apply finishes the job", async () => {
    const [, b] = seed(CHECKPOINT, [P.a, P.b, P.c]);
    seed(STEP, [P.a]);
    const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.d], [STEP]: [P.a, P.b] } });
    api.emulator.inject({ ...FINAL_500, match: { method: "DELETE", pathIncludes: b.id } });
    api.emulator.inject({ ...FINAL_500, match: { method: "POST", pathIncludes: STEP } });

    const first = await cli("apply", file, "--yes");
    assert.equal(first.code, 1);
    const failedDelete = requestTo("DELETE", b.id);
    const failedPost = requestTo("POST", STEP);
    assert.match(first.stdout, new RegExp(`^  x ${P.b} revoke failed \\(${b.id}\\): InternalServerError: 500 .*\\(request ${failedDelete.requestId}\\)$`, "m"));
    assert.match(first.stdout, new RegExp(`^  x ${P.b} grant failed: InternalServerError: 500 .*\\(request ${failedPost.requestId}\\)$`, "m"));
    assert.match(first.stdout, /^Partly applied: 1 granted, 2 revoked; 2 failed, 0 unreadable\. The permissions do not match the file yet: run apply again\.$/m);
    assert.deepEqual(stateOf(CHECKPOINT), [P.b, P.d].sort(), "the state is what the report says");
    assert.deepEqual(stateOf(STEP), [P.a]);

    const second = await cli("apply", file, "--yes");
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^Applied: 1 granted, 1 revoked\. The permissions now match the file\.$/m);
    assert.deepEqual(stateOf(CHECKPOINT), [P.d]);
    assert.deepEqual(stateOf(STEP), [P.a, P.b].sort());
    assert.equal((await cli("plan", file)).code, 0);
  });
});

describe("bad files", () => {
  const cases = [
    { kind: "a project of the wrong type", text: `{"checkpoints": {"${CHECKPOINT}": ["${P.a}", "${P.b}", 3]}}`, place: `checkpoints["${CHECKPOINT}"][2]` },
    { kind: "an unknown top-level key", text: `{"checkpoint": {"${CHECKPOINT}": []}}`, place: "checkpoint" },
    { kind: "a checkpoint listed twice", text: `{"checkpoints": {"${CHECKPOINT}": [], "${CHECKPOINT}": ["${P.a}"]}}`, place: `checkpoints["${CHECKPOINT}"]` },
    { kind: "a project listed twice", text: `{"checkpoints": {"${CHECKPOINT}": ["${P.a}", "${P.a}"]}}`, place: `checkpoints["${CHECKPOINT}"][1]` },
    { kind: "a checkpoint that is not ft:", text: `{"checkpoints": {"gpt-4o-mini": []}}`, place: `checkpoints["gpt-4o-mini"]` },
    { kind: "a project id that is not proj_", text: `{"checkpoints": {"${CHECKPOINT}": ["team_a"]}}`, place: `checkpoints["${CHECKPOINT}"][0]` },
    { kind: "checkpoints that are not an object", text: `{"checkpoints": ["${CHECKPOINT}"]}`, place: "checkpoints" },
    { kind: "text that is not JSON", text: `{"checkpoints": {"${CHECKPOINT}": [}`, place: undefined, mentions: /line 1 column \d+/ },
  ];
  for (const { kind, text, place, mentions = /./ } of cases) {
    test(`${kind}: plan and apply exit 1, name the place, and send nothing`, async () => {
      const file = accessFile(text);
      const plan = await cli("plan", file, "--json");
      assert.equal(plan.code, 1, plan.stdout);
      const { error } = JSON.parse(plan.stdout);
      assert.equal(error.name, "InvalidInputError");
      assert.match(error.message, mentions);
      if (place !== undefined) {
        assert.equal(error.field, place);
        assert.ok(error.message.includes(place), `the message names ${place}: ${error.message}`);
      }
      const apply = await cli("apply", file, "--yes");
      assert.equal(apply.code, 1);
      assert.match(apply.stderr, /^checkpoint-permissions apply: InvalidInputError: /);
      if (place !== undefined) assert.ok(apply.stderr.includes(place), apply.stderr);
      assert.equal(apply.stdout, "");
      assert.equal(api.emulator.requests.length, 0);
    });
  }

  test("a file that cannot be read: exit 1, its name and why", async () => {
    const missing = join(workDir, "missing.json");
    const { code, stderr } = await cli("plan", missing);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`cannot read ${missing}: no such file`));
    assert.equal(api.emulator.requests.length, 0);
  });
});

describe("export", () => {
  test("prints today's access as a file (2-space JSON) that plan then reports as no changes", async () => {
    seed(CHECKPOINT, [P.a, P.b]);
    const { code, stdout, stderr } = await cli("export", CHECKPOINT, STEP);
    assert.equal(code, 0, stderr);
    const exported = JSON.parse(stdout);
    assert.equal(stdout, `${JSON.stringify(exported, null, 2)}\n`);
    assert.equal(exported.$schema, "./node_modules/checkpoint-permissions/access.schema.json");
    assert.deepEqual(Object.keys(exported.checkpoints), [CHECKPOINT, STEP]);
    assert.deepEqual([...exported.checkpoints[CHECKPOINT]].sort(), [P.a, P.b].sort());
    assert.deepEqual(exported.checkpoints[STEP], []);

    const plan = await cli("plan", accessFile(stdout));
    assert.equal(plan.code, 0, plan.stdout);
    assert.match(plan.stdout, /^No changes/m);
  });

  test("a checkpoint that cannot be read: exit 1, nothing on stdout", async () => {
    api.emulator.inject({ ...FINAL_500, match: { method: "GET" } });
    const { code, stdout, stderr } = await cli("export", CHECKPOINT);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /^checkpoint-permissions export: InternalServerError: 500 /);
  });
});

describe("--json", () => {
  const DOCUMENT_KEYS = ["version", "command", "status", "applied", "inSync", "totals", "checkpoints", "warnings", "error"];
  const CHECKPOINT_KEYS = ["checkpoint", "desired", "grant", "revoke", "keep", "created", "revoked", "failed", "projects", "refused", "error", "notAttempted"];
  const ERROR_KEYS = ["name", "message", "status", "requestId", "field"];

  test("plan: one document on stdout, nothing on stderr", async () => {
    const { file, b } = driftedAccess();
    const { code, stdout, stderr } = await cli("plan", file, "--json");
    assert.equal(code, 2);
    assert.equal(stderr, "");
    const document = JSON.parse(stdout);
    assert.deepEqual(Object.keys(document), DOCUMENT_KEYS);
    assert.deepEqual({ ...document, checkpoints: undefined, warnings: undefined }, {
      version: 1, command: "plan", status: "changes", applied: false, inSync: false, checkpoints: undefined, warnings: undefined, error: null,
      totals: { checkpoints: 2, grant: 1, revoke: 2, keep: 1, created: 0, revoked: 0, failed: 0, unreadable: 0, notAttempted: 0, refused: 0 },
    });
    assert.equal(document.warnings.length, 1, "in the document, once, and not on stderr");
    assert.match(`checkpoint-permissions plan: warning: ${document.warnings[0]}\n`, NO_DIRECTORY_WARNING("plan"));
    const [first, step] = document.checkpoints;
    assert.deepEqual(Object.keys(first), CHECKPOINT_KEYS);
    assert.equal(first.checkpoint, CHECKPOINT);
    assert.deepEqual(first.desired, [P.a, P.c]);
    assert.deepEqual(first.grant, [P.c]);
    assert.deepEqual(first.revoke, [{ object: "checkpoint.permission", id: b.id, created_at: b.created_at, project_id: P.b }]);
    assert.deepEqual(first.keep.map((p) => p.project_id), [P.a]);
    assert.deepEqual([first.created, first.revoked, first.failed, first.error, first.notAttempted], [[], [], [], null, false]);
    assert.deepEqual([first.projects, first.refused], [{}, []], "no directory: no names, nothing refused");
    assert.deepEqual(step.desired, []);
  });

  test("apply: what was written, and each failure with name, status and request id", async () => {
    const [, b] = seed(CHECKPOINT, [P.a, P.b]);
    api.emulator.inject({ ...FINAL_500, match: { method: "DELETE", pathIncludes: b.id } });
    const { code, stdout } = await cli("apply", accessFile({ checkpoints: { [CHECKPOINT]: [P.c] } }), "--yes", "--json");
    assert.equal(code, 1);
    const document = JSON.parse(stdout);
    assert.equal(document.status, "partial");
    assert.equal(document.applied, true);
    assert.equal(document.inSync, false);
    assert.equal(document.error.name, "PartialFailureError");
    const [only] = document.checkpoints;
    assert.deepEqual(only.created.map((p) => p.project_id), [P.c]);
    assert.deepEqual(only.revoked.map((p) => p.project_id), [P.a]);
    assert.equal(only.failed.length, 1);
    const [failure] = only.failed;
    assert.deepEqual({ ...failure, error: undefined }, { action: "revoke", projectId: P.b, permissionId: b.id, error: undefined });
    assert.deepEqual(Object.keys(failure.error), ERROR_KEYS);
    assert.deepEqual({ ...failure.error, message: undefined }, {
      name: "InternalServerError", message: undefined, status: 500, requestId: requestTo("DELETE", b.id).requestId, field: null,
    });
  });

  test("apply refused, and an unreadable checkpoint: still one document each", async () => {
    const { file } = driftedAccess();
    const refused = await cli("apply", file, "--json");
    assert.equal(refused.code, 1);
    const document = JSON.parse(refused.stdout);
    assert.equal(document.status, "failed");
    assert.equal(document.applied, false);
    assert.equal(document.error.name, "NothingWrittenError");
    assert.equal(document.totals.grant, 1);
    assert.match(refused.stderr, /pass --yes/);
    assert.deepEqual(writes(), []);

    api.emulator.inject({ ...FINAL_500, match: { method: "GET", pathIncludes: STEP } });
    const unreadable = await cli("plan", file, "--json");
    assert.equal(unreadable.code, 1);
    const step = JSON.parse(unreadable.stdout).checkpoints.find((c) => c.checkpoint === STEP);
    assert.deepEqual(Object.keys(step.error), ERROR_KEYS);
    assert.equal(step.error.status, 500);
    assert.equal(step.error.requestId, requestTo("GET", STEP).requestId);
  });
});

describe("status: one word for what a run came to, the same in --json, the exit code and the text's last line", () => {
  const lastLine = (text) => text.trimEnd().split("\n").at(-1);
  /** {a} on the checkpoint, and the file says {a}. */
  const inSyncAccess = () => {
    seed(CHECKPOINT, [P.a]);
    return accessFile({ checkpoints: { [CHECKPOINT]: [P.a] } });
  };
  const unreadableStep = () => api.emulator.inject({ ...FINAL_500, match: { method: "GET", pathIncludes: STEP } });
  const NOT_YET = "The permissions do not match the file yet: run apply again\\.";

  // `run` sets the scene and returns the arguments after the command; it runs twice, once for --json and once for
  // text, on a fresh emulator. `said`: where the text's last line is (stderr when the run stops
  // with a message rather than a report).
  const cases = [
    { command: "plan", status: "in_sync", code: 0, applied: false, said: "stdout", last: /^No changes: 1 checkpoint, all as the file says \(1 kept\)\.$/,
      run: () => [inSyncAccess()] },
    { command: "plan", status: "changes", code: 2, applied: false, said: "stdout", last: /^Plan: 1 to grant, 2 to revoke, 1 kept, in 2 checkpoints\.$/,
      run: () => [driftedAccess().file] },
    { command: "plan", status: "failed", code: 1, applied: false, said: "stdout", last: /^Plan incomplete: 1 of 2 checkpoints could not be read\. The others: 1 to grant, 1 to revoke, 1 kept\.$/,
      run: () => (unreadableStep(), [driftedAccess().file]) },
    { command: "plan", status: "failed", code: 1, applied: false, said: "stderr", last: /^checkpoint-permissions plan: InvalidInputError: /,
      run: () => [accessFile("{")], why: "a bad file" },
    { command: "apply", status: "in_sync", code: 0, applied: false, said: "stdout", last: /^No changes: 1 checkpoint, all as the file says \(1 kept\)\.$/, sendsNoWrite: true,
      run: () => [inSyncAccess()], why: "nothing to do, and no --yes needed" },
    { command: "apply", status: "applied", code: 0, applied: true, said: "stdout", last: /^Applied: 1 granted, 2 revoked\. The permissions now match the file\.$/,
      run: () => [driftedAccess().file, "--yes"] },
    { command: "apply", status: "partial", code: 1, applied: true, said: "stdout", last: new RegExp(`^Partly applied: 1 granted, 1 revoked; 1 failed, 0 unreadable\\. ${NOT_YET}$`),
      run: () => {
        const [, b] = seed(CHECKPOINT, [P.a, P.b]);
        api.emulator.inject({ ...FINAL_500, match: { method: "DELETE", pathIncludes: b.id } });
        return [accessFile({ checkpoints: { [CHECKPOINT]: [P.c] } }), "--yes"];
      } },
    { command: "apply", status: "failed", code: 1, applied: true, said: "stdout", last: new RegExp(`^Nothing applied: no write succeeded; 2 failed, 0 unreadable\\. ${NOT_YET}$`),
      why: "every write failed",
      run: () => {
        seed(CHECKPOINT, [P.a]);
        api.emulator.inject({ ...FINAL_500, match: { method: "POST" } });
        api.emulator.inject({ ...FINAL_500, match: { method: "DELETE" } });
        return [accessFile({ checkpoints: { [CHECKPOINT]: [P.b] } }), "--yes"];
      } },
    { command: "apply", status: "failed", code: 1, applied: false, said: "stderr", last: /^checkpoint-permissions apply: nothing was written: there is no terminal to confirm on, so pass --yes/, sendsNoWrite: true,
      run: () => [driftedAccess().file], why: "refused without --yes" },
    { command: "apply", status: "failed", code: 1, applied: false, said: "stderr", last: /^checkpoint-permissions apply: nothing was written: 1 of 2 checkpoints could not be read/, sendsNoWrite: true,
      run: () => (unreadableStep(), [driftedAccess().file, "--yes"]), why: "an incomplete plan" },
  ];

  for (const { command, status, code, applied, said, last, sendsNoWrite = false, run, why } of cases) {
    test(`${command} → ${status}${why ? ` (${why})` : ""}: exit ${code}`, async () => {
      const json = await cli(command, ...run(), "--json");
      assert.equal(json.code, code, json.stdout + json.stderr);
      const document = JSON.parse(json.stdout);
      assert.deepEqual([document.command, document.status, document.applied], [command, status, applied]);
      if (sendsNoWrite) assert.deepEqual(writes(), []);

      api.emulator.reset();
      const text = await cli(command, ...run());
      assert.equal(text.code, code, text.stdout + text.stderr);
      assert.match(lastLine(text[said]), last);
      // An apply reads the directory for its plan and again for its writes; the warning is said once.
      if (said === "stdout") assert.match(text.stderr, NO_DIRECTORY_WARNING(command), "nothing after the summary line but the warning, once");
      else if (text.stderr.includes("warning:")) assert.equal(text.stderr.match(/warning:/g).length, 1, text.stderr);
    });
  }
});

describe("the key", () => {
  test("is never printed: not for a wrong key, nor when it is passed where a file or checkpoint goes", async () => {
    const wrongKey = "sk-fake-admin-wrong-9876543210fedcba";
    const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a] } });
    const everyCommand = [["plan", file], ["plan", file, "--json"], ["apply", file, "--yes", "--json"], ["export", CHECKPOINT], ["projects"], ["projects", "--json"], ["history", CHECKPOINT], ["history", CHECKPOINT, "--json"]];
    for (const args of everyCommand) {
      const { code, stdout, stderr } = await runCli(args, env({ OPENAI_ADMIN_KEY: wrongKey }));
      assert.equal(code, 1);
      assert.match(stdout + stderr, /AuthenticationError/);
      assert.ok(!(stdout + stderr).includes(wrongKey), `${args.join(" ")}: ${stdout}${stderr}`);
    }
    for (const args of [["plan", KEY], ["export", KEY], ["history", KEY], ["history", CHECKPOINT, "--since", KEY], ["plan", file, `--base-url=http://127.0.0.1:9/${KEY}`]]) {
      const { code, stdout, stderr } = await cli(...args);
      assert.equal(code, 1);
      assert.ok(!(stdout + stderr).includes(KEY), `${args.join(" ")}: ${stdout}${stderr}`);
    }
    assert.match((await cli("plan", KEY)).stderr, /cannot read \[redacted\]: no such file/);
  });
});

describe("on a terminal", { skip: !hasTerminalRunner && "util-linux's script is not installed" }, () => {
  test("apply asks first: no writes nothing, yes applies; progress shows while it runs", async () => {
    const { file } = driftedAccess();
    const declined = await runCliOnTerminal(["apply", file], env(), { prompt: "[y/N]", answer: "n\r" });
    assert.equal(declined.code, 1, declined.screen);
    assert.match(declined.screen, /Apply these changes\? \[y\/N\]/);
    assert.match(declined.screen, /nothing was written: the changes were not confirmed/);
    assert.match(declined.screen, /checkpoint 2\/2 done/);
    assert.deepEqual(writes(), []);

    const confirmed = await runCliOnTerminal(["apply", file], env(), { prompt: "[y/N]", answer: "y\r" });
    assert.equal(confirmed.code, 0, confirmed.screen);
    assert.match(confirmed.screen, /The permissions now match the file\./);
    assert.deepEqual(stateOf(CHECKPOINT), [P.a, P.c].sort());
  });

  test("apply confirmed after someone else made the changes: nothing left to write is in_sync, not applied, and exits 0", async () => {
    const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a, P.c] } });
    for (const format of [[], ["--json"]]) {
      api.emulator.reset();
      seed(CHECKPOINT, [P.a]);
      // While the question waits, the grant the plan showed is made elsewhere.
      const beforeAnswer = () => seed(CHECKPOINT, [P.c]);
      const { code, screen } = await runCliOnTerminal(["apply", file, ...format], env(), { prompt: "[y/N]", answer: "y\r", beforeAnswer });
      assert.equal(code, 0, screen);
      if (format.length === 0) assert.match(screen, /No changes: the permissions already match the file, and nothing was written\./);
      else assert.match(screen, /"status": "in_sync",\s+"applied": true,/);
      assert.deepEqual(writes(), []);
      assert.deepEqual(stateOf(CHECKPOINT), [P.a, P.c].sort());
    }
  });

  test("apply confirmed after the permissions changed otherwise writes nothing it did not show", async () => {
    const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a, P.c] } });
    api.emulator.reset();
    seed(CHECKPOINT, [P.a]);
    // The plan shows one grant; while the question waits, a project outside the file is granted.
    const beforeAnswer = () => seed(CHECKPOINT, [P.b]);
    const { code, screen } = await runCliOnTerminal(["apply", file], env(), { prompt: "[y/N]", answer: "y\r", beforeAnswer });
    assert.equal(code, 1, screen);
    assert.match(screen, /StalePlanError/);
    assert.match(screen, /Run checkpoint-permissions apply again to review the new plan\./);
    assert.deepEqual(writes(), []);
    assert.deepEqual(stateOf(CHECKPOINT), [P.a, P.b].sort());
  });
});

describe("a saved plan: plan --out, then apply --plan", () => {
  test("apply --plan writes exactly the saved plan, with no access file", async () => {
    const { file } = driftedAccess();
    const planFile = join(workDir, "exact.plan.json");
    const planned = await cli("plan", file, "--out", planFile);
    assert.equal(planned.code, 2, planned.stderr);
    const saved = JSON.parse(readFileSync(planFile, "utf8"));
    assert.deepEqual(saved.checkpoints.map((checkpoint) => checkpoint.checkpoint), [CHECKPOINT, STEP]);
    assert.equal(api.emulator.requests.filter((r) => r.method !== "GET").length, 0, "plan --out writes nothing");
    const applied = await cli("apply", "--plan", planFile, "--yes", "--json");
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(JSON.parse(applied.stdout).status, "applied");
    assert.deepEqual([stateOf(CHECKPOINT), stateOf(STEP)], [[P.a, P.c].sort(), []]);
  });

  test("a plan whose checkpoints changed since is refused whole: exit 1, nothing written, what to do next", async () => {
    const { file } = driftedAccess();
    const planFile = join(workDir, "stale.plan.json");
    assert.equal((await cli("plan", file, "--out", planFile)).code, 2);
    seed(STEP, [P.d]);
    api.emulator.requests.length = 0;
    const { code, stdout, stderr } = await cli("apply", "--plan", planFile, "--yes");
    assert.equal(code, 1);
    assert.match(stdout, /to grant/, "the saved plan was shown");
    assert.match(stderr, /^checkpoint-permissions apply: StalePlanError: applyAccess: the permissions changed since the plan was made, so nothing was written: .*ckpt-step-200 \(1 added, 0 removed\)/);
    assert.match(stderr, /plan --out again/);
    assert.deepEqual(writes(), []);
    const json = await cli("apply", "--plan", planFile, "--yes", "--json");
    assert.deepEqual([json.code, JSON.parse(json.stdout).status, JSON.parse(json.stdout).error.name], [1, "failed", "StalePlanError"]);
  });

  test("apply --plan asks first, an access file given with it must be the plan's, an incomplete plan is not saved", async () => {
    const { file } = driftedAccess();
    const planFile = join(workDir, "asked.plan.json");
    assert.equal((await cli("plan", file, "--out", planFile)).code, 2);
    const refused = await cli("apply", "--plan", planFile);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /nothing was written: there is no terminal to confirm on/);
    const other = await cli("apply", "--plan", planFile, accessFile({ checkpoints: { [CHECKPOINT]: [P.a] } }), "--yes");
    assert.equal(other.code, 1);
    assert.match(other.stderr, /InvalidInputError: options\.plan: was not made from this access file/);
    assert.deepEqual(writes(), []);
    api.emulator.inject({ ...FINAL_500, match: { method: "GET", pathIncludes: "ckpt-step-200" } });
    const incompleteFile = join(workDir, "incomplete.plan.json");
    const incomplete = await cli("plan", file, "--out", incompleteFile);
    assert.equal(incomplete.code, 1);
    assert.match(incomplete.stderr, /the plan is incomplete, so it was not saved/);
    assert.throws(() => readFileSync(incompleteFile), /ENOENT/);
    const notAPlan = await cli("apply", "--plan", file, "--yes");
    assert.equal(notAPlan.code, 1);
    assert.match(notAPlan.stderr, /is not a plan saved by plan --out/);
  });
});


// The organization's side: a second emulator with a project directory, two admin keys acting as
// a person (in the dashboard) and a CI service account, and a clock the tests set. The default
// emulator above has no directory, as a key without access to the organization's projects sees it.
const OWNER_KEY = "sk-fake-admin-owner-0123456789abcdef";
const CI_KEY = "sk-fake-admin-ci-0123456789abcdef";
const OWNER = { type: "session", session: { user: { id: "user-owner", email: "owner@example.com" }, ip_address: "127.0.0.1" } };
const CI_SERVICE_ACCOUNT = { type: "api_key", api_key: { id: "key_ci", type: "service_account", service_account: { id: "svc_acct_ci" } } };
const NAMED = {
  weather: { id: P.a, name: "Weather forecasts", status: "active", created_at: 1_700_000_000 },
  support: { id: P.b, name: "Support bot", status: "active", created_at: 1_700_000_100 },
  legacy: { id: "proj_Old0000000000000000000000", name: "Legacy app", status: "archived", created_at: 1_700_000_200, archived_at: 1_750_000_000 },
};
/** One edit away from the weather project's id. */
const TYPO = "proj_abGMw1llN8IrBb6SvvY5A1iX";
const DAY = 86_400;
const STEP_100 = `${CHECKPOINT}:ckpt-step-100`;

/** "2026-11-28 14:03 UTC", written here independently of the CLI's own formatting. */
const utcMinuteOf = (seconds) => `${new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("against an organization with a project directory", () => {
  let org;
  /** The emulator's clock: null follows the system clock. */
  let clock = null;
  before(async () => {
    org = await startEmulator({
      projects: Object.values(NAMED),
      keys: [{ key: OWNER_KEY, actor: OWNER }, { key: CI_KEY, actor: CI_SERVICE_ACCOUNT }],
      now: () => clock ?? nowSeconds(),
    });
  });
  after(() => org.close());
  beforeEach(() => {
    org.reset();
    clock = null;
  });

  const envAs = (key) => cleanEnvironment({ OPENAI_ADMIN_KEY: key, OPENAI_BASE_URL: org.baseURL });
  const orgCli = (...args) => runCli(args, envAs(OWNER_KEY));
  const orgWrites = () => org.requests.filter((request) => request.method !== "GET");

  describe("projects", () => {
    test("lists the active projects, one aligned line each: id, name, status", async () => {
      const { code, stdout, stderr } = await orgCli("projects");
      assert.equal(code, 0, stderr);
      assert.equal(stderr, "");
      assert.equal(stdout, [
        `${P.a}  Weather forecasts  active`,
        `${P.b}  Support bot        active`,
        "",
      ].join("\n"));
      assert.deepEqual(org.requests.map((request) => [request.path, request.query]), [["/v1/organization/projects", { limit: "100" }]]);
    });

    test("--all includes the archived ones, marked with when; --json is one document of the API's objects", async () => {
      const text = await orgCli("projects", "--all");
      assert.equal(text.code, 0, text.stderr);
      assert.equal(text.stdout, [
        // The legacy project's id is one character longer than the others.
        `${P.a}   Weather forecasts  active`,
        `${P.b}   Support bot        active`,
        `${NAMED.legacy.id}  Legacy app         archived ${utcMinuteOf(NAMED.legacy.archived_at)}`,
        "",
      ].join("\n"));

      const json = await orgCli("projects", "--all", "--json");
      assert.equal(json.code, 0, json.stderr);
      assert.equal(json.stderr, "");
      const document = JSON.parse(json.stdout);
      assert.deepEqual(Object.keys(document), ["version", "command", "projects", "error"]);
      assert.deepEqual([document.version, document.command, document.error], [1, "projects", null]);
      assert.deepEqual(document.projects, org.projects.list(), "the API's objects, every field kept");
      assert.deepEqual(document.projects.map((project) => [project.name, project.status]), [
        ["Weather forecasts", "active"], ["Support bot", "active"], ["Legacy app", "archived"],
      ]);
      assert.equal(org.requests.at(-1).query.include_archived, "true");
    });

    test("a name cannot forge a line of the list or an escape sequence on the terminal", async () => {
      org.projects.add({ id: "proj_Evil000000000000000000000", name: "Evil\nproj_fake  Forged  active\u001b[2J", status: "active", created_at: 1_700_000_300 });
      const { code, stdout } = await orgCli("projects");
      assert.equal(code, 0);
      assert.equal(stdout.split("\n").length, 4, "three projects, three lines");
      assert.ok(stdout.includes('Evil\\nproj_fake  Forged  active\\u001b[2J'), stdout);
      assert.ok(!stdout.includes("\u001b"));
    });

    test("a key without access to the projects: exit 1 and the package's error in one line", async () => {
      // The default emulator answers the project list 403, as OpenAI does a key without access.
      const { code, stdout, stderr } = await cli("projects");
      assert.equal(code, 1);
      assert.equal(stdout, "");
      assert.match(stderr, /^checkpoint-permissions projects: PermissionDeniedError: 403 This emulator has no project directory[^\n]*\(request req_\w+\)\n$/);
      const json = await cli("projects", "--all", "--json");
      assert.equal(json.code, 1);
      assert.equal(json.stderr, "");
      const document = JSON.parse(json.stdout);
      assert.deepEqual([document.command, document.projects, document.error.name, document.error.status], ["projects", [], "PermissionDeniedError", 403]);
    });
  });

  describe("history", () => {
    /**
     * On the checkpoint: the owner granted weather 40 days ago and support 3 days ago; the CI
     * service account revoked weather 2 days ago, with apply. The owner also granted weather on
     * the step checkpoint a day ago, which is not the checkpoint's history.
     */
    async function historyScene() {
      const now = nowSeconds();
      const [weatherPermission] = org.seed(CHECKPOINT, [P.a], { actor: OWNER, effectiveAt: now - 40 * DAY });
      org.seed(CHECKPOINT, [P.b], { actor: OWNER, effectiveAt: now - 3 * DAY });
      org.seed(STEP, [P.a], { actor: OWNER, effectiveAt: now - DAY });
      clock = now - 2 * DAY;
      const revoke = await runCli(["apply", accessFile({ checkpoints: { [CHECKPOINT]: [P.b] } }), "--yes"], envAs(CI_KEY));
      assert.equal(revoke.code, 0, revoke.stdout + revoke.stderr);
      clock = null;
      return { now, weatherPermission };
    }
    /** Where each of a row's columns starts, after its two-space indent. */
    const columnsOf = (row) => [row.indexOf(" granted ") + 1 || row.indexOf(" revoked ") + 1, row.indexOf(" proj_") + 1, row.indexOf(" by ") + 1];

    test("newest first: when (UTC, and how long ago), granted or revoked, the project by name and id, who (a person; a service account and its key)", async () => {
      const { now } = await historyScene();
      const { code, stdout, stderr } = await orgCli("history", CHECKPOINT);
      assert.equal(code, 0, stderr);
      assert.equal(stderr, "");
      const [heading, ...rows] = stdout.trimEnd().split("\n");
      assert.equal(heading, `${CHECKPOINT}: 2 granted, 1 revoked in the whole audit log, newest first`);
      assert.equal(rows.length, 3, stdout);
      const expected = [
        [now - 2 * DAY, "2 days ago", "revoked", `${P.a} ("Weather forecasts")`, "by service account svc_acct_ci (key key_ci)"],
        [now - 3 * DAY, "3 days ago", "granted", `${P.b} ("Support bot")`, "by owner@example.com"],
        [now - 40 * DAY, "1 month ago", "granted", `${P.a} ("Weather forecasts")`, "by owner@example.com"],
      ];
      rows.forEach((row, index) => {
        const [at, ago, action, project, who] = expected[index];
        assert.match(row, new RegExp(`^  ${utcMinuteOf(at)} \\(${ago}\\) +${action}  ${escaped(project)} +${escaped(who)}$`));
      });
      assert.equal(new Set(rows.map((row) => columnsOf(row).join())).size, 1, `the columns line up:\n${stdout}`);
    });

    test("--since takes a duration or a UTC date, and leaves out what is older", async () => {
      const { now } = await historyScene();
      const recent = await orgCli("history", CHECKPOINT, "--since", "30d");
      assert.equal(recent.code, 0, recent.stderr);
      const [heading, ...rows] = recent.stdout.trimEnd().split("\n");
      assert.match(heading, new RegExp(`^${escaped(CHECKPOINT)}: 1 granted, 1 revoked since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(1 month ago\\), newest first$`));
      assert.deepEqual(rows.map((row) => row.match(/ (granted|revoked) /)[1]), ["revoked", "granted"], "not the grant of 40 days ago");

      const tenDaysAgo = new Date((now - 10 * DAY) * 1000).toISOString().slice(0, 10);
      const byDate = await orgCli("history", CHECKPOINT, "--since", tenDaysAgo, "--json");
      assert.equal(byDate.code, 0, byDate.stderr);
      const document = JSON.parse(byDate.stdout);
      assert.equal(document.since, Date.parse(`${tenDaysAgo}T00:00:00Z`) / 1000, "a date is its midnight, UTC");
      assert.equal(document.events.length, 2);

      const nothing = await orgCli("history", CHECKPOINT, "--since", "90m");
      assert.equal(nothing.code, 0, nothing.stderr);
      assert.match(nothing.stdout, new RegExp(`^No grants or revokes of ${escaped(CHECKPOINT)} since .* UTC \\(1 hour ago\\)\\.\\n$`));
    });

    test("--json: one document with the window, each event and who did it", async () => {
      const { now, weatherPermission } = await historyScene();
      const { code, stdout, stderr } = await orgCli("history", CHECKPOINT, "--since", "2w", "--json");
      assert.equal(code, 0, stderr);
      assert.equal(stderr, "");
      const document = JSON.parse(stdout);
      assert.deepEqual(Object.keys(document), ["version", "command", "checkpoint", "since", "until", "events", "warnings", "error"]);
      assert.deepEqual([document.version, document.command, document.checkpoint, document.until, document.warnings, document.error], [1, "history", CHECKPOINT, null, [], null]);
      assert.ok(document.since >= now - 14 * DAY && document.since <= nowSeconds() - 14 * DAY, `since ${document.since}: two weeks before the run`);
      const [revoked, granted] = document.events;
      assert.equal(document.events.length, 2);
      assert.deepEqual({ ...revoked, eventId: undefined }, {
        action: "revoked", permissionId: weatherPermission.id, projectId: P.a, projectName: "Weather forecasts", effectiveAt: now - 2 * DAY, eventId: undefined,
        actor: { kind: "service_account", label: "service account svc_acct_ci", email: null, id: "svc_acct_ci", name: null, keyId: "key_ci" },
      });
      assert.match(revoked.eventId, /^audit_log/);
      assert.deepEqual([granted.action, granted.projectId, granted.projectName, granted.effectiveAt], ["granted", P.b, "Support bot", now - 3 * DAY]);
      assert.deepEqual(granted.actor, { kind: "user", label: "owner@example.com", email: "owner@example.com", id: "user-owner", name: null, keyId: null });
    });

    test("where audit logging is off: exit 1 and the package's message, which says how to turn it on", async () => {
      org.auditLogging = false;
      const text = await orgCli("history", CHECKPOINT);
      assert.equal(text.code, 1);
      assert.equal(text.stdout, "");
      assert.match(text.stderr, /^checkpoint-permissions history: AuditLoggingDisabledError: Audit logging is not enabled for this organization[^\n]*Data controls → Data retention → Audit logging[^\n]*\n$/);
      const json = await orgCli("history", CHECKPOINT, "--json");
      assert.equal(json.code, 1);
      const document = JSON.parse(json.stdout);
      assert.deepEqual([document.events, document.error.name, document.error.status], [[], "AuditLoggingDisabledError", 400]);
      assert.match(document.error.message, /turn|enable|Audit logging/);
    });

    test("where the organization's projects cannot be read, projects are bare ids and the warning is said once, on stderr", async () => {
      // The default emulator: no directory, so its project list answers 403.
      api.emulator.seed(CHECKPOINT, [P.a]);
      const text = await cli("history", CHECKPOINT);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stderr, NO_DIRECTORY_WARNING("history"));
      assert.match(text.stdout, new RegExp(`^  .* granted  ${P.a}  +by admin@example\\.com \\(key key_[0-9a-f]+\\)$`, "m"));
      const json = await cli("history", CHECKPOINT, "--json");
      assert.equal(json.stderr, "");
      const document = JSON.parse(json.stdout);
      assert.equal(document.warnings.length, 1);
      assert.equal(document.events[0].projectName, null);
    });
  });

  describe("plan and apply name projects", () => {
    test("each project as its id and name, an archived one marked, and no warning when the projects are read", async () => {
      const [support] = org.seed(CHECKPOINT, [P.b]);
      const [legacy] = org.seed(STEP, [NAMED.legacy.id]);
      const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a], [STEP]: [] } });
      const plan = await orgCli("plan", file);
      assert.equal(plan.code, 2, plan.stderr);
      assert.equal(plan.stderr, "");
      assert.equal(plan.stdout, [
        `${CHECKPOINT} (1 to grant, 1 to revoke, 0 kept)`,
        `  + ${P.a} ("Weather forecasts") grant`,
        `  - ${P.b} ("Support bot") revoke (${support.id})`,
        `${STEP} (0 to grant, 1 to revoke, 0 kept)`,
        "  ! nobody may use this checkpoint: the file lists no project",
        `  - ${NAMED.legacy.id} ("Legacy app", archived) revoke (${legacy.id})`,
        "",
        "Plan: 1 to grant, 2 to revoke, 0 kept, in 2 checkpoints.",
        "",
      ].join("\n"));

      const apply = await orgCli("apply", file, "--yes");
      assert.equal(apply.code, 0, apply.stderr);
      assert.equal(apply.stderr, "");
      const outcome = apply.stdout.slice(apply.stdout.indexOf("in 2 checkpoints.\n") + "in 2 checkpoints.\n".length);
      assert.match(outcome, new RegExp(`^  \\+ ${P.a} \\("Weather forecasts"\\) granted$`, "m"));
      assert.match(outcome, new RegExp(`^  - ${P.b} \\("Support bot"\\) revoked \\(${support.id}\\)$`, "m"));
      assert.match(outcome, new RegExp(`^  - ${NAMED.legacy.id} \\("Legacy app", archived\\) revoked \\(${legacy.id}\\)$`, "m"));
    });

    test("--json: each checkpoint carries its projects and refusals, the document its warnings, the totals refused", async () => {
      org.seed(CHECKPOINT, [P.b]);
      const { code, stdout, stderr } = await orgCli("plan", accessFile({ checkpoints: { [CHECKPOINT]: [P.a] } }), "--json");
      assert.equal(code, 2, stderr);
      const document = JSON.parse(stdout);
      const [only] = document.checkpoints;
      assert.deepEqual(only.projects, { [P.a]: { name: "Weather forecasts", status: "active" }, [P.b]: { name: "Support bot", status: "active" } });
      assert.deepEqual([only.refused, document.warnings, document.totals.refused], [[], [], 0]);
    });

    test("a project that cannot be given access (unknown, with a did-you-mean; archived) fails the plan, and apply writes nothing", async () => {
      const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a, TYPO], [STEP]: [NAMED.legacy.id], [STEP_100]: [P.b] } });
      const plan = await orgCli("plan", file);
      assert.equal(plan.code, 1, plan.stderr);
      assert.equal(plan.stderr, "");
      assert.equal(plan.stdout, [
        `${CHECKPOINT} (2 to grant, 0 to revoke, 0 kept)`,
        `  ! refused: ${TYPO} is not a project of this organization; did you mean ${P.a} ("Weather forecasts")?`,
        "  ! nothing will be written to this checkpoint until the file is fixed",
        `  + ${P.a} ("Weather forecasts") grant`,
        `  + ${TYPO} (unknown) grant`,
        `${STEP} (1 to grant, 0 to revoke, 0 kept)`,
        `  ! refused: ${NAMED.legacy.id} ("Legacy app") is archived: an archived project cannot be given access`,
        "  ! nothing will be written to this checkpoint until the file is fixed",
        `  + ${NAMED.legacy.id} ("Legacy app", archived) grant`,
        `${STEP_100} (1 to grant, 0 to revoke, 0 kept)`,
        `  + ${P.b} ("Support bot") grant`,
        "",
        "Plan incomplete: 2 of 3 checkpoints want a project that cannot be given access. The others: 1 to grant, 0 to revoke, 0 kept.",
        "",
      ].join("\n"));

      const json = await orgCli("plan", file, "--json");
      assert.equal(json.code, 1);
      const document = JSON.parse(json.stdout);
      assert.deepEqual([document.status, document.error.name, document.totals.refused], ["failed", "PartialFailureError", 2]);
      assert.match(document.error.message, /2 of 3 checkpoints want a project that cannot be given access/);
      const [typoed, archived, fine] = document.checkpoints;
      assert.deepEqual(typoed.refused, [{
        projectId: TYPO, status: "unknown", didYouMean: { id: P.a, name: "Weather forecasts" },
        message: `${TYPO} is not a project of this organization; did you mean ${P.a} ("Weather forecasts")?`,
      }]);
      assert.deepEqual(typoed.projects[TYPO], { name: null, status: "unknown" });
      assert.deepEqual(archived.refused.map((problem) => [problem.projectId, problem.status, problem.didYouMean]), [[NAMED.legacy.id, "archived", null]]);
      assert.deepEqual(archived.projects[NAMED.legacy.id], { name: "Legacy app", status: "archived" });
      assert.deepEqual(fine.refused, []);

      const apply = await orgCli("apply", file, "--yes");
      assert.equal(apply.code, 1);
      assert.match(apply.stdout, /^Plan incomplete: 2 of 3 checkpoints want a project/m, "the plan is shown");
      assert.equal(apply.stderr, "checkpoint-permissions apply: nothing was written: 2 of 3 checkpoints want a project that cannot be given access (the plan lists why), and apply writes only after a complete plan\n");
      const applyJson = await orgCli("apply", file, "--yes", "--json");
      assert.deepEqual([applyJson.code, JSON.parse(applyJson.stdout).status, JSON.parse(applyJson.stdout).error.name], [1, "failed", "NothingWrittenError"]);
      assert.deepEqual(orgWrites(), [], "not even the checkpoint that wants only what exists");
    });

    test("a project archived after the plan was saved: apply --plan writes the rest, and says what to fix", async () => {
      const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a], [STEP]: [P.b] } });
      const planFile = join(workDir, "archived-since.plan.json");
      assert.equal((await orgCli("plan", file, "--out", planFile)).code, 2);
      org.projects.archive(P.b);
      const { code, stdout, stderr } = await orgCli("apply", "--plan", planFile, "--yes");
      assert.equal(code, 1, stderr);
      const outcome = stdout.slice(stdout.indexOf("in 2 checkpoints.\n") + "in 2 checkpoints.\n".length);
      assert.equal(outcome, [
        `${CHECKPOINT} (1 granted, 0 revoked, 0 failed)`,
        `  + ${P.a} ("Weather forecasts") granted`,
        `${STEP} (0 granted, 0 revoked, 0 failed)`,
        `  ! refused: ${P.b} ("Support bot") is archived: an archived project cannot be given access`,
        "  ! nothing was written to this checkpoint: fix the file and apply again",
        "",
        "Partly applied: 1 granted, 0 revoked; 0 failed, 0 unreadable, 1 checkpoint refused. The permissions do not match the file yet: fix the refused projects in the file, then run apply again.",
        "",
      ].join("\n"));
      const orgStateOf = (checkpoint) => (org.state.get(checkpoint) ?? []).map((permission) => permission.project_id);
      assert.deepEqual([orgStateOf(CHECKPOINT), orgStateOf(STEP)], [[P.a], []]);
      assert.deepEqual(orgWrites().map((request) => request.method), ["POST"], "one grant, and nothing for the refused checkpoint");
    });

    test("when the organization's projects cannot be read: bare ids, and the warning once (on stderr in text, in the document with --json)", async () => {
      const failingDirectory = { ...FINAL_500, match: { method: "GET", pathIncludes: "/organization/projects" }, times: Infinity };
      org.inject(failingDirectory);
      const file = accessFile({ checkpoints: { [CHECKPOINT]: [P.a] } });
      const plan = await orgCli("plan", file);
      assert.equal(plan.code, 2, plan.stderr);
      assert.match(plan.stdout, new RegExp(`^  \\+ ${P.a} grant$`, "m"));
      assert.match(plan.stderr, /^checkpoint-permissions plan: warning: The organization's projects could not be read \(500 [^\n]*\): projects are shown by id only, [^\n]*\n$/);

      org.requests.length = 0;
      const apply = await orgCli("apply", file, "--yes", "--json");
      assert.equal(apply.code, 0, apply.stderr);
      assert.equal(apply.stderr, "");
      const document = JSON.parse(apply.stdout);
      assert.equal(document.warnings.length, 1, "the plan's run and the writes' run each said it: once in the document");
      assert.match(document.warnings[0], /^The organization's projects could not be read \(500 /);
      assert.deepEqual(document.checkpoints[0].projects, {});
      assert.equal(org.requests.filter((request) => request.path.includes("/organization/projects")).length, 2, "read for the plan, and again for the writes");
    });
  });
});

/** `text` as a regular expression matching it literally. */
function escaped(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
