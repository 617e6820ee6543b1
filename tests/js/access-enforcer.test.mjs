// Issue 13: the scheduled access enforcer (examples/access-enforcer/) in workerd, through
// Miniflare, against the API emulator. Each test puts an access file in the Worker's KV
// namespace, fires the Cron event the way Cloudflare does, then checks the emulator's state and
// the run's log: one JSON line per checkpoint, one summary line, and never the admin key.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, beforeEach, test } from "node:test";

import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";
import { ROOT, importTool, moduleFile, withTimeout, workerdPackageModules } from "../runtimes/harness.mjs";
import { bundleLikeWrangler } from "../runtimes/wrangler-bundle.mjs";

const ENFORCER = "examples/access-enforcer";
const ENFORCER_FILES = [`${ENFORCER}/worker.js`, `${ENFORCER}/run-log.js`, `${ENFORCER}/drift-authors.js`]; // main module first
const WEATHER = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const WEATHER_STEP_200 = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd:ckpt-step-200";
const SUPPORT = "ft:gpt-4o-mini-2024-07-18:org:support:C8S0WkRe";
const P = {
  a: "proj_abGMw1llN8IrBb6SvvY5A1iH",
  b: "proj_iqGMw1llN8IrBb6SvvY5A1oF",
  c: "proj_Xk2mP9qRs4TuVw7YzA1bC3dE",
  stray: "proj_Lm8nO0pQ1rS2tU3vW4xY5zA6", // granted by hand, in no file
};
/** What the API holds before a run: drift in every direction. */
const BEFORE = {
  [WEATHER]: [P.a, P.stray],
  [WEATHER_STEP_200]: [P.a, P.b],
};
const DESIRED = {
  [WEATHER]: [P.a, P.b],
  [WEATHER_STEP_200]: [], // nobody
  [SUPPORT]: [P.c],
};
const ACCESS_FILE = JSON.stringify({ $schema: "./node_modules/checkpoint-permissions/access.schema.json", checkpoints: DESIRED }, null, 2);
const RUN_MS = 30_000;
const LOG_WAIT_MS = 5_000;
const LOG_POLL_MS = 20;

/** The schedule the example deploys with, so the test fires the very Cron it declares. */
const CRON = (() => {
  const toml = readFileSync(join(ROOT, ENFORCER, "wrangler.toml"), "utf8");
  const cron = /^crons\s*=\s*\[\s*"([^"]+)"/m.exec(toml)?.[1];
  assert.ok(cron, "wrangler.toml declares a [triggers] crons entry");
  return cron;
})();

let emulator;
let enforcers = [];
const everyLogMessage = []; // across all tests, for the key-leak check

before(async () => {
  emulator = await startEmulator();
});
beforeEach(() => {
  emulator.reset();
  for (const [checkpoint, projectIds] of Object.entries(BEFORE)) emulator.seed(checkpoint, projectIds);
});
afterEach(async () => {
  await Promise.allSettled(enforcers.map((mf) => mf.dispose()));
  enforcers = [];
});
after(async () => {
  await emulator?.close();
  assert.ok(everyLogMessage.length > 0, "the enforcer logged something");
  for (const message of everyLogMessage) assert.ok(!message.includes(DEFAULT_ADMIN_KEY), `the admin key leaked: ${message.slice(0, 300)}`);
});

/**
 * The enforcer in workerd, with its KV holding `accessFile` (null: no such key) and `vars` on
 * top of the key and the emulator's URL; `code` is Miniflare's { modulesRoot, modules }. run() fires one Cron event and returns its outcome
 * ("ok" or "exception") with the JSON lines that run logged.
 */
