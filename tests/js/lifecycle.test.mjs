// The whole lifecycle against the emulator: list pages, the list iterator, delete, idempotent
// grant, revoke by project, declarative sync (with dry runs and partial failures), the client.
import assert from "node:assert/strict";
import { test } from "node:test";

import { validateComponent } from "../contract/schema.mjs";
import { CHECKPOINT, KEY, pkg, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const {
  listCheckpointPermissions, listAllCheckpointPermissions, deleteCheckpointPermission, grantCheckpointPermissions,
  revokeCheckpointPermissions, syncCheckpointPermissions, applyCheckpointPlan, CheckpointPermissionsClient, PartialFailureError,
  StalePlanError, InvalidInputError,
} = pkg;

const seed = (projects, checkpoint = CHECKPOINT) => api.emulator.seed(checkpoint, projects);
const projectsOf = (permissions) => permissions.map((p) => p.project_id);
const requestsBy = (method) => api.emulator.requests.filter((r) => r.method === method);
const stateProjects = () => projectsOf(api.emulator.state.get(CHECKPOINT) ?? []).sort();

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

test("list: one page with limit and order, query encoded on the wire", async () => {
  seed(["proj_p1", "proj_p2", "proj_p3"]);
  const page = await listCheckpointPermissions(CHECKPOINT, { limit: 2, order: "ascending" }, api.options());
  assert.deepEqual(validateComponent(page, "ListFineTuningCheckpointPermissionResponse"), []);
  assert.deepEqual(projectsOf(page.data), ["proj_p1", "proj_p2"]);
  assert.equal(page.has_more, true);
  assert.equal(page._request_id, api.emulator.requests[0].requestId);
  const [request] = api.emulator.requests;
  assert.equal(request.method, "GET");
  assert.equal(request.path, `/v1/fine_tuning/checkpoints/${CHECKPOINT}/permissions`);
  assert.deepEqual(request.query, { limit: "2", order: "ascending" });
  assert.equal(request.body, "");
  assert.equal(request.headers["content-type"], undefined, "no body, no content type");
});

test("list: the project_id filter, with an id that needs encoding", async () => {
  seed(["proj_p1", "proj_p&limit=1", "proj_p3"]);
  const page = await listCheckpointPermissions(CHECKPOINT, { project_id: "proj_p&limit=1" }, api.options());
  assert.deepEqual(projectsOf(page.data), ["proj_p&limit=1"]);
  assert.deepEqual(api.emulator.requests[0].query, { project_id: "proj_p&limit=1" });
});

test("list: bad queries are refused before the network", async () => {
  for (const [query, field] of [[{ limit: 0 }, "query.limit"], [{ limit: 2.5 }, "query.limit"], [{ order: "asc" }, "query.order"], [{ after: "" }, "query.after"], ["limit=2", "query"]]) {
    const error = await api.rejection(listCheckpointPermissions(CHECKPOINT, query, api.options()));
    assert.ok(error instanceof pkg.InvalidInputError, error.name);
    assert.equal(error.field, field);
  }
  assert.equal(api.emulator.requests.length, 0);
});

for (const order of ["ascending", "descending"]) {
  test(`listAll: every permission across 4 pages, ${order}, no page requested twice`, async () => {
    const projects = ["proj_p1", "proj_p2", "proj_p3", "proj_p4", "proj_p5", "proj_p6", "proj_p7"];
    seed(projects);
    const all = await collect(listAllCheckpointPermissions(CHECKPOINT, { limit: 2, order }, api.options()));
    assert.deepEqual(projectsOf(all), order === "ascending" ? projects : [...projects].reverse());
    assert.equal(api.emulator.requests.length, 4);
    const cursors = api.emulator.requests.map((r) => r.query.after ?? null);
    assert.equal(new Set(cursors).size, 4, "each page once");
    assert.equal(cursors[0], null);
    assert.ok(api.emulator.requests.every((r) => r.query.limit === "2" && r.query.order === order));
  });
}

test("listAll: the project_id filter", async () => {
  seed(["proj_p1", "proj_p2", "proj_p1b"]);
  const all = await collect(listAllCheckpointPermissions(CHECKPOINT, { project_id: "proj_p2" }, api.options()));
  assert.deepEqual(projectsOf(all), ["proj_p2"]);
});

test("listAll asks for the largest page (100) unless the caller gives a limit", async () => {
  const projects = Array.from({ length: 46 }, (_, n) => `proj_${n}`);
  seed(projects);
  const all = await collect(listAllCheckpointPermissions(CHECKPOINT, {}, api.options()));
  assert.equal(all.length, 46);
  assert.deepEqual(api.emulator.requests.map((request) => request.query), [{ limit: "100" }], "46 items, one request");
  api.emulator.reset();
  seed(projects.slice(0, 3));
  await collect(listAllCheckpointPermissions(CHECKPOINT, { limit: 2 }, api.options()));
  assert.deepEqual(api.emulator.requests.map((request) => request.query.limit), ["2", "2"]);
});

test("listAll: an early break sends no further request", async () => {
  seed(["proj_p1", "proj_p2", "proj_p3", "proj_p4", "proj_p5"]);
  for await (const permission of listAllCheckpointPermissions(CHECKPOINT, { limit: 2 }, api.options())) {
    assert.ok(permission.id);
    break;
  }
  assert.equal(api.emulator.requests.length, 1);
});

test("listAll: an empty page ends the walk even if has_more lies", async () => {
  api.emulator.inject({ status: 200, body: { object: "list", data: [], first_id: null, last_id: null, has_more: true }, times: 5 });
  const all = await collect(listAllCheckpointPermissions(CHECKPOINT, {}, api.options()));
  assert.deepEqual(all, []);
  assert.equal(api.emulator.requests.length, 1);
});

test("listAll: a server repeating a cursor cannot loop it", async () => {
  const page = { object: "list", data: [{ object: "checkpoint.permission", id: "cp_1", created_at: 1, project_id: "p" }], first_id: "cp_1", last_id: "cp_1", has_more: true };
  api.emulator.inject({ status: 200, body: page, times: 5 });
  const all = await collect(listAllCheckpointPermissions(CHECKPOINT, {}, api.options()));
  assert.equal(all.length, 2, "the first page, and the one after cp_1; then cp_1 again is refused");
  assert.equal(api.emulator.requests.length, 2);
});

test("listAll: the signal is honoured between pages", async () => {
  seed(["proj_p1", "proj_p2", "proj_p3", "proj_p4"]);
  const controller = new AbortController();
  const seen = [];
  const walk = (async () => {
    for await (const permission of listAllCheckpointPermissions(CHECKPOINT, { limit: 2 }, api.options({ signal: controller.signal }))) {
      seen.push(permission);
      controller.abort();
    }
  })();
  const error = await api.rejection(walk);
  assert.ok(error instanceof pkg.APIUserAbortError, error.name);
  assert.equal(seen.length, 2, "the first page is delivered whole");
  assert.equal(api.emulator.requests.length, 1);
});

test("listAll: bad input rejects on the first step, before any request", async () => {
  const error = await api.rejection(collect(listAllCheckpointPermissions("..", {}, api.options())));
  assert.ok(error instanceof pkg.InvalidInputError);
  assert.equal(api.emulator.requests.length, 0);
});

test("delete: revokes one permission and answers the API's object", async () => {
  const [permission] = seed(["proj_p1"]);
  const deleted = await deleteCheckpointPermission(CHECKPOINT, permission.id, api.options());
  assert.deepEqual({ ...deleted }, { object: "checkpoint.permission", id: permission.id, deleted: true });
  assert.deepEqual(validateComponent(deleted, "DeleteFineTuningCheckpointPermissionResponse"), []);
  assert.equal(api.emulator.requests[0].method, "DELETE");
  assert.equal(api.emulator.requests[0].path, `/v1/fine_tuning/checkpoints/${CHECKPOINT}/permissions/${permission.id}`);
  assert.deepEqual(stateProjects(), []);
});

test("delete: a missing permission is a NotFoundError; bad ids never leave", async () => {
  const missing = await api.rejection(deleteCheckpointPermission(CHECKPOINT, "cp_missing", api.options()));
  assert.ok(missing instanceof pkg.NotFoundError);
  for (const id of ["", "..", "a\nb", undefined, "cp_1/../x", "..%2F..%2Forganization%2Fadmin_api_keys", "perm_1"]) {
    const error = await api.rejection(deleteCheckpointPermission(CHECKPOINT, id, api.options()));
    assert.ok(error instanceof pkg.InvalidInputError, `${JSON.stringify(id)}: ${error.name}`);
    assert.equal(error.field, "permissionId");
  }
  assert.equal(api.emulator.requests.length, 1, "only the well-formed id was sent");
});

test("grant: creates only what is missing; twice creates nothing", async () => {
  seed(["proj_a"]);
  const first = await grantCheckpointPermissions(CHECKPOINT, ["proj_a", "proj_b", "proj_c", "proj_b"], api.options());
  assert.deepEqual(projectsOf(first.created), ["proj_b", "proj_c"]);
  assert.deepEqual(projectsOf(first.alreadyGranted), ["proj_a"]);
  assert.deepEqual(first.failed, []);
  assert.equal(requestsBy("POST").length, 1);
  assert.equal(requestsBy("POST")[0].body, '{"project_ids":["proj_b","proj_c"]}');
  api.emulator.requests.length = 0;
  const second = await grantCheckpointPermissions(CHECKPOINT, ["proj_a", "proj_b", "proj_c"], api.options());
  assert.deepEqual(second.created, []);
  assert.deepEqual(projectsOf(second.alreadyGranted), ["proj_a", "proj_b", "proj_c"]);
  assert.equal(requestsBy("POST").length, 0, "the second call writes nothing");
  assert.deepEqual(stateProjects(), ["proj_a", "proj_b", "proj_c"]);
});

test("grant: a failed create is a PartialFailureError listing each project", async () => {
  seed(["proj_a"]);
  api.emulator.inject({ status: 500, match: { method: "POST" }, times: 3 });
  const error = await api.rejection(grantCheckpointPermissions(CHECKPOINT, ["proj_a", "proj_b", "proj_c"], api.options({ maxRetries: 0 })));
  assert.ok(error instanceof PartialFailureError, error.name);
  assert.deepEqual(error.result.created, []);
  assert.deepEqual(projectsOf(error.result.alreadyGranted), ["proj_a"]);
  assert.deepEqual(error.result.failed.map((f) => f.projectId), ["proj_b", "proj_c"]);
  assert.ok(error.result.failed.every((f) => f.error instanceof pkg.InternalServerError && f.action === "grant"));
  assert.match(error.message, /^grant: 2 of 2 changes failed/);
});

test("revoke: by project id, with the ones that had no access", async () => {
  seed(["proj_a", "proj_b", "proj_c"]);
  const result = await revokeCheckpointPermissions(CHECKPOINT, ["proj_a", "proj_x", "proj_c"], api.options());
  assert.deepEqual(projectsOf(result.revoked).sort(), ["proj_a", "proj_c"]);
  assert.deepEqual(result.notGranted, ["proj_x"]);
  assert.deepEqual(result.failed, []);
  assert.equal(requestsBy("DELETE").length, 2);
  assert.deepEqual(stateProjects(), ["proj_b"]);
});

test("revoke: never more deletes in flight than the concurrency", async () => {
  seed(["proj_a", "proj_b", "proj_c", "proj_d", "proj_e", "proj_f"]);
  api.emulator.inject({ delayHeadersMs: 30, match: { method: "DELETE" }, times: 6 });
  let inFlight = 0;
  let peak = 0;
  const countingFetch = async (url, init) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    try {
      return await globalThis.fetch(url, init);
    } finally {
      inFlight -= 1;
    }
  };
  await revokeCheckpointPermissions(CHECKPOINT, ["proj_a", "proj_b", "proj_c", "proj_d", "proj_e", "proj_f"], api.options({ concurrency: 2, fetch: countingFetch }));
  assert.equal(peak, 2);
  assert.deepEqual(stateProjects(), []);
});

