// Issue 19: the organization's projects and audit log as calls, the access history of a
// checkpoint (who granted or revoked which project, and when), and the project directory that
// names projects in plans and refuses the ones that cannot be given access. Against the emulator
// with a project directory, two admin keys acting as two people, and a clock the test moves.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";

import * as access from "../../pkg/access/node.js";
import { startEmulator } from "../emulator/emulator.mjs";
import { CHECKPOINT, assertNoSecretIn, pkg } from "./helpers.mjs";

const OWNER_KEY = "sk-fake-admin-owner-0123456789abcdef";
const CI_KEY = "sk-fake-admin-ci-0123456789abcdef";
const P = {
  weather: { id: "proj_abGMw1llN8IrBb6SvvY5A1iH", name: "Weather forecasts", status: "active" },
  support: { id: "proj_iqGMw1llN8IrBb6SvvY5A1oF", name: "Support bot", status: "active" },
  legacy: { id: "proj_Old0000000000000000000000", name: "Legacy app", status: "archived" },
};
const STEP = `${CHECKPOINT}:ckpt-step-200`;

let emulator;
let clock = 1_700_000_000;
const errors = [];
before(async () => {
  emulator = await startEmulator({
    projects: Object.values(P),
    now: () => clock,
    keys: [
      { key: OWNER_KEY, actor: { type: "session", session: { user: { id: "user-owner", email: "owner@example.com" }, ip_address: "127.0.0.1" } } },
      { key: CI_KEY, actor: { type: "api_key", api_key: { id: "key_ci", type: "service_account", service_account: { id: "svc_acct_ci" } } } },
    ],
  });
});
after(async () => {
  await emulator.close();
  assertNoSecretIn(errors, OWNER_KEY);
  assertNoSecretIn(errors, CI_KEY);
});
beforeEach(() => {
  emulator.reset();
  clock = 1_700_000_000;
});

const as = (key, extra = {}) => ({ apiKey: key, baseURL: emulator.baseURL, timeout: 45_678, ...extra });
const owner = (extra) => as(OWNER_KEY, extra);
const rejection = async (promise) => {
  const outcome = await promise.then((value) => ({ value }), (error) => ({ error }));
  assert.ok("error" in outcome, `expected a rejection, got ${JSON.stringify(outcome.value)}`);
  errors.push(outcome.error);
  return outcome.error;
};
const requestsTo = (part) => emulator.requests.filter((request) => request.path.includes(part));
async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("the organization's projects", () => {
  test("listProjects is one page with the API's query; listAllProjects walks them 100 a page", async () => {
    const page = await pkg.listProjects({ limit: 1, include_archived: true }, owner());
    assert.deepEqual(page.data.map((project) => project.object), ["organization.project"]);
    assert.equal(page.has_more, true);
    assert.deepEqual(emulator.requests[0].query, { limit: "1", include_archived: "true" });
    const active = await collect(pkg.listAllProjects({}, owner()));
    assert.deepEqual(active.map((project) => project.name).sort(), ["Support bot", "Weather forecasts"], "archived ones only when asked");
    assert.deepEqual(emulator.requests.at(-1).query, { limit: "100" });
    const all = await collect(pkg.listAllProjects({ include_archived: true, limit: 1 }, owner()));
    assert.equal(all.length, 3);
    const wrong = await rejection(pkg.listProjects({ include_archived: "yes" }, owner()));
    assert.equal(wrong.field, "query.include_archived");
  });
});

describe("the audit log", () => {
  test("every grant and revoke is an event; the query goes out as the spec writes it", async () => {
    await pkg.grantCheckpointPermissions(CHECKPOINT, [P.weather.id], owner());
    clock += 60;
    await pkg.revokeCheckpointPermissions(CHECKPOINT, [P.weather.id], as(CI_KEY));
    emulator.requests.length = 0;
    const query = {
      event_types: ["checkpoint.permission.created", "checkpoint.permission.deleted"],
      effective_at: { gte: 1_700_000_000, lte: 1_700_000_100 },
      actor_emails: ["owner@example.com"],
      limit: 10,
    };
    const page = await pkg.listAuditLogs(query, owner());
    assert.deepEqual(page.data.map((event) => event.type), ["checkpoint.permission.created"], "only the owner's");
    const [request] = emulator.requests;
    assert.match(request.rawQuery, /event_types%5B%5D=checkpoint\.permission\.created&event_types%5B%5D=checkpoint\.permission\.deleted/);
    assert.deepEqual(request.query["effective_at[gte]"], "1700000000");
    const all = await collect(pkg.listAllAuditLogs({ event_types: ["checkpoint.permission.created", "checkpoint.permission.deleted"] }, owner()));
    assert.deepEqual(all.map((event) => event.type), ["checkpoint.permission.deleted", "checkpoint.permission.created"], "newest first");
    const bad = await rejection(pkg.listAuditLogs({ effective_at: { gt: 1.5 } }, owner()));
    assert.equal(bad.field, "query.effective_at.gt");
    const badProject = await rejection(pkg.listAuditLogs({ project_ids: ["team-a"] }, owner()));
    assert.equal(badProject.message, "query.project_ids[0] must be a project id (proj_…)");
  });

  test("where audit logging is off, a typed error says so and how to turn it on", async () => {
    emulator.auditLogging = false;
    for (const call of [pkg.listAuditLogs({}, owner()), collect(pkg.listAllAuditLogs({}, owner())), pkg.checkpointAccessHistory(CHECKPOINT, {}, owner())]) {
      const error = await rejection(call);
      assert.ok(error instanceof pkg.AuditLoggingDisabledError, error.name);
      assert.ok(error instanceof pkg.APIError);
      assert.equal(error.status, 400);
      assert.match(error.message, /^Audit logging is not enabled for this organization.*Data controls → Data retention → Audit logging/);
    }
  });
});