async function startEnforcer({ accessFile = ACCESS_FILE, vars = {}, code = sourceModules() } = {}) {
  const { Miniflare } = await importTool("miniflare");
  const messages = [];
  const mf = new Miniflare({
    ...code,
    compatibilityDate: "2025-09-01",
    kvNamespaces: ["ACCESS"],
    bindings: { OPENAI_ADMIN_KEY: DEFAULT_ADMIN_KEY, OPENAI_BASE_URL: emulator.baseURL, ...vars },
    // console.log / console.error of the Worker, one entry per call.
    handleStructuredLogs: ({ message }) => {
      messages.push(message);
      everyLogMessage.push(message);
    },
  });
  enforcers.push(mf);
  await withTimeout(mf.ready, RUN_MS, "miniflare");
  if (accessFile !== null) await (await mf.getKVNamespace("ACCESS")).put("access.json", accessFile);
  const worker = await mf.getWorker();
  return {
    async run() {
      const first = messages.length;
      const { outcome } = await withTimeout(worker.scheduled({ cron: CRON }), RUN_MS, "scheduled event");
      const lines = await linesOfRun(messages, first);
      return {
        outcome,
        lines,
        checkpoints: lines.filter((line) => line.event === "access.checkpoint"),
        drift: lines.filter((line) => line.event === "access.drift"),
        summary: lines.find((line) => line.event === "access.run"),
      };
    },
  };
}

/** The Worker's own files as they are, and the package's workerd /access entry. */
const sourceModules = () => ({
  modulesRoot: ROOT,
  modules: [
    ...ENFORCER_FILES.map(moduleFile),
    ...workerdPackageModules({ entry: "access", aliasAs: `${ENFORCER}/checkpoint-permissions/access` }),
  ],
});

/** The run's lines, parsed, once its summary line has arrived from workerd's output. */
async function linesOfRun(messages, first) {
  const parse = (message) => {
    try {
      return JSON.parse(message);
    } catch {
      assert.fail(`a log line that is not JSON: ${message.slice(0, 300)}`);
    }
  };
  const deadline = Date.now() + LOG_WAIT_MS;
  for (let poll = 0; poll < LOG_WAIT_MS / LOG_POLL_MS && Date.now() < deadline; poll += 1) {
    const lines = messages.slice(first).map(parse);
    if (lines.some((line) => line.event === "access.run")) return lines;
    await sleep(LOG_POLL_MS);
  }
  assert.fail(`no summary line within ${LOG_WAIT_MS} ms; got: ${messages.slice(first).join("\n")}`);
}

const projectsOf = (checkpoint) => (emulator.state.get(checkpoint) ?? []).map((permission) => permission.project_id).sort();
const stateNow = () => Object.fromEntries(Object.keys(DESIRED).map((checkpoint) => [checkpoint, projectsOf(checkpoint)]));
const sortedValues = (record) => Object.fromEntries(Object.entries(record).map(([key, ids]) => [key, [...ids].sort()]));
const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const lineFor = (run, checkpoint) => run.checkpoints.find((line) => line.checkpoint === checkpoint);

function assertOneLinePerCheckpoint(run) {
  assert.deepEqual(run.checkpoints.map((line) => line.checkpoint).sort(), Object.keys(DESIRED).sort(), "one line per checkpoint of the file");
  assert.equal(run.lines.filter((line) => line.event === "access.run").length, 1, "one summary line");
  for (const line of run.lines) assert.equal(line.cron, CRON, "every line names the Cron that fired it");
}

/** The request the API answered with this request id, if any. */
const requestWithId = (requestId) => emulator.requests.find((request) => request.requestId === requestId);