test("sync from {a,b,c} to {b,c,d}: exactly one create (d) and one delete (a)", async () => {
  const [a] = seed(["proj_a", "proj_b", "proj_c"]);
  const result = await syncCheckpointPermissions(CHECKPOINT, ["proj_b", "proj_c", "proj_d"], api.options());
  assert.equal(result.dryRun, false);
  assert.deepEqual(result.grant, ["proj_d"]);
  assert.deepEqual(projectsOf(result.revoke), ["proj_a"]);
  assert.deepEqual(projectsOf(result.keep), ["proj_b", "proj_c"]);
  assert.deepEqual(projectsOf(result.created), ["proj_d"]);
  assert.deepEqual(projectsOf(result.revoked), ["proj_a"]);
  const posts = requestsBy("POST");
  const deletes = requestsBy("DELETE");
  assert.equal(posts.length, 1);
  assert.equal(posts[0].body, '{"project_ids":["proj_d"]}');
  assert.equal(deletes.length, 1);
  assert.ok(deletes[0].path.endsWith(`/permissions/${a.id}`));
  assert.deepEqual(stateProjects(), ["proj_b", "proj_c", "proj_d"]);
});

test("sync dry run: the plan, and no writes", async () => {
  seed(["proj_a", "proj_b"]);
  const result = await syncCheckpointPermissions(CHECKPOINT, ["proj_b", "proj_c"], api.options({ dryRun: true }));
  assert.equal(result.dryRun, true);
  assert.deepEqual(result.grant, ["proj_c"]);
  assert.deepEqual(projectsOf(result.revoke), ["proj_a"]);
  assert.deepEqual(projectsOf(result.keep), ["proj_b"]);
  assert.deepEqual(result.created, []);
  assert.deepEqual(result.revoked, []);
  assert.ok(api.emulator.requests.every((r) => r.method === "GET"));
  assert.deepEqual(stateProjects(), ["proj_a", "proj_b"]);
});

