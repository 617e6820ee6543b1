// Issue 13: the access engine of the `/access` entry (planAccess, applyAccess, exportAccess)
// against the API emulator: plans, convergence, the file's errors before any request, partial
// failure that loses nothing, bounded concurrency across checkpoints, and no key anywhere.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as access from "../../pkg/access/node.js";
import { KEY, assertNoSecretIn, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const WEATHER = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const STEP_200 = `${WEATHER}:ckpt-step-200`;
const OTHER = "ft:gpt-4o-mini-2024-07-18:org:support:Q1w2E3r4";

const fileText = (checkpoints) => JSON.stringify({ $schema: "./node_modules/checkpoint-permissions/access.schema.json", checkpoints }, null, 2);
const projectsOf = (checkpoint) => (api.emulator.state.get(checkpoint) ?? []).map((p) => p.project_id).sort();
const writes = () => api.emulator.requests.filter((r) => r.method !== "GET");

test("plan reports per checkpoint, apply converges, and a second plan is in sync", async () => {
  api.emulator.seed(WEATHER, ["proj_keep", "proj_gone"]);
  api.emulator.seed(STEP_200, ["proj_old"]);
  const text = fileText({ [WEATHER]: ["proj_keep", "proj_new"], [STEP_200]: [], [OTHER]: ["proj_new"] });

  const plan = await access.planAccess(text, api.options());
  assert.equal(writes().length, 0, "a plan writes nothing");
  assert.equal(plan.dryRun, true);
  assert.equal(plan.inSync, false);
  assert.deepEqual(plan.checkpoints.map((c) => c.checkpoint), [WEATHER, STEP_200, OTHER], "file order");
  const [weather, step, other] = plan.checkpoints;
  assert.deepEqual(weather.grant, ["proj_new"]);
  assert.deepEqual(weather.revoke.map((p) => p.project_id), ["proj_gone"]);
  assert.deepEqual(weather.keep.map((p) => p.project_id), ["proj_keep"]);
  assert.deepEqual(step.desired, [], "[] is reported as nobody");
  assert.deepEqual(step.revoke.map((p) => p.project_id), ["proj_old"]);
  assert.deepEqual(other.grant, ["proj_new"]);
  assert.deepEqual(plan.totals, { checkpoints: 3, grant: 2, revoke: 2, keep: 1, created: 0, revoked: 0, failed: 0, unreadable: 0, notAttempted: 0, refused: 0 });

  const applied = await access.applyAccess(text, api.options());
  assert.equal(applied.inSync, true);
  assert.equal(applied.totals.created, 2);
  assert.equal(applied.totals.revoked, 2);
  assert.deepEqual(projectsOf(WEATHER), ["proj_keep", "proj_new"]);
  assert.deepEqual(projectsOf(STEP_200), []);
  assert.deepEqual(projectsOf(OTHER), ["proj_new"]);

  api.emulator.requests.length = 0;
  const again = await access.planAccess(text, api.options());
  assert.equal(again.inSync, true);
  assert.equal(writes().length, 0);
});

test("the parsed object plans like its text", async () => {
  api.emulator.seed(WEATHER, ["proj_a"]);
  const checkpoints = { [WEATHER]: ["proj_a", "proj_b"] };
  const fromText = await access.planAccess(fileText(checkpoints), api.options());
  const fromObject = await access.planAccess({ checkpoints }, api.options());
  assert.deepEqual(fromObject, fromText);
});

test("a bad file is refused with its place named, before any request", async () => {
  const cases = [
    [`{"checkpoints": {"${WEATHER}": ["proj_a", "proj_b", 3]}}`, `checkpoints["${WEATHER}"][2]`, /invalid type: integer `3`, expected a string at line 1/],
    [`{"checkpoints": {"${WEATHER}": ["proj_a"], "${WEATHER}": []}}`, `checkpoints["${WEATHER}"]`, /is listed twice/],
    [`{"checkpoints": {"${WEATHER}": ["proj_a", "proj_a"]}}`, `checkpoints["${WEATHER}"][1]`, /is listed twice for this checkpoint/],
    [`{"checkpoint": {}}`, "checkpoint", /unknown field `checkpoint`, expected `\$schema` or `checkpoints`/],
    [`{"checkpoints": {"gpt-4o-mini": []}}`, `checkpoints["gpt-4o-mini"]`, /must be a fine-tuned model or checkpoint name \(ft:…\) or a checkpoint id \(ft-…\)$/],
    [`{"checkpoints": {"..": []}}`, `checkpoints[".."]`, /must not be "\." or "\.\."/],
    [`{"checkpoints": {"${WEATHER}": ["prj_typo"]}}`, `checkpoints["${WEATHER}"][0]`, /must be a project id \(proj_…\)$/],
    [`{"checkpoints": {"${WEATHER}": ["proj_a\\u0007"]}}`, `checkpoints["${WEATHER}"][0]`, /control characters/],
    [`{"checkpoints": {"${WEATHER}": ["proj_a",]}}`, `checkpoints["${WEATHER}"]`, /at line 1 column/],
    [`{"checkpoints": {}} trailing`, "access file", /is not valid JSON: trailing characters/],
    [`<html>Not JSON</html>`, "access file", /expected value at line 1 column 1/],
    [`{"$schema": "x"}`, "access file", /missing field `checkpoints`/],
    [42, "desired", /must be the access file/],
    [["ft:x"], "desired", /must be the access file/],
    [undefined, "desired", /is required/],
  ];
  for (const [desired, field, message] of cases) {
    for (const call of [access.planAccess, access.applyAccess]) {
      const error = await api.rejection(call(desired, api.options()));
      assert.equal(error.name, "InvalidInputError", String(desired));
      assert.equal(error.field, field, String(desired));
      assert.match(error.message, message);
      assert.ok(error.message.startsWith(field), `${error.message} starts with its place`);
    }
  }
  assert.equal(api.emulator.requests.length, 0, "nothing was sent");
});

test("a parsed object's errors name the place without a position in text the caller never saw", async () => {
  const error = await api.rejection(access.planAccess({ checkpoints: { [WEATHER]: ["proj_a", 3] } }, api.options()));
  assert.equal(error.message, `checkpoints["${WEATHER}"][1]: invalid type: integer \`3\`, expected a string`);
  const getter = { get checkpoints() { throw new Error("no"); } };
  assert.equal((await api.rejection(access.planAccess(getter, api.options()))).message, "desired could not be read (its getter threw)");
  assert.equal(api.emulator.requests.length, 0);
});

test("options are checked before any request", async () => {
  const text = fileText({ [WEATHER]: [] });
  for (const [options, field] of [
    [{ checkpointConcurrency: 0 }, "options.checkpointConcurrency"],
    [{ checkpointConcurrency: 1.5 }, "options.checkpointConcurrency"],
    [{ concurrency: 99 }, "options.concurrency"],
    [{ onCheckpoint: "log" }, "options.onCheckpoint"],
  ]) {
    const error = await api.rejection(access.applyAccess(text, api.options(options)));
    assert.equal(error.field, field);
  }
  const noKey = await api.rejection(access.planAccess(text, { baseURL: api.emulator.baseURL }));
  assert.equal(noKey.field, "options.apiKey");
  assert.equal(api.emulator.requests.length, 0);
});

test("an unreadable checkpoint is reported with its status and request id; the others are still planned", async () => {
  api.emulator.seed(OTHER, ["proj_x"]);
  api.emulator.inject({ status: 500, match: { method: "GET", pathIncludes: STEP_200 }, times: 10 });
  const text = fileText({ [STEP_200]: ["proj_a"], [OTHER]: [] });
  const error = await api.rejection(access.applyAccess(text, api.options({ maxRetries: 0 })));
  assert.equal(error.name, "PartialFailureError");
  assert.match(error.message, /^applyAccess: 1 of 2 checkpoints could not be read; error\.result lists/);
  const report = error.result;
  assert.equal(report.inSync, false);
  const [broken, fine] = report.checkpoints;
  assert.equal(broken.error.status, 500);
  assert.ok(broken.error.requestID ?? broken.error.requestId, "the request id is kept");
  assert.deepEqual([broken.grant, broken.created], [[], []], "nothing planned or written for it");
  assert.deepEqual(fine.revoked.map((p) => p.project_id), ["proj_x"], "the other checkpoint was applied");
  assert.deepEqual(projectsOf(STEP_200), []);
});

test("a failed write loses nothing, and running apply again finishes the job", async () => {
  api.emulator.seed(WEATHER, ["proj_gone1", "proj_gone2"]);
  api.emulator.inject({ status: 503, match: { method: "POST" }, times: 2 });
  api.emulator.inject({ status: 500, match: { method: "DELETE" }, times: 1 });
  const text = fileText({ [WEATHER]: ["proj_new"], [OTHER]: ["proj_other"] });
  const error = await api.rejection(access.applyAccess(text, api.options({ maxRetries: 0, concurrency: 1 })));
  assert.equal(error.name, "PartialFailureError");
  const { totals, checkpoints } = error.result;
  assert.deepEqual([totals.failed, totals.revoked, totals.created], [3, 1, 0]);
  const failures = checkpoints.flatMap((c) => c.failed.map((f) => [c.checkpoint, f.action, f.projectId, f.error.status]));
  assert.deepEqual(failures.sort(), [
    [OTHER, "grant", "proj_other", 503],
    [WEATHER, "grant", "proj_new", 503],
    [WEATHER, "revoke", "proj_gone1", 500],
  ]);

  const second = await access.applyAccess(text, api.options());
  assert.equal(second.inSync, true);
  assert.deepEqual(projectsOf(WEATHER), ["proj_new"]);
  assert.deepEqual(projectsOf(OTHER), ["proj_other"]);
  assert.equal((await access.planAccess(text, api.options())).inSync, true);
});

test("onCheckpoint hears each checkpoint once as it finishes; a callback that throws changes nothing", async () => {
  const heard = [];
  const text = fileText({ [WEATHER]: ["proj_a"], [STEP_200]: [], [OTHER]: ["proj_b"] });
  const report = await access.applyAccess(text, api.options({
    onCheckpoint(checkpointReport) {
      heard.push(checkpointReport.checkpoint);
      throw new Error("a progress bar broke");
    },
  }));
  assert.equal(report.inSync, true);
  assert.deepEqual(heard.sort(), [WEATHER, STEP_200, OTHER].sort());
});

test("checkpointConcurrency bounds how many checkpoints are read at once", async () => {
  const checkpoints = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`${WEATHER}:ckpt-step-${i}`, []]));
  let inFlight = 0;
  let most = 0;
  const countingFetch = async (url, init) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 15));
      return await fetch(url, init);
    } finally {
      inFlight -= 1;
    }
  };
  for (const checkpointConcurrency of [1, 3]) {
    most = 0;
    const report = await access.planAccess(fileText(checkpoints), api.options({ fetch: countingFetch, checkpointConcurrency }));
    assert.equal(report.totals.checkpoints, 9);
    assert.equal(most, checkpointConcurrency);
  }
});