test("DRY_RUN=true plans every checkpoint and logs it, and writes nothing", async () => {
  const enforcer = await startEnforcer({ vars: { DRY_RUN: "true" } });
  const before = stateNow();
  const run = await enforcer.run();
  assert.equal(run.outcome, "ok", JSON.stringify(run.lines));
  assert.deepEqual(stateNow(), before, "the state is unchanged");
  assert.deepEqual(writes(), [], "only reads reached the API");
  assertOneLinePerCheckpoint(run);

  for (const line of run.checkpoints) {
    assert.equal(line.outcome, "planned", JSON.stringify(line));
    assert.equal(line.dryRun, true);
    assert.equal(line.granted, undefined, "a plan claims nothing was granted");
  }
  assert.deepEqual(lineFor(run, WEATHER).grant, [P.b]);
  assert.deepEqual(lineFor(run, WEATHER).revoke, [P.stray]);
  assert.equal(lineFor(run, WEATHER).keep, 1);
  assert.deepEqual(lineFor(run, WEATHER_STEP_200).revoke.sort(), [P.a, P.b].sort());
  assert.equal(lineFor(run, WEATHER_STEP_200).nobody, true, "an empty list is said outright");
  assert.equal(lineFor(run, WEATHER).nobody, undefined);
  assert.deepEqual(lineFor(run, SUPPORT).grant, [P.c]);

  assert.equal(run.summary.outcome, "planned");
  assert.equal(run.summary.dryRun, true);
  assert.equal(run.summary.inSync, false);
  assert.equal(run.summary.totals.checkpoints, 3);
  assert.equal(run.summary.totals.grant, 2);
  assert.equal(run.summary.totals.revoke, 3);
  assert.equal(run.summary.totals.keep, 1);
});

test("an enforcing run makes the state match the file, and the next run finds nothing to do", async () => {
  const enforcer = await startEnforcer({ vars: { DRY_RUN: "false", OPENAI_ORG_ID: "org-enforcer", OPENAI_PROJECT_ID: "proj_enforcer" } });
  const run = await enforcer.run();
  assert.equal(run.outcome, "ok", JSON.stringify(run.lines));
  assert.deepEqual(stateNow(), sortedValues(DESIRED));
  for (const request of emulator.requests) {
    assert.equal(request.headers["openai-organization"], "org-enforcer", `${request.method} ${request.path}`);
    assert.equal(request.headers["openai-project"], "proj_enforcer", `${request.method} ${request.path}`);
  }
  assertOneLinePerCheckpoint(run);
  for (const line of run.checkpoints) assert.equal(line.outcome, "applied", JSON.stringify(line));
  const projectReads = emulator.requests.filter((request) => request.path.startsWith("/v1/organization/projects"));
  assert.equal(projectReads.length, 2, "one by the run, one for the drift's histories: not one per drifted checkpoint");
  assert.deepEqual(lineFor(run, WEATHER).granted, [P.b]);
  assert.deepEqual(lineFor(run, WEATHER).revoked, [P.stray]);
  assert.deepEqual(lineFor(run, WEATHER_STEP_200).revoked.sort(), [P.a, P.b].sort());
  assert.deepEqual(lineFor(run, SUPPORT).granted, [P.c]);
  assert.equal(run.summary.outcome, "applied");
  assert.equal(run.summary.dryRun, false);
  assert.equal(run.summary.totals.created, 2);
  assert.equal(run.summary.totals.revoked, 3);
  assert.equal(run.summary.totals.failed, 0);

  emulator.requests.length = 0;
  const again = await enforcer.run();
  assert.equal(again.outcome, "ok", JSON.stringify(again.lines));
  assert.deepEqual(writes(), [], "nothing left to write");
  assertOneLinePerCheckpoint(again);
  for (const line of again.checkpoints) {
    assert.deepEqual([line.outcome, line.grant, line.revoke, line.granted, line.revoked], ["applied", [], [], [], []], JSON.stringify(line));
  }
  assert.equal(again.summary.inSync, true);
  assert.deepEqual(stateNow(), sortedValues(DESIRED));
});

test("each change the run puts back names who made the drift and when, as the audit log tells", async () => {
  // The stray permission was granted by hand, in the dashboard, by someone the log names.
  emulator.reset();
  emulator.seed(WEATHER, [P.a]);
  const [stray] = emulator.seed(WEATHER, [P.stray], {
    actor: { type: "session", session: { user: { id: "user-mallory", email: "mallory@example.com" }, ip_address: "10.0.0.9" } },
    effectiveAt: 1_764_000_000,
  });
  const enforcer = await startEnforcer({ vars: { DRY_RUN: "false" }, accessFile: JSON.stringify({ checkpoints: { [WEATHER]: [P.a] } }) });
  const run = await enforcer.run();
  assert.equal(run.outcome, "ok", JSON.stringify(run.lines));
  assert.deepEqual(run.drift, [{
    event: "access.drift", cron: CRON, scheduledAt: run.drift[0]?.scheduledAt, dryRun: false,
    checkpoint: WEATHER, reverts: "grant", projectId: P.stray, projectName: null, permissionId: stray.id,
    madeBy: "mallory@example.com", madeAt: "2025-11-24T16:00:00.000Z",
  }]);

  emulator.auditLogging = false;
  emulator.seed(WEATHER, [P.stray]);
  const blind = await enforcer.run();
  assert.equal(blind.outcome, "ok", "an unreadable audit log never fails the enforcement");
  assert.equal(blind.drift.length, 1);
  assert.match(blind.drift[0].note, /^who made the drift is unknown: AuditLoggingDisabledError: Audit logging is not enabled/);
});