test("a reviewed plan is applied exactly, even from its JSON, and names its checkpoint", async () => {
  seed(["proj_a", "proj_b"]);
  const plan = await syncCheckpointPermissions(CHECKPOINT, ["proj_b", "proj_c"], api.options({ dryRun: true }));
  assert.equal(plan.checkpoint, CHECKPOINT);
  assert.deepEqual(plan.desired, ["proj_b", "proj_c"]);
  api.emulator.requests.length = 0;
  const applied = await applyCheckpointPlan(JSON.parse(JSON.stringify(plan)), api.options());
  assert.equal(applied.dryRun, false);
  assert.deepEqual(projectsOf(applied.created), ["proj_c"]);
  assert.deepEqual(projectsOf(applied.revoked), ["proj_a"]);
  assert.deepEqual(stateProjects(), ["proj_b", "proj_c"]);
  assert.deepEqual(requestsBy("POST").map((r) => r.body), ['{"project_ids":["proj_c"]}']);
  assert.deepEqual(requestsBy("DELETE").map((r) => r.path.split("/").pop()), [plan.revoke[0].id]);
});

test("a plan whose checkpoint changed since writes nothing: StalePlanError says what changed and carries a fresh plan", async () => {
  seed(["proj_a", "proj_b", "proj_c"]);
  const plan = await syncCheckpointPermissions(CHECKPOINT, ["proj_b"], api.options({ dryRun: true }));
  assert.deepEqual(projectsOf(plan.revoke).sort(), ["proj_a", "proj_c"]);
  const [sneaked] = seed(["proj_d"]);
  api.emulator.requests.length = 0;
  const error = await api.rejection(applyCheckpointPlan(plan, api.options()));
  assert.ok(error instanceof StalePlanError, error.name);
  assert.match(error.message, /^applyCheckpointPlan: the permissions changed since the plan was made, so nothing was written: .* \(1 added, 0 removed\)/);
  assert.deepEqual(error.changes, [{ checkpoint: CHECKPOINT, added: [{ ...sneaked }], removed: [] }]);
  assert.deepEqual(projectsOf(error.plan.revoke).sort(), ["proj_a", "proj_c", "proj_d"], "the fresh plan revokes the newcomer too");
  assert.equal(error.plan.dryRun, true);
  assert.deepEqual(requestsBy("POST").concat(requestsBy("DELETE")), [], "nothing was written");
  assert.deepEqual(stateProjects(), ["proj_a", "proj_b", "proj_c", "proj_d"]);
  const applied = await applyCheckpointPlan(error.plan, api.options());
  assert.deepEqual(projectsOf(applied.revoked).sort(), ["proj_a", "proj_c", "proj_d"]);
  assert.deepEqual(stateProjects(), ["proj_b"]);
});

