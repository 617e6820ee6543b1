// Exercises the OpenAI checkpoint-permissions emulator over real HTTP (global fetch),
// checking every answer against the contract schemas converted from OpenAI's spec.
// Run: node --test tests/js/emulator.test.mjs

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { componentValidator, openApiDocument, validateComponent } from "../contract/schema.mjs";
import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";

const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const CLI_PATH = fileURLToPath(new URL("../emulator/cli.mjs", import.meta.url));
const ORGANIZATION_SPEC = fileURLToPath(new URL("../contract/organization-projects-audit-logs.openapi.yaml", import.meta.url));
const TOOLS = process.env.TEST_TOOLS || fileURLToPath(new URL("../tools/node_modules", import.meta.url));
// Upper bound for any single exchange, so a broken emulator fails the test instead of hanging it.
const REQUEST_TIMEOUT_MS = 3000;

let emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator.close());
beforeEach(() => emulator.reset());

// ---------------------------------------------------------------- helpers

function permissionsUrl(checkpoint = CHECKPOINT, query = {}, base = emulator.baseURL) {
  const search = new URLSearchParams(query).toString();
  return `${base}/fine_tuning/checkpoints/${encodeURIComponent(checkpoint)}/permissions${search ? `?${search}` : ""}`;
}

function permissionUrl(permissionId, checkpoint = CHECKPOINT) {
  return `${permissionsUrl(checkpoint)}/${encodeURIComponent(permissionId)}`;
}

/** Sends a request with the admin key (unless key is null) and reads the whole answer. */
async function call(method, url, { body, key = DEFAULT_ADMIN_KEY, headers = {} } = {}) {
  const response = await send(method, url, { body, key, headers });
  const text = await response.text();
  return { response, status: response.status, text, json: parseOrUndefined(text) };
}