test("a run under faults logs each failure with its status and request id and fails the event; a clean run then converges", async () => {
  const enforcer = await startEnforcer();
  // 4xx and "x-should-retry: false" are not retried, so each fault is exactly one failure. (A 401
  // or 403 would stop the whole run: see the next test.)
  emulator.inject({ status: 404, match: { method: "GET", pathIncludes: `${SUPPORT}/permissions` } });
  emulator.inject({ status: 400, match: { method: "POST", pathIncludes: `${WEATHER}/permissions` } });
  emulator.inject({ status: 500, headers: { "x-should-retry": "false" }, match: { method: "DELETE", pathIncludes: `${WEATHER_STEP_200}/permissions/` } });

  const failedRun = await enforcer.run();
  assert.equal(failedRun.outcome, "exception", "the Cron event fails, so Cloudflare shows it");
  assertOneLinePerCheckpoint(failedRun);

  const support = lineFor(failedRun, SUPPORT);
  assert.equal(support.outcome, "unreadable", JSON.stringify(support));
  assert.equal(support.error.status, 404);
  assert.equal(requestWithId(support.error.requestId)?.method, "GET", "the request id is the failed list's");

  const weather = lineFor(failedRun, WEATHER);
  assert.equal(weather.outcome, "failed", JSON.stringify(weather));
  assert.deepEqual(weather.revoked, [P.stray], "what could be done was done");
  assert.deepEqual(weather.granted, []);
  assert.equal(weather.failed.length, 1);
  assert.deepEqual([weather.failed[0].action, weather.failed[0].projectId, weather.failed[0].status], ["grant", P.b, 400]);
  assert.equal(requestWithId(weather.failed[0].requestId)?.method, "POST");

  const step200 = lineFor(failedRun, WEATHER_STEP_200);
  assert.equal(step200.outcome, "failed", JSON.stringify(step200));
  assert.equal(step200.revoked.length, 1);
  assert.equal(step200.failed.length, 1);
  assert.deepEqual([step200.failed[0].action, step200.failed[0].status], ["revoke", 500]);
  assert.match(step200.failed[0].permissionId, /^cp_/);
  assert.equal(requestWithId(step200.failed[0].requestId)?.method, "DELETE");

  assert.equal(failedRun.summary.outcome, "failed");
  assert.equal(failedRun.summary.totals.unreadable, 1);
  assert.equal(failedRun.summary.totals.failed, 2);
  assert.notDeepEqual(stateNow(), sortedValues(DESIRED), "not converged yet");
  assert.deepEqual(projectsOf(WEATHER), [P.a], "the state is what the lines say");
  assert.deepEqual(projectsOf(SUPPORT), []);
  assert.equal(projectsOf(WEATHER_STEP_200).length, 1);

  const cleanRun = await enforcer.run();
  assert.equal(cleanRun.outcome, "ok", JSON.stringify(cleanRun.lines));
  assert.deepEqual(stateNow(), sortedValues(DESIRED), "the clean run finishes the job");
  assert.equal(cleanRun.summary.outcome, "applied");
  assert.deepEqual(lineFor(cleanRun, WEATHER).granted, [P.b]);
  assert.deepEqual(lineFor(cleanRun, SUPPORT).granted, [P.c]);
  assert.equal(lineFor(cleanRun, WEATHER_STEP_200).revoked.length, 1);
});