test("an edited, incomplete or malformed plan is refused before any request", async () => {
  seed(["proj_a", "proj_b"]);
  const plan = await syncCheckpointPermissions(CHECKPOINT, ["proj_b"], api.options({ dryRun: true }));
  api.emulator.requests.length = 0;
  const cases = [
    [{ ...plan, revoke: [...plan.revoke, ...plan.keep], keep: [] }, "plan", /is not a plan this package made/],
    [{ ...plan, grant: ["proj_x"] }, "plan", /is not a plan this package made/],
    [{ ...plan, checkpoint: "ft:a/b" }, "plan.checkpoint", /must not contain "\/"/],
    [{ ...plan, desired: ["team-b"] }, "plan.desired[0]", /must be a project id/],
    [{ ...plan, keep: [{ ...plan.keep[0], id: 7 }] }, "plan", /^plan: keep\[0\]\.id: invalid type: floating point `7.0`, expected a string$/],
    [[], "plan", /^plan must be an object$/],
    [undefined, "plan", /^plan is required$/],
  ];
  for (const [bad, field, message] of cases) {
    const error = await api.rejection(applyCheckpointPlan(bad, api.options()));
    assert.ok(error instanceof InvalidInputError, `${field}: ${error.name}`);
    assert.equal(error.field, field);
    assert.match(error.message, message);
  }
  assert.deepEqual(api.emulator.requests, []);
});