describe("checkpointAccessHistory", () => {
  test("who granted or revoked which project, and when, newest first, with names", async () => {
    await pkg.grantCheckpointPermissions(CHECKPOINT, [P.weather.id, P.support.id], owner());
    clock += 3600;
    await pkg.revokeCheckpointPermissions(CHECKPOINT, [P.weather.id], as(CI_KEY));
    clock += 60;
    await pkg.grantCheckpointPermissions(STEP, [P.weather.id], owner());
    const history = await pkg.checkpointAccessHistory(CHECKPOINT, {}, owner());
    assert.equal(history.checkpoint, CHECKPOINT);
    const rows = history.events.map((event) => [event.action, event.projectName, event.actor?.label, event.effectiveAt]);
    assert.deepEqual(rows[0], ["revoked", "Weather forecasts", "service account svc_acct_ci", 1_700_003_600], "newest first");
    // The two grants came in one request, at the same second: either order is the truth.
    assert.deepEqual(rows.slice(1).sort(), [
      ["granted", "Support bot", "owner@example.com", 1_700_000_000],
      ["granted", "Weather forecasts", "owner@example.com", 1_700_000_000],
    ]);
    assert.ok(history.events.every((event) => event.permissionId.startsWith("cp_") && event.eventId.startsWith("audit_log")));
    assert.deepEqual(history.events[0].actor, { kind: "service_account", label: "service account svc_acct_ci", id: "svc_acct_ci", keyId: "key_ci" });
    assert.deepEqual(history.events[1].actor, { kind: "user", label: "owner@example.com", email: "owner@example.com", id: "user-owner" });
    assert.equal(history.events[0].projectId, P.weather.id, "a revoke names the project of its grant");
    assert.equal(history.events.filter((event) => event.projectId === P.weather.id && event.action === "granted").length, 1, "the step checkpoint's grant is not this checkpoint's");
  });

  test("since and until bound the search; a revoke in the window is named from its older grant", async () => {
    await pkg.grantCheckpointPermissions(CHECKPOINT, [P.weather.id], owner());
    clock += 86_400;
    await pkg.revokeCheckpointPermissions(CHECKPOINT, [P.weather.id], owner());
    const recent = await pkg.checkpointAccessHistory(CHECKPOINT, { since: clock - 10 }, owner());
    assert.deepEqual(recent.events.map((event) => [event.action, event.projectId]), [["revoked", P.weather.id]]);
    assert.equal(recent.since, clock - 10);
    const early = await pkg.checkpointAccessHistory(CHECKPOINT, { until: 1_700_000_010 }, owner());
    assert.deepEqual(early.events.map((event) => event.action), ["granted"]);
    const bad = await rejection(pkg.checkpointAccessHistory("foo", {}, owner()));
    assert.equal(bad.message, "checkpoint must be a fine-tuned model or checkpoint name (ft:…) or a checkpoint id (ft-…)");
  });
});