test("a wrong key stops the run: every checkpoint is logged as unreadable with the 401 or as not attempted, and the event fails", async () => {
  emulator.requests.length = 0;
  const run = await (await startEnforcer({ vars: { OPENAI_ADMIN_KEY: "sk-fake-admin-revoked-key-0000" } })).run();
  assert.equal(run.outcome, "exception");
  assertOneLinePerCheckpoint(run);
  // The run reads the organization's projects first: the key is refused there, and no checkpoint is read.
  for (const line of run.checkpoints) assert.equal(line.outcome, "not_attempted", JSON.stringify(line));
  assert.equal(run.summary.outcome, "failed");
  assert.equal(run.summary.error.status, 401, "the summary names what stopped the run");
  assert.equal(emulator.requests.length, 1, "one request, not one per checkpoint");
  assert.deepEqual(writes(), []);
});

test("a bad file or bad settings fail the event before any request, saying why", async () => {
  const cases = [
    {
      label: "a checkpoint listed twice",
      accessFile: `{"checkpoints": {"${WEATHER}": ["${P.a}"], "${WEATHER}": []}}`,
      expect: { name: "InvalidInputError" },
    },
    { label: "a typo in a top-level key", accessFile: JSON.stringify({ checkpoint: DESIRED }), expect: { name: "InvalidInputError" } },
    { label: "no access file in KV", accessFile: null, expect: { name: "ConfigurationError", message: /access\.json/ } },
    { label: "DRY_RUN neither true nor false", vars: { DRY_RUN: "ture" }, expect: { name: "ConfigurationError", message: /DRY_RUN/ } },
    { label: "no admin key", vars: { OPENAI_ADMIN_KEY: "" }, expect: { name: "ConfigurationError", message: /OPENAI_ADMIN_KEY/ } },
  ];
  for (const { label, expect, ...setup } of cases) {
    emulator.requests.length = 0;
    const run = await (await startEnforcer(setup)).run();
    assert.equal(run.outcome, "exception", label);
    assert.deepEqual(emulator.requests, [], `${label}: nothing reached the API`);
    assert.deepEqual(run.checkpoints, [], label);
    assert.equal(run.summary.outcome, "failed", label);
    assert.equal(run.summary.error.name, expect.name, `${label}: ${JSON.stringify(run.summary)}`);
    if (expect.message) assert.match(run.summary.error.message, expect.message, label);
    if (expect.name === "InvalidInputError") assert.ok(run.summary.error.field, `${label}: the place is named`);
  }
});

test("the admin key never reaches the log, even when the API echoes it", async () => {
  const enforcer = await startEnforcer();
  emulator.inject({
    status: 401,
    body: { error: { message: `Incorrect API key provided: ${DEFAULT_ADMIN_KEY}.`, type: "invalid_request_error", param: null, code: "invalid_api_key" } },
    match: { method: "GET" },
    times: Object.keys(DESIRED).length,
  });
  const run = await enforcer.run();
  assert.equal(run.outcome, "exception");
  assertOneLinePerCheckpoint(run);
  assert.equal(run.summary.error.status, 401);
  assert.match(run.summary.error.message, /Incorrect API key provided: \[redacted\]/);
  const text = run.lines.map((line) => JSON.stringify(line)).join("\n");
  assert.ok(!text.includes(DEFAULT_ADMIN_KEY), text);
  assert.deepEqual(writes(), []);
});

test("the Worker as wrangler bundles it (the package's /access entry, its .wasm external) enforces the file", async () => {
  const bundle = await bundleLikeWrangler(ENFORCER_FILES);
  try {
    const run = await (await startEnforcer({ code: { modulesRoot: bundle.modulesRoot, modules: bundle.modules } })).run();
    assert.equal(run.outcome, "ok", JSON.stringify(run.lines));
    assert.deepEqual(stateNow(), sortedValues(DESIRED));
    assertOneLinePerCheckpoint(run);
  } finally {
    await Promise.allSettled(enforcers.map((mf) => mf.dispose()));
    enforcers = [];
    bundle.remove();
  }
});