test("a failed create of two projects is one error, the same object in both of their entries", async () => {
  api.emulator.inject({ status: 500, headers: { "x-should-retry": "false" }, match: { method: "POST" } });
  const error = await api.rejection(syncCheckpointPermissions(CHECKPOINT, ["proj_x", "proj_y"], api.options()));
  assert.ok(error instanceof PartialFailureError, error.name);
  const { failed } = error.result;
  assert.deepEqual(failed.map((entry) => entry.projectId).sort(), ["proj_x", "proj_y"]);
  assert.ok(failed[0].error instanceof pkg.InternalServerError);
  assert.equal(failed[0].error, failed[1].error);
});

test("sync with a failure in the middle: precise lists, and a second sync finishes the job", async () => {
  const seeded = seed(["proj_a", "proj_b", "proj_c", "proj_d", "proj_e"]);
  const victim = seeded[2];
  api.emulator.inject({ status: 500, headers: { "x-should-retry": "false" }, match: { method: "DELETE", pathIncludes: victim.id } });
  const error = await api.rejection(syncCheckpointPermissions(CHECKPOINT, ["proj_f"], api.options({ concurrency: 2 })));
  assert.ok(error instanceof PartialFailureError, error.name);
  const { result } = error;
  assert.deepEqual(projectsOf(result.created), ["proj_f"]);
  assert.deepEqual(projectsOf(result.revoked).sort(), ["proj_a", "proj_b", "proj_d", "proj_e"]);
  assert.equal(result.failed.length, 1);
  assert.deepEqual({ ...result.failed[0], error: undefined }, { action: "revoke", projectId: "proj_c", permissionId: victim.id, error: undefined });
  assert.ok(result.failed[0].error instanceof pkg.InternalServerError);
  assert.deepEqual(stateProjects(), ["proj_c", "proj_f"], "the state is exactly what the report says");

  const again = await syncCheckpointPermissions(CHECKPOINT, ["proj_f"], api.options());
  assert.deepEqual(again.grant, []);
  assert.deepEqual(projectsOf(again.revoked), ["proj_c"]);
  assert.deepEqual(stateProjects(), ["proj_f"]);
});