/** Like call() but returns the Response as soon as its headers arrive. */
function send(method, url, { body, key = DEFAULT_ADMIN_KEY, headers = {} } = {}) {
  return fetch(url, {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined || typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}

function parseOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function assertMatchesSchema(value, schemaName) {
  assert.deepEqual(validateComponent(value, schemaName), [], `answer should be a valid ${schemaName}: ${JSON.stringify(value)}`);
}

function assertCommonHeaders(response, contentType = "application/json") {
  assert.match(response.headers.get("x-request-id"), /^req_[0-9a-f]{32}$/);
  assert.equal(response.headers.get("content-type"), contentType);
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  assert.equal(response.headers.get("access-control-expose-headers"), "x-request-id, retry-after, retry-after-ms, x-should-retry");
}

/** An error answer: the status, OpenAI's shape with all four keys, and optionally its param/code. */
function assertOpenAiError(result, status, expected = {}) {
  assert.equal(result.status, status, result.text);
  assertCommonHeaders(result.response);
  assertMatchesSchema(result.json, "ErrorResponse");
  assert.deepEqual(Object.keys(result.json.error).sort(), ["code", "message", "param", "type"]);
  for (const [key, value] of Object.entries(expected)) assert.equal(result.json.error[key], value, `error.${key}`);
}

function permissionCount(checkpoint = CHECKPOINT) {
  return emulator.state.get(checkpoint)?.length ?? 0;
}

/** Follows `after` cursors until has_more is false; returns every page. */
async function allPages(query) {
  const pages = [];
  let after;
  do {
    const { status, json } = await call("GET", permissionsUrl(CHECKPOINT, { ...query, ...(after ? { after } : {}) }));
    assert.equal(status, 200);
    assertMatchesSchema(json, "ListFineTuningCheckpointPermissionResponse");
    pages.push(json);
    after = json.last_id;
  } while (pages.at(-1).has_more);
  return pages;
}

// ---------------------------------------------------------------- contract validator

// Ajv does the validating; these check how schema.mjs sets it up, since every contract assertion
// in the tests is only as good as that: "$ref"s resolve, extra answer fields pass, errors are
// reported, and nothing unknown is skipped.
describe("schema.mjs (Ajv over openapi-schemas.json)", () => {
  const permission = { object: "checkpoint.permission", id: "cp_zc4Q7MP6XxulcVzj4MZdwsAB", created_at: 1721764867, project_id: "proj_1" };

  test("accepts valid answers, null cursors and fields the spec does not name", () => {
    assertMatchesSchema({ object: "list", data: [permission], first_id: permission.id, last_id: permission.id, has_more: false }, "ListFineTuningCheckpointPermissionResponse");
    assertMatchesSchema({ object: "list", data: [], first_id: null, last_id: null, has_more: false }, "ListFineTuningCheckpointPermissionResponse");
    assertMatchesSchema({ object: "list", data: [{ ...permission, role: "reader" }], has_more: true, total: 9 }, "ListFineTuningCheckpointPermissionResponse");
    assertMatchesSchema({ object: "checkpoint.permission", id: permission.id, deleted: true }, "DeleteFineTuningCheckpointPermissionResponse");
    assertMatchesSchema({ error: { message: "m", type: "t", param: null, code: null } }, "ErrorResponse");
    assertMatchesSchema({ project_ids: ["proj_1"] }, "CreateFineTuningCheckpointPermissionRequest");
  });

  test("rejects wrong shapes, naming where, through every $ref", () => {
    const cases = [
      [{ ...permission, created_at: 1.5 }, "FineTuningCheckpointPermission", /^\/created_at: must be integer/],
      [{ ...permission, object: "permission" }, "FineTuningCheckpointPermission", /^\/object: must be equal to one of the allowed values/],
      [{ id: permission.id, object: "checkpoint.permission", created_at: 1 }, "FineTuningCheckpointPermission", /must have required property 'project_id'/],
      [{ object: "list", data: [{ ...permission, id: 7 }], has_more: false }, "ListFineTuningCheckpointPermissionResponse", /^\/data\/0\/id: must be string/],
      [{ object: "list", data: {}, has_more: false }, "ListFineTuningCheckpointPermissionResponse", /^\/data: must be array/],
      [{ object: "list", data: [], first_id: 3, has_more: false }, "ListFineTuningCheckpointPermissionResponse", /^\/first_id: must match a schema in anyOf/],
      [{ object: "list", data: [] }, "ListFineTuningCheckpointPermissionResponse", /must have required property 'has_more'/],
      [[], "ListFineTuningCheckpointPermissionResponse", /^\/: must be object/],
      [{ object: "checkpoint.permission", id: "x", deleted: "yes" }, "DeleteFineTuningCheckpointPermissionResponse", /^\/deleted: must be boolean/],
      [{ error: { message: "m", type: "t", param: null } }, "ErrorResponse", /^\/error: must have required property 'code'/],
      [{ project_ids: ["p"], extra: 1 }, "CreateFineTuningCheckpointPermissionRequest", /must NOT have additional properties/],
    ];
    for (const [value, schemaName, expected] of cases) {
      const errors = validateComponent(value, schemaName);
      assert.ok(errors.some((error) => expected.test(error)), `${JSON.stringify(value)} as ${schemaName}: got ${JSON.stringify(errors)}`);
    }
  });

  test("an unknown keyword, component or $ref throws instead of passing", () => {
    const withTypo = structuredClone(openApiDocument);
    withTypo.components.schemas.FineTuningCheckpointPermission.properties.id.minLenght = 2;
    assert.throws(() => componentValidator(withTypo)(permission, "FineTuningCheckpointPermission"), /strict mode: unknown keyword: "minLenght"/);

    const withDanglingRef = structuredClone(openApiDocument);
    withDanglingRef.components.schemas.ListFineTuningCheckpointPermissionResponse.properties.data.items.$ref = "#/components/schemas/Nope";
    assert.throws(() => componentValidator(withDanglingRef)({ object: "list", data: [], has_more: false }, "ListFineTuningCheckpointPermissionResponse"), /can't resolve reference/);

    assert.throws(() => validateComponent(permission, "Nope"), /no component schema "Nope"/);
    assert.match(openApiDocument.$comment, /OpenAI.*OpenAPI.*MIT/);
  });

  test("the organization schemas are the ones in organization-projects-audit-logs.openapi.yaml", () => {
    // @stoplight/yaml is Prism's parser, as in prism.test.mjs, so the file is read as Prism would.
    const yaml = createRequire(join(TOOLS, "noop.js"))("@stoplight/yaml");
    const spec = yaml.parse(readFileSync(ORGANIZATION_SPEC, "utf8"));
    const names = [
      "ProjectListResponse", "Project", "PublicProjectResidency", "ListAuditLogsResponse", "AuditLog", "AuditLogEventType",
      "AuditLogActor", "AuditLogActorSession", "AuditLogActorUser", "AuditLogActorApiKey", "AuditLogActorServiceAccount",
      "ErrorResponse", "Error",
    ];
    for (const name of names) assert.deepEqual(openApiDocument.components.schemas[name], spec.components.schemas[name], name);
    assert.deepEqual(Object.keys(spec.paths).sort(), ["/organization/audit_logs", "/organization/projects"]);
  });

  test("the spec's own project and audit log examples pass; wrong shapes do not", () => {
    const { Project, AuditLog } = openApiDocument.components.schemas;
    const project = JSON.parse(Project["x-oaiMeta"].example);
    assertMatchesSchema(project, "Project");
    assertMatchesSchema({ object: "list", data: [project], first_id: project.id, last_id: project.id, has_more: false }, "ProjectListResponse");
    const event = JSON.parse(AuditLog["x-oaiMeta"].example);
    assertMatchesSchema(event, "AuditLog");
    assertMatchesSchema({ object: "list", data: [event], first_id: event.id, last_id: event.id, has_more: true }, "ListAuditLogsResponse");

    const cases = [
      [{ ...project, object: "project" }, "Project", /^\/object: must be equal to one of the allowed values/],
      [{ ...project, archived_at: "yesterday" }, "Project", /^\/archived_at: must match a schema in anyOf/],
      [{ object: "list", data: [{ id: "proj_x" }], has_more: false }, "ProjectListResponse", /^\/data\/0: must have required property 'object'/],
      [{ ...event, type: "checkpoint.permission.granted" }, "AuditLog", /^\/type: must be equal to one of the allowed values/],
      [{ ...event, actor: { type: "robot" } }, "AuditLog", /^\/actor\/type: must be equal to one of the allowed values/],
      [{ ...event, "checkpoint.permission.created": { id: "cp_x", data: { project_id: 7 } } }, "AuditLog", /^\/checkpoint.permission.created\/data\/project_id: must be string/],
      [{ object: "list", data: [{ ...event, effective_at: 1.5 }], has_more: false }, "ListAuditLogsResponse", /^\/data\/0\/effective_at: must be integer/],
    ];
    for (const [value, schemaName, expected] of cases) {
      const errors = validateComponent(value, schemaName);
      assert.ok(errors.some((error) => expected.test(error)), `${JSON.stringify(value)} as ${schemaName}: got ${JSON.stringify(errors)}`);
    }
  });
});

// ---------------------------------------------------------------- the three routes

describe("create, list, delete", () => {
  test("POST grants permissions and answers a spec-shaped page of them", async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await call("POST", permissionsUrl(), { body: { project_ids: ["proj_a", "proj_b"] } });
    assert.equal(result.status, 200);
    assertCommonHeaders(result.response);
    assertMatchesSchema(result.json, "ListFineTuningCheckpointPermissionResponse");

    const { data } = result.json;
    assert.deepEqual(data.map((permission) => permission.project_id), ["proj_a", "proj_b"]);
    for (const permission of data) {
      assert.match(permission.id, /^cp_[A-Za-z0-9]{24}$/);
      assert.ok(permission.created_at >= before && permission.created_at <= Math.floor(Date.now() / 1000) + 1);
    }
    assert.equal(result.json.first_id, data[0].id);
    assert.equal(result.json.last_id, data[1].id);
    assert.equal(result.json.has_more, false);
    assert.deepEqual(emulator.state.get(CHECKPOINT), data);
  });

  test("GET lists them newest first by default, DELETE removes one", async () => {
    const [older, newer] = emulator.seed(CHECKPOINT, ["proj_a", "proj_b"]);
    const listed = await call("GET", permissionsUrl());
    assert.equal(listed.status, 200);
    assertCommonHeaders(listed.response);
    assertMatchesSchema(listed.json, "ListFineTuningCheckpointPermissionResponse");
    assert.deepEqual(listed.json.data.map((permission) => permission.id), [newer.id, older.id]);

    const deleted = await call("DELETE", permissionUrl(older.id));
    assert.equal(deleted.status, 200);
    assertCommonHeaders(deleted.response);
    assertMatchesSchema(deleted.json, "DeleteFineTuningCheckpointPermissionResponse");
    assert.deepEqual(deleted.json, { object: "checkpoint.permission", id: older.id, deleted: true });
    assert.deepEqual(emulator.state.get(CHECKPOINT), [newer]);

    assertOpenAiError(await call("DELETE", permissionUrl(older.id)), 404, { param: "permission_id" });
    assertOpenAiError(await call("DELETE", permissionUrl(newer.id, "ft:another")), 404);
  });

  test("an unknown checkpoint simply has an empty page", async () => {
    const { status, json } = await call("GET", permissionsUrl("ft:never-seen"));
    assert.equal(status, 200);
    assert.deepEqual(json, { object: "list", data: [], first_id: null, last_id: null, has_more: false });
  });

  test("granting a project twice keeps its one permission and answers with it", async () => {
    const [first] = (await call("POST", permissionsUrl(), { body: { project_ids: ["proj_a"] } })).json.data;
    const again = await call("POST", permissionsUrl(), { body: { project_ids: ["proj_b", "proj_a", "proj_b"] } });
    assert.equal(again.status, 200);
    assertMatchesSchema(again.json, "ListFineTuningCheckpointPermissionResponse");
    assert.deepEqual(again.json.data.map((permission) => permission.project_id), ["proj_b", "proj_a"]);
    assert.deepEqual(again.json.data[1], first);
    assert.equal(permissionCount(), 2);
  });

  test("bad create bodies are 400s naming the parameter, and change nothing", async () => {
    const cases = [
      ["{not json", null],
      ["[]", null],
      [{}, "project_ids"],
      [{ project_ids: "proj_a" }, "project_ids"],
      [{ project_ids: [] }, "project_ids"],
      [{ project_ids: ["proj_a", ""] }, "project_ids[1]"],
      [{ project_ids: [42] }, "project_ids[0]"],
      [{ project_ids: ["proj_a"], role: "admin" }, "role"],
    ];
    for (const [body, param] of cases) {
      assertOpenAiError(await call("POST", permissionsUrl(), { body }), 400, { type: "invalid_request_error", param });
    }
    assert.equal(permissionCount(), 0);
  });
});

// ---------------------------------------------------------------- listing

describe("pagination and filters", () => {
  test("pages through in both orders with limit, ties within a second kept in creation order", async () => {
    const created = emulator.seed(CHECKPOINT, ["p1", "p2", "p3", "p4", "p5", "p6", "p7"]).map((permission) => permission.id);

    const ascending = await allPages({ limit: 3, order: "ascending" });
    assert.deepEqual(ascending.map((page) => page.data.length), [3, 3, 1]);
    assert.deepEqual(ascending.map((page) => page.has_more), [true, true, false]);
    assert.deepEqual(ascending.flatMap((page) => page.data.map((permission) => permission.id)), created);
    for (const page of ascending) {
      assert.equal(page.first_id, page.data[0].id);
      assert.equal(page.last_id, page.data.at(-1).id);
    }

    const descending = await allPages({ limit: 3 }); // descending is the default
    assert.deepEqual(descending.map((page) => page.data.length), [3, 3, 1]);
    assert.deepEqual(descending.flatMap((page) => page.data.map((permission) => permission.id)), created.toReversed());

    const pastTheEnd = await call("GET", permissionsUrl(CHECKPOINT, { after: created[0] }));
    assert.deepEqual(pastTheEnd.json, { object: "list", data: [], first_id: null, last_id: null, has_more: false });
  });

  test("created_at orders first; the creation sequence breaks ties, whatever the array order", async () => {
    const [first, second, third] = emulator.seed(CHECKPOINT, ["p1", "p2", "p3"]);
    const ascendingIds = async () => (await call("GET", permissionsUrl(CHECKPOINT, { order: "ascending" }))).json.data.map((permission) => permission.id);

    for (const permission of [first, second, third]) permission.created_at = 1721764800; // one second for all
    emulator.state.get(CHECKPOINT).reverse(); // storage order must not matter
    assert.deepEqual(await ascendingIds(), [first.id, second.id, third.id]);

    first.created_at += 60; // now the newest
    assert.deepEqual(await ascendingIds(), [second.id, third.id, first.id]);
  });

  test("limit defaults to 10", async () => {
    emulator.seed(CHECKPOINT, Array.from({ length: 12 }, (_, index) => `proj_${index}`));
    const { json } = await call("GET", permissionsUrl());
    assert.equal(json.data.length, 10);
    assert.equal(json.has_more, true);
    assert.equal(json.data[0].project_id, "proj_11");
  });

  test("project_id filters, and combines with the cursor", async () => {
    const [a] = emulator.seed(CHECKPOINT, ["proj_a", "proj_b", "proj_c"]);
    const filtered = await call("GET", permissionsUrl(CHECKPOINT, { project_id: "proj_b" }));
    assertMatchesSchema(filtered.json, "ListFineTuningCheckpointPermissionResponse");
    assert.deepEqual(filtered.json.data.map((permission) => permission.project_id), ["proj_b"]);

    const none = await call("GET", permissionsUrl(CHECKPOINT, { project_id: "proj_zzz" }));
    assert.deepEqual(none.json, { object: "list", data: [], first_id: null, last_id: null, has_more: false });

    // proj_b was created after proj_a, so ascending from proj_a it is still ahead.
    const afterA = await call("GET", permissionsUrl(CHECKPOINT, { project_id: "proj_b", after: a.id, order: "ascending" }));
    assert.deepEqual(afterA.json.data.map((permission) => permission.project_id), ["proj_b"]);
    const afterADescending = await call("GET", permissionsUrl(CHECKPOINT, { project_id: "proj_b", after: a.id }));
    assert.deepEqual(afterADescending.json.data, []);
  });

  test("bad query parameters are 400s naming the parameter", async () => {
    emulator.seed(CHECKPOINT, ["proj_a"]);
    const cases = [
      [{ limit: "0" }, "limit"],
      [{ limit: "101" }, "limit"],
      [{ limit: "ten" }, "limit"],
      [{ limit: "2.5" }, "limit"],
      [{ order: "asc" }, "order"],
      [{ after: "cp_doesNotExist000000000000" }, "after"],
    ];
    for (const [query, param] of cases) {
      assertOpenAiError(await call("GET", permissionsUrl(CHECKPOINT, query)), 400, { param });
    }
    assert.equal((await call("GET", permissionsUrl(CHECKPOINT, { limit: "100" }))).status, 200);
  });
});

// ---------------------------------------------------------------- paths, auth, CORS

describe("paths", () => {
  test("percent-encoded segments are decoded one by one: a%2Fb is one checkpoint", async () => {
    const created = await call("POST", permissionsUrl("a/b"), { body: { project_ids: ["proj_a"] } });
    assert.equal(created.status, 200);
    assert.ok(emulator.state.has("a/b"));
    assert.equal(emulator.requests.at(-1).path, "/v1/fine_tuning/checkpoints/a%2Fb/permissions");

    const [permission] = created.json.data;
    assert.deepEqual((await call("GET", permissionsUrl("a/b"))).json.data, [permission]);
    assert.equal((await call("DELETE", permissionUrl(permission.id, "a/b"))).status, 200);
    assert.equal(emulator.state.has("a/b"), false);

    // Unencoded, the slash makes it a different (unknown) route.
    assertOpenAiError(await call("GET", `${emulator.baseURL}/fine_tuning/checkpoints/a/b/permissions`), 404);
  });

  test("colons and percent signs survive the round trip", async () => {
    for (const checkpoint of [CHECKPOINT, "100%:odd name"]) {
      assert.equal((await call("POST", permissionsUrl(checkpoint), { body: { project_ids: ["proj_a"] } })).status, 200);
      assert.ok(emulator.state.has(checkpoint), checkpoint);
    }
  });

  test("malformed percent-encoding is a 400", async () => {
    assertOpenAiError(await call("GET", `${emulator.baseURL}/fine_tuning/checkpoints/bad%E0%A4%A/permissions`), 400);
  });

  test("unknown routes are 404s and wrong methods 405s, in OpenAI's error shape", async () => {
    assertOpenAiError(await call("GET", `${emulator.baseURL}/models`), 404, { message: "Invalid URL (GET /v1/models)" });
    assertOpenAiError(await call("GET", `${emulator.baseURL}/fine_tuning/checkpoints//permissions`), 404);
    assertOpenAiError(await call("GET", `${emulator.url}/fine_tuning/checkpoints/x/permissions`), 404);

    const put = await call("PUT", permissionsUrl(), { body: { project_ids: ["proj_a"] } });
    assertOpenAiError(put, 405);
    assert.equal(put.response.headers.get("allow"), "GET, POST, OPTIONS");
    assertOpenAiError(await call("GET", permissionUrl("cp_x")), 405);
    assertOpenAiError(await call("DELETE", permissionsUrl()), 405);
  });
});

describe("auth", () => {
  test("a missing or wrong key is a 401 that never echoes the key", async () => {
    const wrongKey = "sk-fake-admin-test-0123456789abcdeX";
    const wrong = await call("POST", permissionsUrl(), { key: wrongKey, body: { project_ids: ["proj_a"] } });
    assertOpenAiError(wrong, 401, { code: "invalid_api_key", type: "invalid_request_error", param: null });
    assert.match(wrong.json.error.message, /^Incorrect API key provided: sk-fak\*\*\*cdeX\. /);
    assert.ok(!wrong.text.includes(wrongKey));

    assertOpenAiError(await call("GET", permissionsUrl(), { key: null }), 401);
    assertOpenAiError(await call("GET", permissionsUrl(), { key: null, headers: { authorization: `Basic ${DEFAULT_ADMIN_KEY}` } }), 401);
    assertOpenAiError(await call("DELETE", permissionUrl("cp_x"), { key: "short" }), 401, { code: "invalid_api_key" });
    assert.equal(permissionCount(), 0);
  });

  test("any configured key is accepted, and only those", async () => {
    const keys = ["sk-admin-first-aaaaaaaaaaaa", "sk-admin-second-bbbbbbbbbbb"];
    const custom = await startEmulator({ keys, seed: { [CHECKPOINT]: ["proj_a"] } });
    try {
      for (const key of keys) {
        const { status, json } = await call("GET", permissionsUrl(CHECKPOINT, {}, custom.baseURL), { key });
        assert.equal(status, 200);
        assert.equal(json.data[0].project_id, "proj_a");
      }
      const withDefaultKey = await call("GET", permissionsUrl(CHECKPOINT, {}, custom.baseURL));
      assertOpenAiError(withDefaultKey, 401, { code: "invalid_api_key" });
      assert.match(withDefaultKey.json.error.message, /^Incorrect API key provided: sk-fak\*\*\*cdef\. /);
    } finally {
      await custom.close();
    }
  });
});

describe("CORS", () => {
  test("preflights get 204 with the allowed methods and the asked-for headers, recorded apart", async () => {
    const response = await send("OPTIONS", permissionsUrl(), {
      key: null,
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, x-stainless-retry-count",
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get("access-control-allow-origin"), "*");
    assert.equal(response.headers.get("access-control-allow-methods"), "GET, POST, DELETE, OPTIONS");
    assert.equal(response.headers.get("access-control-allow-headers"), "authorization, content-type, x-stainless-retry-count");
    assert.equal(response.headers.get("access-control-expose-headers"), "x-request-id, retry-after, retry-after-ms, x-should-retry");
    assert.match(response.headers.get("x-request-id"), /^req_/);
    assert.equal(emulator.preflights.length, 1);
    assert.equal(emulator.preflights[0].headers.origin, "http://localhost:5173");
    assert.equal(emulator.requests.length, 0);
  });
});

// ---------------------------------------------------------------- recording and controls

describe("recording and controls", () => {
  test("requests are recorded exactly as received", async () => {
    const body = '{"project_ids": ["proj_a"]}';
    await call("POST", `${permissionsUrl()}?limit=2&tag=x&tag=y`, { body, headers: { "X-Custom-Thing": "Value As Sent" } });
    const [record] = emulator.requests;
    assert.equal(record.method, "POST");
    assert.equal(record.path, `/v1/fine_tuning/checkpoints/${encodeURIComponent(CHECKPOINT)}/permissions`);
    assert.deepEqual(record.query, { limit: "2", tag: ["x", "y"] });
    assert.equal(record.headers["x-custom-thing"], "Value As Sent");
    assert.equal(record.headers.authorization, `Bearer ${DEFAULT_ADMIN_KEY}`);
    assert.equal(record.body, body);
    assert.deepEqual(record.json, { project_ids: ["proj_a"] });

    await call("GET", permissionsUrl());
    assert.equal(emulator.requests[1].body, "");
    assert.equal(emulator.requests[1].json, undefined);
  });

  test("seed() returns spec-shaped permissions; reset() clears state, requests and faults", async () => {
    const seeded = emulator.seed(CHECKPOINT, ["proj_a", "proj_b"]);
    for (const permission of seeded) assertMatchesSchema(permission, "FineTuningCheckpointPermission");
    assert.throws(() => emulator.seed(CHECKPOINT, "proj_a"), TypeError);

    emulator.inject({ status: 500 });
    await call("GET", permissionsUrl());
    const heldRequests = emulator.requests;
    emulator.inject({ status: 500 });
    emulator.reset();
    assert.equal(emulator.state.size, 0);
    assert.equal(heldRequests.length, 0);
    assert.equal((await call("GET", permissionsUrl())).status, 200, "the queued fault is gone");
  });

  test("the same controls work over HTTP, without auth and without being recorded", async () => {
    const control = (path, body) => call(body === undefined ? "GET" : "POST", `${emulator.url}/__emulator/${path}`, { key: null, body });

    const seeded = await control("seed", { checkpoint: CHECKPOINT, project_ids: ["proj_a", "proj_b"] });
    assert.equal(seeded.status, 200);
    assertCommonHeaders(seeded.response);
    assertMatchesSchema(seeded.json, "ListFineTuningCheckpointPermissionResponse");
    assert.equal(permissionCount(), 2);

    assert.equal((await control("inject", { status: 503, match: { method: "GET" } })).status, 200);
    assertOpenAiError(await call("GET", permissionsUrl()), 503, { type: "server_error" });

    assertOpenAiError(await control("inject", { delayMs: 5 }), 400);
    assertOpenAiError(await control("seed", { checkpoint: CHECKPOINT }), 400);
    assertOpenAiError(await control("nothing-here"), 404);

    const recorded = await control("requests");
    assert.equal(recorded.status, 200);
    assert.deepEqual(recorded.json, JSON.parse(JSON.stringify(emulator.requests)));
    assert.deepEqual(recorded.json.map((record) => record.method), ["GET"]);

    const state = await control("state");
    assert.deepEqual(state.json[CHECKPOINT].map((permission) => permission.project_id), ["proj_a", "proj_b"]);

    const preflight = await send("OPTIONS", `${emulator.url}/__emulator/inject`, { key: null, headers: { origin: "http://x", "access-control-request-method": "POST" } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
    assert.equal(emulator.preflights.length, 0);

    assert.equal((await control("reset", {})).status, 200);
    assert.equal(emulator.state.size, 0);
    assert.equal(emulator.requests.length, 0);
  });
});

// ---------------------------------------------------------------- faults

describe("faults", () => {
  const grant = (projectId = "proj_a") => call("POST", permissionsUrl(), { body: { project_ids: [projectId] } });

  test("a status fault answers instead of the handler, with its headers, and changes nothing", async () => {
    emulator.inject({ status: 429, headers: { "Retry-After-Ms": "20", "x-should-retry": "true" } });
    const limited = await grant();
    assertOpenAiError(limited, 429, { code: "rate_limit_exceeded" });
    assert.equal(limited.response.headers.get("retry-after-ms"), "20");
    assert.equal(limited.response.headers.get("x-should-retry"), "true");
    assert.equal(permissionCount(), 0);
    assert.equal(emulator.requests.length, 1, "faulted requests are still recorded");

    assert.equal((await grant()).status, 200, "times defaults to 1");
  });

  test("a non-JSON 502 page is sent as it is", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    emulator.inject({ status: 502, body: html, contentType: "text/html" });
    const { status, text, response } = await call("GET", permissionsUrl());
    assert.equal(status, 502);
    assert.equal(text, html);
    assertCommonHeaders(response, "text/html");
  });

  test("a 200 with the wrong shape is caught by the contract", async () => {
    emulator.inject({ status: 200, body: { object: "list", data: "surprise" } });
    const { status, json } = await call("GET", permissionsUrl());
    assert.equal(status, 200);
    assert.notDeepEqual(validateComponent(json, "ListFineTuningCheckpointPermissionResponse"), []);
  });

  test("reset before headers: fetch rejects and nothing changes", async () => {
    emulator.inject({ reset: "before-headers" });
    await assert.rejects(grant());
    assert.equal(permissionCount(), 0);
    assert.equal(emulator.requests.length, 1);
    assert.equal((await grant()).status, 200);
  });

  test("reset mid-body: headers arrive, reading the body rejects, nothing changes", async () => {
    emulator.inject({ reset: "mid-body" });
    const response = await send("POST", permissionsUrl(), { body: { project_ids: ["proj_a"] } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("x-request-id"), /^req_/);
    await assert.rejects(response.text());
    assert.equal(permissionCount(), 0);
  });

  test("truncate: a 200 whose JSON stops short, with a content-length that matches", async () => {
    emulator.inject({ truncate: true });
    const { status, text, response } = await grant();
    assert.equal(status, 200);
    assert.equal(Number(response.headers.get("content-length")), Buffer.byteLength(text));
    assert.ok(text.startsWith("{"));
    assert.throws(() => JSON.parse(text), SyntaxError);
    assert.equal(permissionCount(), 0);
  });

  test("delayHeadersMs waits, then the real handler runs", async () => {
    emulator.inject({ delayHeadersMs: 150 });
    const started = performance.now();
    const { status } = await grant();
    assert.equal(status, 200);
    assert.ok(performance.now() - started >= 140, "answer came after the delay");
    assert.equal(permissionCount(), 1, "a delay-only fault lets the handler change state");
  });

  test("delayBodyMs sends headers first and the rest of the body after the delay", async () => {
    emulator.inject({ delayBodyMs: 250 });
    const response = await send("GET", permissionsUrl());
    const headersAt = performance.now();
    const body = await response.json();
    assert.ok(performance.now() - headersAt >= 200, "body finished well after the headers");
    assertMatchesSchema(body, "ListFineTuningCheckpointPermissionResponse");
  });

  test("faults are taken first-in first-out by matching requests only, `times` times", async () => {
    emulator.inject({ status: 500, match: { method: "delete" } });
    emulator.inject({ status: 503, times: 2, match: { pathIncludes: "a/b" } }); // decoded form matches a%2Fb
    emulator.inject({ status: 502 });
    emulator.inject({ status: 504 });

    const [permission] = emulator.seed(CHECKPOINT, ["proj_a"]);
    assert.equal((await call("GET", permissionsUrl("a/b"))).status, 503);
    assert.equal((await call("GET", permissionsUrl("a/b"))).status, 503);
    assert.equal((await call("GET", permissionsUrl())).status, 502);
    assert.equal((await call("DELETE", permissionUrl(permission.id))).status, 500);
    assert.equal(permissionCount(), 1);
    assert.equal((await call("GET", permissionsUrl())).status, 504);
    assert.equal((await call("GET", permissionsUrl())).status, 200);
  });

  test("inject() refuses faults it does not understand", () => {
    for (const fault of [{}, { delayMs: 5 }, { reset: "later" }, { status: 99 }, { truncate: "yes" }, { status: 500, times: 0 }, { headers: { a: "b" } }]) {
      assert.throws(() => emulator.inject(fault), TypeError, JSON.stringify(fault));
    }
  });

  test("close() does not wait for a pending delay", async () => {
    const slow = await startEmulator();
    slow.inject({ delayHeadersMs: 900 });
    const pending = send("GET", permissionsUrl(CHECKPOINT, {}, slow.baseURL));
    pending.catch(() => {}); // asserted below; avoid an unhandled rejection meanwhile
    while (slow.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await slow.close();
    assert.ok(performance.now() - started < 500);
    await assert.rejects(pending);
  });
});

// ---------------------------------------------------------------- CLI

describe("cli.mjs", () => {
  test("prints OPENAI_BASE_URL with /v1, usable as printed; serves the demo seed; stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [CLI_PATH, "--seed-demo"], { stdio: ["ignore", "pipe", "inherit"] });
    const killTimer = setTimeout(() => child.kill("SIGKILL"), 5000); // bound the whole test
    try {
      const [firstChunk] = await once(child.stdout, "data");
      const match = /^OPENAI_BASE_URL=(http:\/\/127\.0\.0\.1:\d+\/v1)\n$/.exec(String(firstChunk));
      assert.ok(match, `unexpected output: ${firstChunk}`);

      const { status, json } = await call("GET", permissionsUrl(CHECKPOINT, {}, match[1]));
      assert.equal(status, 200);
      assertMatchesSchema(json, "ListFineTuningCheckpointPermissionResponse");
      assert.ok(json.data.length >= 2);

      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      assert.equal(code, 0);
    } finally {
      clearTimeout(killTimer);
    }
  });
});