describe("plans name projects and refuse what cannot work", () => {
  test("a dry-run sync names every project, and refuses an unknown one with a did-you-mean and an archived one", async () => {
    emulator.seed(CHECKPOINT, [P.support.id]);
    const typo = "proj_abGMw1llN8IrBb6SvvY5A1iX";
    const plan = await pkg.syncCheckpointPermissions(CHECKPOINT, [P.weather.id, typo, P.legacy.id], owner({ dryRun: true }));
    assert.deepEqual(plan.projects[P.weather.id], { name: "Weather forecasts", status: "active" });
    assert.deepEqual(plan.projects[P.support.id], { name: "Support bot", status: "active" }, "the one to revoke is named too");
    assert.deepEqual(plan.projects[typo], { name: null, status: "unknown" });
    assert.deepEqual(plan.refused.map((problem) => [problem.projectId, problem.status]), [[typo, "unknown"], [P.legacy.id, "archived"]]);
    assert.equal(plan.refused[0].message, `${typo} is not a project of this organization; did you mean ${P.weather.id} ("Weather forecasts")?`);
    assert.deepEqual(plan.refused[0].didYouMean, { id: P.weather.id, name: "Weather forecasts" });
    emulator.requests.length = 0;
    const error = await rejection(pkg.syncCheckpointPermissions(CHECKPOINT, [P.weather.id, typo], owner()));
    assert.ok(error instanceof pkg.InvalidInputError);
    assert.equal(error.field, "projectIds[1]");
    assert.deepEqual(emulator.requests.filter((request) => request.method !== "GET"), [], "nothing was written");
  });

  test("without a readable directory, plans say so once and carry on with bare ids", async () => {
    const bare = await startEmulator();
    try {
      const plan = await pkg.syncCheckpointPermissions(CHECKPOINT, [P.weather.id], { apiKey: "sk-fake-admin-test-0123456789abcdef", baseURL: bare.baseURL, dryRun: true });
      assert.deepEqual(plan.grant, [P.weather.id]);
      assert.equal(plan.projects, undefined);
      assert.equal(plan.warnings.length, 1);
      assert.match(plan.warnings[0], /^The organization's projects could not be read \(403 This emulator has no project directory/);
      const report = await access.planAccess({ checkpoints: { [CHECKPOINT]: [P.weather.id], [STEP]: [] } }, { apiKey: "sk-fake-admin-test-0123456789abcdef", baseURL: bare.baseURL });
      assert.equal(report.warnings.length, 1, "once for the run, not once per checkpoint");
      assert.ok(report.checkpoints.every((checkpoint) => checkpoint.warnings === undefined));
    } finally {
      await bare.close();
    }
  });

  test("planAccess names projects, refuses per checkpoint, and applyAccess writes nothing where a plan is refused", async () => {
    const text = JSON.stringify({ checkpoints: { [CHECKPOINT]: [P.weather.id], [STEP]: [P.legacy.id] } });
    const plan = await rejection(access.planAccess(text, owner()));
    assert.ok(plan instanceof access.PartialFailureError, plan.name);
    assert.match(plan.message, /1 of 2 checkpoints want a project that cannot be given access/);
    const [weather, step] = plan.result.checkpoints;
    assert.equal(weather.projects[P.weather.id].name, "Weather forecasts");
    assert.deepEqual(step.refused.map((problem) => problem.status), ["archived"]);
    assert.equal(plan.result.totals.refused, 1);
    const applied = await rejection(access.applyAccess(text, owner()));
    assert.deepEqual(applied.result.checkpoints.map((checkpoint) => checkpoint.created.length), [1, 0], "the refused checkpoint got no write");
    assert.equal(emulator.auditLog.filter((event) => event.type === "checkpoint.permission.created").length, 1);
  });

  test("projects given in options are used instead of reading them; a client reads them once", async () => {
    const projects = await collect(pkg.listAllProjects({ include_archived: true }, owner()));
    emulator.requests.length = 0;
    await pkg.syncCheckpointPermissions(CHECKPOINT, [P.weather.id], owner({ dryRun: true, projects }));
    assert.equal(requestsTo("/organization/projects").length, 0);
    const client = new pkg.CheckpointPermissionsClient(owner());
    assert.equal((await client.projectDirectory()).length, 3);
    await client.sync(CHECKPOINT, [P.weather.id], { dryRun: true });
    await client.sync(CHECKPOINT, [P.support.id], { dryRun: true });
    assert.equal(requestsTo("/organization/projects").length, 1, "read once, by projectDirectory");
    await client.projectDirectory({ refresh: true });
    assert.equal(requestsTo("/organization/projects").length, 2);
    const bad = await rejection(pkg.syncCheckpointPermissions(CHECKPOINT, [], owner({ dryRun: true, projects: [{ id: 7 }] })));
    assert.match(bad.message, /^options\.projects: \[0\]\.id: invalid type/);
  });

  test("projects: null reads none, names none, refuses none and warns of nothing", async () => {
    emulator.requests.length = 0;
    const typo = `${P.weather.id.slice(0, -1)}X`;
    const plan = await pkg.syncCheckpointPermissions(CHECKPOINT, [typo], owner({ dryRun: true, projects: null }));
    assert.deepEqual(plan.grant, [typo]);
    assert.deepEqual([plan.projects, plan.refused, plan.warnings], [undefined, undefined, undefined], JSON.stringify(plan));
    const history = await pkg.checkpointAccessHistory(CHECKPOINT, {}, owner({ projects: null }));
    assert.equal(history.warnings, undefined);
    assert.ok(history.events.every((event) => event.projectName === null));
    const report = await access.planAccess({ checkpoints: { [CHECKPOINT]: [P.weather.id] } }, owner({ projects: null }));
    assert.equal(report.warnings, undefined);
    assert.equal(requestsTo("/organization/projects").length, 0);
  });
});