test("sync to an empty list revokes everyone; a permission already gone counts as revoked", async () => {
  const [a] = seed(["proj_a", "proj_b"]);
  api.emulator.inject({ status: 404, match: { method: "DELETE", pathIncludes: a.id } });
  const result = await syncCheckpointPermissions(CHECKPOINT, [], api.options());
  assert.deepEqual(projectsOf(result.revoked).sort(), ["proj_a", "proj_b"]);
  assert.deepEqual(result.failed, []);
});

test("grant, revoke and sync validate everything before the first request", async () => {
  const cases = [
    [grantCheckpointPermissions, [CHECKPOINT, [], api.options()], "projectIds"],
    [grantCheckpointPermissions, ["..", ["proj_a"], api.options()], "checkpoint"],
    [revokeCheckpointPermissions, [CHECKPOINT, ["proj_a", ""], api.options()], "projectIds[1]"],
    [revokeCheckpointPermissions, [CHECKPOINT, ["proj_a"], api.options({ concurrency: 0 })], "options.concurrency"],
    [syncCheckpointPermissions, [CHECKPOINT, "proj_a", api.options()], "projectIds"],
    [syncCheckpointPermissions, [CHECKPOINT, ["proj_a"], api.options({ dryRun: "yes" })], "options.dryRun"],
  ];
  for (const [fn, args, field] of cases) {
    const error = await api.rejection(fn(...args));
    assert.ok(error instanceof pkg.InvalidInputError, `${fn.name}: ${error.name}`);
    assert.equal(error.field, field);
  }
  assert.equal(api.emulator.requests.length, 0);
});

test("the client shares options, and per-call options win", async () => {
  const client = new CheckpointPermissionsClient({ apiKey: KEY, baseURL: api.emulator.baseURL, headers: { "x-app": "console" } });
  const created = await client.create(CHECKPOINT, { project_ids: ["proj_a"] });
  assert.deepEqual(projectsOf(created.data), ["proj_a"]);
  await client.grant(CHECKPOINT, ["proj_b"]);
  assert.deepEqual(projectsOf((await client.list(CHECKPOINT, { order: "ascending" })).data), ["proj_a", "proj_b"]);
  assert.deepEqual(projectsOf(await collect(client.listAll(CHECKPOINT, { limit: 1 }))).sort(), ["proj_a", "proj_b"]);
  const dry = await client.sync(CHECKPOINT, ["proj_b"], { dryRun: true });
  assert.deepEqual(projectsOf(dry.revoke), ["proj_a"]);
  const revoked = await client.revoke(CHECKPOINT, ["proj_a"]);
  assert.deepEqual(projectsOf(revoked.revoked), ["proj_a"]);
  const [remaining] = api.emulator.state.get(CHECKPOINT);
  await client.delete(CHECKPOINT, remaining.id);
  assert.deepEqual(stateProjects(), []);
  assert.ok(api.emulator.requests.every((r) => r.headers["x-app"] === "console"));
  const wrongKey = await api.rejection(client.list(CHECKPOINT, {}, { apiKey: "sk-fake-admin-other-key-000000", maxRetries: 0 }));
  assert.ok(wrongKey instanceof pkg.AuthenticationError, "per-call options override the client's");
});

test("the key goes on the wire only in the Authorization header", async () => {
  seed(["proj_a", "proj_b"]);
  const options = api.options({ organization: "org-1", headers: { "x-trace": "t" } });
  await pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_c"] }, options);
  await listCheckpointPermissions(CHECKPOINT, { limit: 1, project_id: "proj_a" }, options);
  await syncCheckpointPermissions(CHECKPOINT, ["proj_a", "proj_d"], options);
  api.emulator.inject({ status: 500, times: 3 });
  await api.rejection(deleteCheckpointPermission(CHECKPOINT, "cp_x", { ...options, maxRetries: 1 }));
  assert.ok(api.emulator.requests.length >= 6);
  for (const request of api.emulator.requests) {
    const { authorization, ...others } = request.headers;
    assert.equal(authorization, `Bearer ${KEY}`);
    const elsewhere = JSON.stringify([request.path, request.query, request.body, others]);
    assert.ok(!elsewhere.includes(KEY), `${request.method} ${request.path} carries the key outside Authorization`);
  }
});