test("export writes a file that plan then reports as in sync", async () => {
  api.emulator.seed(WEATHER, ["proj_b", "proj_a"]);
  api.emulator.seed(WEATHER, ["proj_b"]); // a project may hold two permissions: listed once
  const exported = await access.exportAccess([WEATHER, STEP_200], api.options());
  assert.deepEqual(exported, {
    $schema: "./node_modules/checkpoint-permissions/access.schema.json",
    checkpoints: { [WEATHER]: ["proj_b", "proj_a"], [STEP_200]: [] },
  });
  const plan = await access.planAccess(JSON.stringify(exported), api.options());
  assert.equal(plan.inSync, true);
  for (const [checkpoints, field] of [[[], "checkpoints"], [["gpt-4o"], "checkpoints[0]"], [[WEATHER, WEATHER], "checkpoints[1]"], ["ft:x", "checkpoints"]]) {
    assert.equal((await api.rejection(access.exportAccess(checkpoints, api.options()))).field, field);
  }
});

test("the key appears nowhere in a report or an error", async () => {
  api.emulator.inject({ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}`, type: "invalid_request_error" } }, match: { method: "GET" }, times: 1 });
  const error = await api.rejection(access.planAccess(fileText({ [WEATHER]: ["proj_a"] }), api.options({ maxRetries: 0 })));
  assert.ok(error instanceof access.AuthenticationError);
  assertNoSecretIn([error, error.result], KEY);
  const report = await access.applyAccess(fileText({ [WEATHER]: ["proj_a"] }), api.options());
  assert.ok(!JSON.stringify(report).includes(KEY));
});

test("the main entry stays without the access engine; /access has every main call too", async () => {
  const main = await import("../../pkg/node.js");
  assert.equal(main.planAccess, undefined);
  for (const name of Object.keys(main)) assert.ok(name in access, `/access also exports ${name}`);
});

test("a key refused while reading a checkpoint stops the run there too", async () => {
  const checkpoints = Object.fromEntries([WEATHER, STEP_200, OTHER].map((checkpoint) => [checkpoint, ["proj_a"]]));
  api.emulator.inject({ status: 401, match: { method: "GET", pathIncludes: "/fine_tuning/" } });
  const error = await api.rejection(access.planAccess(fileText(checkpoints), api.options({ checkpointConcurrency: 1 })));
  assert.ok(error instanceof access.AuthenticationError);
  const [first, ...rest] = error.result.checkpoints;
  assert.ok(first.error instanceof access.AuthenticationError, "the checkpoint that met the failure carries it");
  assert.deepEqual(rest.map((checkpoint) => checkpoint.notAttempted), [true, true]);
});

test("an authentication failure stops the run: one error, the checkpoints not reached are not attempted", async () => {
  const checkpoints = Object.fromEntries([WEATHER, STEP_200, OTHER, `${OTHER}:ckpt-step-9`].map((checkpoint) => [checkpoint, ["proj_a"]]));
  for (const run of [access.planAccess, access.applyAccess]) {
    api.emulator.reset();
    const error = await api.rejection(run(fileText(checkpoints), api.options({ apiKey: "sk-fake-admin-wrong-key-000000", checkpointConcurrency: 1 })));
    assert.ok(error instanceof access.AuthenticationError, `${run.name}: ${error.name}`);
    assert.equal(error.status, 401);
    assert.match(error.message, /^401 Incorrect API key provided/);
    // The run reads the organization's projects first: the key is refused there, and no checkpoint is read.
    assert.deepEqual(error.result.checkpoints.map((checkpoint) => checkpoint.notAttempted), [true, true, true, true]);
    assert.equal(error.result.totals.notAttempted, 4);
    assert.equal(error.result.inSync, false);
    assert.equal(api.emulator.requests.length, 1, `${run.name}: one request, not one per checkpoint`);
  }
});

test("a callback that throws or returns a rejected promise is contained: never an unhandled rejection", async () => {
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    const text = fileText({ [WEATHER]: ["proj_a"], [STEP_200]: [] });
    let calls = 0;
    const callbacks = [
      async () => {
        calls += 1;
        throw new Error("async callback failed");
      },
      () => {
        calls += 1;
        throw new Error("callback failed");
      },
      () => {
        calls += 1;
        return Promise.reject(new Error("rejected"));
      },
      () => {
        calls += 1;
        return { then: (_, reject) => reject(new Error("thenable rejected")) };
      },
    ];
    for (const onCheckpoint of callbacks) {
      const plan = await access.planAccess(text, api.options({ onCheckpoint }));
      assert.equal(plan.checkpoints.length, 2, "the run went on");
    }
    assert.equal(calls, 8);
    // Rejections are reported after a turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});

test("applyAccess with a saved plan writes exactly it, and the file is not needed", async () => {
  api.emulator.seed(WEATHER, ["proj_keep", "proj_gone"]);
  api.emulator.seed(STEP_200, ["proj_old"]);
  const text = fileText({ [WEATHER]: ["proj_keep", "proj_new"], [STEP_200]: [] });
  const plan = JSON.parse(JSON.stringify(await access.planAccess(text, api.options())));
  api.emulator.requests.length = 0;
  const applied = await access.applyAccess(null, api.options({ plan }));
  assert.equal(applied.inSync, true);
  assert.deepEqual([projectsOf(WEATHER), projectsOf(STEP_200)], [["proj_keep", "proj_new"], []]);
  assert.deepEqual(writes().map((r) => r.method).sort(), ["DELETE", "DELETE", "POST"]);
  api.emulator.requests.length = 0;
  const again = await access.applyAccess(text, api.options({ plan: await access.planAccess(text, api.options()) }));
  assert.equal(again.totals.created + again.totals.revoked, 0, "a plan with nothing to do writes nothing");
});

test("a saved plan whose checkpoints changed writes nothing anywhere: StalePlanError with a fresh plan", async () => {
  api.emulator.seed(WEATHER, ["proj_keep", "proj_gone"]);
  api.emulator.seed(STEP_200, ["proj_old"]);
  const text = fileText({ [WEATHER]: ["proj_keep"], [STEP_200]: [] });
  const plan = await access.planAccess(text, api.options());
  api.emulator.seed(STEP_200, ["proj_sneaked_in"]);
  api.emulator.requests.length = 0;
  const error = await api.rejection(access.applyAccess(text, api.options({ plan })));
  assert.ok(error instanceof access.StalePlanError, error.name);
  assert.deepEqual(error.changes.map((change) => [change.checkpoint, change.added.map((p) => p.project_id), change.removed.length]), [[STEP_200, ["proj_sneaked_in"], 0]]);
  assert.equal(writes().length, 0, "not even the unchanged checkpoint was written");
  assert.deepEqual(error.plan.checkpoints[1].revoke.map((p) => p.project_id).sort(), ["proj_old", "proj_sneaked_in"]);
  const applied = await access.applyAccess(null, api.options({ plan: error.plan }));
  assert.equal(applied.inSync, true);
  assert.deepEqual([projectsOf(WEATHER), projectsOf(STEP_200)], [["proj_keep"], []]);
});

test("a saved plan is checked before any request: another file, an incomplete plan, an edited one", async () => {
  api.emulator.seed(WEATHER, ["proj_keep"]);
  const text = fileText({ [WEATHER]: ["proj_keep", "proj_new"] });
  const plan = await access.planAccess(text, api.options());
  api.emulator.requests.length = 0;
  const other = await api.rejection(access.applyAccess(fileText({ [WEATHER]: ["proj_keep"] }), api.options({ plan })));
  assert.equal(other.field, "options.plan");
  assert.match(other.message, /was not made from this access file/);
  const edited = structuredClone({ ...plan, checkpoints: plan.checkpoints.map((c) => ({ ...c, grant: ["proj_new", "proj_evil"] })) });
  const refused = await api.rejection(access.applyAccess(null, api.options({ plan: edited })));
  assert.equal(refused.field, "options.plan.checkpoints[0]");
  assert.match(refused.message, /is not a plan this package made/);
  const incomplete = { ...plan, checkpoints: [{ ...plan.checkpoints[0], notAttempted: true }] };
  assert.match((await api.rejection(access.applyAccess(null, api.options({ plan: incomplete })))).message, /was not read when the plan was made/);
  assert.equal(api.emulator.requests.length, 0);
});
