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
import { eventMatches } from "../emulator/audit-log.mjs";
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

function organizationUrl(resource, query = [], base = emulator.baseURL) {
  const search = typeof query === "string" ? query : new URLSearchParams(query).toString();
  return `${base}/organization/${resource}${search ? `?${search}` : ""}`;
}

/** Starts an emulator of its own for one test, and always closes it. */
async function withEmulator(options, use) {
  const own = await startEmulator(options);
  try {
    return await use(own);
  } finally {
    await own.close();
  }
}

/**
 * Walks an organization list by its cursor until has_more is false, validating each page:
 * `after` continues from a page's last_id (towards older audit events, later projects),
 * `before` from its first_id (towards newer events). Bounded, so a has_more that never ends fails.
 */
async function walkPages(base, resource, query, { schema, direction = "after", start, maxPages = 60 }) {
  const pairs = Array.isArray(query) ? query : Object.entries(query);
  const pages = [];
  let cursor = start;
  for (let count = 0; count < maxPages; count += 1) {
    const { status, json, text } = await call("GET", organizationUrl(resource, [...pairs, ...(cursor ? [[direction, cursor]] : [])], base));
    assert.equal(status, 200, text);
    assertMatchesSchema(json, schema);
    assert.equal(json.first_id, json.data[0]?.id ?? null);
    assert.equal(json.last_id, json.data.at(-1)?.id ?? null);
    pages.push(json);
    if (!json.has_more) return pages;
    assert.ok(json.data.length > 0, "a page with has_more must not be empty");
    cursor = direction === "after" ? json.last_id : json.first_id;
  }
  return assert.fail(`still has_more after ${maxPages} pages`);
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
    const keys = ["sk-fake-admin-first-aaaaaaaaaaaa", "sk-fake-admin-second-bbbbbbbbbbb"];
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

// ---------------------------------------------------------------- the project directory

const NO_DIRECTORY_ERROR = {
  error: {
    message: "This emulator has no project directory: start it with projects to list them.",
    type: "invalid_request_error",
    param: null,
    code: null,
  },
};

/** A project as the spec's list answers it. */
function projectObject({ id, name, status, created_at: createdAt, archived_at: archivedAt = null }) {
  return { id, object: "organization.project", name, created_at: createdAt, archived_at: archivedAt, status };
}

describe("GET /v1/organization/projects", () => {
  // Given out of creation order on purpose: the list orders by created_at, then by insertion.
  const DIRECTORY = [
    { id: "proj_support", name: "Support bot", status: "active", created_at: 1_700_000_300 },
    { id: "proj_weather", name: "Weather forecasts", status: "active", created_at: 1_700_000_100 },
    { id: "proj_legacy", name: "Legacy chatbot", status: "archived", created_at: 1_700_000_200, archived_at: 1_700_000_900 },
    { id: "proj_unnamed", name: null, status: "active", created_at: 1_700_000_300 },
  ];

  test("lists exactly the directory, active projects by default, in creation order, spec-shaped", async () => {
    await withEmulator({ projects: DIRECTORY }, async (own) => {
      const active = await call("GET", organizationUrl("projects", [], own.baseURL));
      assert.equal(active.status, 200, active.text);
      assertCommonHeaders(active.response);
      assertMatchesSchema(active.json, "ProjectListResponse");
      assert.deepEqual(active.json, {
        object: "list",
        data: [DIRECTORY[1], DIRECTORY[0], DIRECTORY[3]].map(projectObject),
        first_id: "proj_weather",
        last_id: "proj_unnamed",
        has_more: false,
      });
      const explicitlyActive = await call("GET", organizationUrl("projects", { include_archived: "false" }, own.baseURL));
      assert.deepEqual(explicitlyActive.json, active.json);

      const all = await call("GET", organizationUrl("projects", { include_archived: "true" }, own.baseURL));
      assertMatchesSchema(all.json, "ProjectListResponse");
      assert.deepEqual(all.json.data, [DIRECTORY[1], DIRECTORY[2], DIRECTORY[0], DIRECTORY[3]].map(projectObject));
    });
  });

  test("created_at and archived_at left out come from the clock", async () => {
    await withEmulator({ now: () => 1_750_000_000, projects: [{ id: "proj_new", name: "New", status: "active" }, { id: "proj_gone", name: "Gone", status: "archived" }] }, async (own) => {
      const { json } = await call("GET", organizationUrl("projects", { include_archived: "true" }, own.baseURL));
      assert.deepEqual(json.data, [
        projectObject({ id: "proj_new", name: "New", status: "active", created_at: 1_750_000_000 }),
        projectObject({ id: "proj_gone", name: "Gone", status: "archived", created_at: 1_750_000_000, archived_at: 1_750_000_000 }),
      ]);
    });
  });

  test("pages with limit and after: every project exactly once, has_more false only on the last page", async () => {
    // 45 projects, every third archived, two per second so that ties need the insertion order.
    const directory = Array.from({ length: 45 }, (_, index) => ({
      id: `proj_${String(index).padStart(2, "0")}`,
      name: `Project ${index}`,
      status: index % 3 === 2 ? "archived" : "active",
      created_at: 1_700_000_000 + Math.floor(index / 2),
    }));
    const ids = (projects) => projects.map((project) => project.id);
    await withEmulator({ projects: directory }, async (own) => {
      for (const [includeArchived, expected] of [["true", directory], ["false", directory.filter((project) => project.status === "active")]]) {
        for (const limit of [1, 7, 10, 30]) {
          const pages = await walkPages(own.baseURL, "projects", { include_archived: includeArchived, limit: String(limit) }, { schema: "ProjectListResponse" });
          assert.deepEqual(ids(pages.flatMap((page) => page.data)), ids(expected), `include_archived=${includeArchived} limit=${limit}`);
          assert.equal(pages.length, Math.ceil(expected.length / limit), `include_archived=${includeArchived} limit=${limit}: no empty last page`);
          assert.ok(pages.slice(0, -1).every((page) => page.has_more && page.data.length === limit));
        }
      }

      const first = await call("GET", organizationUrl("projects", [], own.baseURL));
      assert.equal(first.json.data.length, 20, "limit defaults to 20");
      assert.equal(first.json.has_more, true);
      const hundred = await call("GET", organizationUrl("projects", { limit: "100" }, own.baseURL));
      assert.equal(hundred.json.data.length, 30);
      assert.equal(hundred.json.has_more, false);

      // A cursor is a place in the whole directory: an archived project's id works without include_archived.
      const afterArchived = await call("GET", organizationUrl("projects", { after: "proj_02", limit: "2" }, own.baseURL));
      assert.deepEqual(ids(afterArchived.json.data), ["proj_03", "proj_04"]);
      const pastTheEnd = await call("GET", organizationUrl("projects", { after: "proj_44" }, own.baseURL));
      assert.deepEqual(pastTheEnd.json, { object: "list", data: [], first_id: null, last_id: null, has_more: false });
    });
  });

  test("bad query parameters are 400s naming the parameter", async () => {
    await withEmulator({ projects: DIRECTORY }, async (own) => {
      const cases = [
        ["limit=0", "limit"], ["limit=101", "limit"], ["limit=ten", "limit"], ["limit=2.5", "limit"], ["limit=2&limit=3", "limit"],
        ["include_archived=yes", "include_archived"], ["include_archived=1", "include_archived"], ["include_archived=", "include_archived"],
        ["after=proj_nope", "after"], ["order=asc", "order"], ["include_archived[]=true", "include_archived[]"],
      ];
      for (const [query, param] of cases) {
        assertOpenAiError(await call("GET", organizationUrl("projects", query, own.baseURL)), 400, { param, type: "invalid_request_error" });
      }
    });
  });

  test("without a directory: the list is a 403, and grants accept any project id", async () => {
    const listed = await call("GET", organizationUrl("projects"));
    assertOpenAiError(listed, 403);
    assert.deepEqual(listed.json, NO_DIRECTORY_ERROR);
    assert.equal(emulator.projects, null);
    const granted = await call("POST", permissionsUrl(), { body: { project_ids: ["proj_anything_at_all"] } });
    assert.equal(granted.status, 200, granted.text);
  });

  test("with a directory, a grant naming an unknown (404) or archived (400) project grants nothing", async () => {
    await withEmulator({ projects: DIRECTORY }, async (own) => {
      const grant = (projectIds) => call("POST", permissionsUrl(CHECKPOINT, {}, own.baseURL), { body: { project_ids: projectIds } });
      const cases = [
        [["proj_weather", "proj_x"], 404, "Project proj_x not found."],
        [["proj_legacy"], 400, "Project proj_legacy is archived."],
        // The first offending id, in the order asked, decides.
        [["proj_legacy", "proj_x"], 400, "Project proj_legacy is archived."],
        [["proj_x", "proj_legacy"], 404, "Project proj_x not found."],
      ];
      for (const [projectIds, status, message] of cases) {
        assertOpenAiError(await grant(projectIds), status, { message, type: "invalid_request_error", param: "project_ids", code: null });
      }
      assert.equal(own.state.size, 0, "nothing was granted");
      assert.deepEqual(own.auditLog, [], "nothing was recorded");

      const granted = await grant(["proj_weather", "proj_support"]);
      assert.equal(granted.status, 200, granted.text);
      assert.deepEqual(granted.json.data.map((permission) => permission.project_id), ["proj_weather", "proj_support"]);
    });
  });

  test("projects added or archived behind the client's back count at once; reset() restores the directory", async () => {
    await withEmulator({ projects: DIRECTORY, now: () => 1_760_000_000 }, async (own) => {
      const directory = own.projects;
      const added = directory.add({ id: "proj_late", name: "Late", status: "active" });
      assertMatchesSchema(added, "Project");
      assert.deepEqual(added, projectObject({ id: "proj_late", name: "Late", status: "active", created_at: 1_760_000_000 }));
      assert.deepEqual(directory.archive("proj_weather"), projectObject({ ...DIRECTORY[1], status: "archived", archived_at: 1_760_000_000 }));
      assert.equal(directory.archive("proj_weather", { archivedAt: 5 }).archived_at, 1_760_000_000, "archiving again changes nothing");

      const listed = await call("GET", organizationUrl("projects", [], own.baseURL));
      assert.deepEqual(listed.json.data.map((project) => project.id), ["proj_support", "proj_unnamed", "proj_late"]);
      assertOpenAiError(await call("POST", permissionsUrl(CHECKPOINT, {}, own.baseURL), { body: { project_ids: ["proj_weather"] } }), 400, { message: "Project proj_weather is archived." });
      assert.equal((await call("POST", permissionsUrl(CHECKPOINT, {}, own.baseURL), { body: { project_ids: ["proj_late"] } })).status, 200);

      for (const bad of [
        { id: "proj_late", name: "Again", status: "active" },
        { id: "proj_y", name: "Y", status: "paused" },
        { id: "", name: "Empty", status: "active" },
        { id: "proj_y", status: "active" },
        { id: "proj_y", name: "Y", status: "active", archived_at: 5 },
        { id: "proj_y", name: "Y", status: "active", created_at: 1.5 },
        { id: "proj_y", name: "Y", status: "active", region: "eu" },
      ]) {
        assert.throws(() => directory.add(bad), TypeError, JSON.stringify(bad));
      }
      assert.throws(() => directory.archive("proj_none"), TypeError);
      assert.throws(() => directory.addAll([{ id: "proj_ok", name: "OK", status: "active" }, { id: "proj_ok", name: "Twice", status: "active" }]), TypeError);
      assert.equal(directory.get("proj_ok"), undefined, "one bad project adds none");

      own.reset();
      assert.equal(own.projects, directory, "the same live directory");
      const restored = await call("GET", organizationUrl("projects", { include_archived: "true" }, own.baseURL));
      assert.deepEqual(restored.json.data, [DIRECTORY[1], DIRECTORY[2], DIRECTORY[0], DIRECTORY[3]].map(projectObject));
    });
    await assert.rejects(startEmulator({ projects: [{ id: "proj_a", name: "A" }] }), TypeError);
    await assert.rejects(startEmulator({ projects: { proj_a: "A" } }), TypeError);
  });

  test("the directory over HTTP: list, add, archive; a 400 without a directory", async () => {
    await withEmulator({ projects: DIRECTORY, now: () => 1_760_000_000 }, async (own) => {
      const control = (path, body) => call(body === undefined ? "GET" : "POST", `${own.url}/__emulator/${path}`, { key: null, body });
      const listed = await control("projects");
      assert.equal(listed.status, 200);
      assertMatchesSchema(listed.json, "ProjectListResponse");
      assert.equal(listed.json.data.length, 4, "archived projects included");

      const one = await control("projects", { id: "proj_http", name: "Over HTTP", status: "active" });
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(one.json.data.map((project) => project.id), ["proj_http"]);
      const two = await control("projects", [{ id: "proj_h2", name: null, status: "active" }, { id: "proj_h3", name: "Old", status: "archived", archived_at: 1_760_000_001 }]);
      assert.deepEqual(two.json.data.map((project) => project.id), ["proj_h2", "proj_h3"]);
      assertOpenAiError(await control("projects", [{ id: "proj_h4", name: "H4", status: "active" }, { id: "proj_http", name: "Dup", status: "active" }]), 400);
      assert.equal(own.projects.get("proj_h4"), undefined);

      const archived = await control("projects/proj_http/archive", { archived_at: 1_760_000_500 });
      assert.equal(archived.status, 200, archived.text);
      assertMatchesSchema(archived.json, "Project");
      assert.equal(archived.json.archived_at, 1_760_000_500);
      assert.equal((await control("projects/proj_support/archive", {})).json.archived_at, 1_760_000_000);
      assertOpenAiError(await control("projects/proj_none/archive", {}), 400);

      const active = await call("GET", organizationUrl("projects", [], own.baseURL));
      assert.deepEqual(active.json.data.map((project) => project.id), ["proj_weather", "proj_unnamed", "proj_h2"]);
      assert.equal(own.requests.length, 1, "control routes are not recorded");
    });
    const withoutDirectory = await call("POST", `${emulator.url}/__emulator/projects`, { key: null, body: { id: "proj_a", name: "A", status: "active" } });
    assertOpenAiError(withoutDirectory, 400, { message: "This emulator has no project directory: start it with projects." });
    assertOpenAiError(await call("GET", `${emulator.url}/__emulator/projects`, { key: null }), 400);
  });

  test("needs the admin key, is recorded, and takes faults like the other routes", async () => {
    await withEmulator({ projects: DIRECTORY }, async (own) => {
      const url = organizationUrl("projects", { limit: "2", include_archived: "true" }, own.baseURL);
      assertOpenAiError(await call("GET", url, { key: null }), 401);
      assertOpenAiError(await call("GET", url, { key: "sk-fake-not-the-admin-key-000000" }), 401, { code: "invalid_api_key" });
      assertOpenAiError(await call("POST", url, { body: {} }), 405);

      own.inject({ status: 429, headers: { "retry-after-ms": "5" }, match: { pathIncludes: "/organization/projects" } });
      const limited = await call("GET", url);
      assertOpenAiError(limited, 429);
      assert.equal(limited.response.headers.get("retry-after-ms"), "5");
      own.inject({ truncate: true, match: { method: "GET" } });
      const truncated = await call("GET", url);
      assert.equal(truncated.status, 200);
      assert.throws(() => JSON.parse(truncated.text), SyntaxError);
      assert.equal((await call("GET", url)).status, 200);

      assert.equal(own.requests.length, 6);
      assert.deepEqual(own.requests.at(-1).query, { limit: "2", include_archived: "true" });
      assert.equal(own.requests.at(-1).path, "/v1/organization/projects");
    });
  });
});

// ---------------------------------------------------------------- the audit log

const OTHER_CHECKPOINT = "ft:gpt-4o-2024-08-06:org:support-bot:C3xT8pLm";
const SERVICE_KEY = "sk-fake-admin-service-account-key-0000";
const SESSION_KEY = "sk-fake-admin-session-standin-key-0000";
const SERVICE_ACTOR = {
  type: "api_key",
  api_key: { id: "key_serviceAccountKey01", type: "service_account", service_account: { id: "svc_acct_ci0123456789" } },
};
const SESSION_ACTOR = {
  type: "session",
  session: { user: { id: "user-owner0123456789", email: "owner@example.com" }, ip_address: "127.0.0.1" },
};
const THREE_KEYS = [DEFAULT_ADMIN_KEY, { key: SERVICE_KEY, actor: SERVICE_ACTOR }, { key: SESSION_KEY, actor: SESSION_ACTOR }];
const CREATED = "checkpoint.permission.created";
const DELETED = "checkpoint.permission.deleted";

/** The id of the permission an audit log event is about. */
const resourceOf = (event) => event[event.type].id;

/**
 * The same history made through the API by three actors at chosen times:
 *   1000 default key  grants proj_a, proj_b on CHECKPOINT   (a, b)
 *   2000 service key  grants proj_c on OTHER_CHECKPOINT      (c)
 *   3000 session key  revokes b;  default key revokes c      (same second)
 *   4000 session key  grants proj_b on CHECKPOINT again      (b2)
 * Returns the permissions and the expected events, newest first, as [type, permission id].
 */
async function makeHistory(own, clock) {
  const grant = async (key, checkpoint, projectIds) => {
    const result = await call("POST", permissionsUrl(checkpoint, {}, own.baseURL), { key, body: { project_ids: projectIds } });
    assert.equal(result.status, 200, result.text);
    return result.json.data;
  };
  const revoke = async (key, checkpoint, permission) => {
    const result = await call("DELETE", `${permissionsUrl(checkpoint, {}, own.baseURL)}/${permission.id}`, { key });
    assert.equal(result.status, 200, result.text);
  };
  clock.now = 1000;
  const [a, b] = await grant(DEFAULT_ADMIN_KEY, CHECKPOINT, ["proj_a", "proj_b"]);
  clock.now = 2000;
  const [c] = await grant(SERVICE_KEY, OTHER_CHECKPOINT, ["proj_c"]);
  clock.now = 3000;
  await revoke(SESSION_KEY, CHECKPOINT, b);
  await revoke(DEFAULT_ADMIN_KEY, OTHER_CHECKPOINT, c);
  clock.now = 4000;
  const [b2] = await grant(SESSION_KEY, CHECKPOINT, ["proj_b"]);
  const events = {
    b2Created: [CREATED, b2.id], cDeleted: [DELETED, c.id], bDeleted: [DELETED, b.id],
    cCreated: [CREATED, c.id], bCreated: [CREATED, b.id], aCreated: [CREATED, a.id],
  };
  return { permissions: { a, b, c, b2 }, events };
}

/** A page's events as [type, permission id], to compare with makeHistory's. */
const summary = (page) => page.data.map((event) => [event.type, resourceOf(event)]);

async function withHistory(use) {
  const clock = { now: 0 };
  await withEmulator({ keys: THREE_KEYS, now: () => clock.now }, async (own) => use(own, await makeHistory(own, clock)));
}

describe("GET /v1/organization/audit_logs", () => {
  test("every create and delete is an event with the key's actor, newest first, spec-shaped", async () => {
    await withHistory(async (own, { permissions: { a, b, c, b2 } }) => {
      const listed = await call("GET", organizationUrl("audit_logs", [], own.baseURL));
      assert.equal(listed.status, 200, listed.text);
      assertCommonHeaders(listed.response);
      assertMatchesSchema(listed.json, "ListAuditLogsResponse");
      const { data } = listed.json;
      for (const event of data) {
        assertMatchesSchema(event, "AuditLog");
        assert.match(event.id, /^audit_log-[A-Za-z0-9]{24}$/);
      }
      assert.equal(new Set(data.map((event) => event.id)).size, data.length);

      const userActor = data.find((event) => resourceOf(event) === a.id).actor;
      assert.match(userActor.api_key.id, /^key_[0-9a-f]{16}$/);
      assert.deepEqual(userActor, {
        type: "api_key",
        api_key: { id: userActor.api_key.id, type: "user", user: { id: "user-emulatorAdmin000000000", email: "admin@example.com" } },
      });
      const strip = ({ id, ...event }) => event;
      assert.deepEqual(data.map(strip), [
        { type: CREATED, effective_at: 4000, actor: SESSION_ACTOR, [CREATED]: { id: b2.id, data: { project_id: "proj_b", fine_tuned_model_checkpoint: CHECKPOINT } } },
        { type: DELETED, effective_at: 3000, actor: userActor, [DELETED]: { id: c.id } },
        { type: DELETED, effective_at: 3000, actor: SESSION_ACTOR, [DELETED]: { id: b.id } },
        { type: CREATED, effective_at: 2000, actor: SERVICE_ACTOR, [CREATED]: { id: c.id, data: { project_id: "proj_c", fine_tuned_model_checkpoint: OTHER_CHECKPOINT } } },
        { type: CREATED, effective_at: 1000, actor: userActor, [CREATED]: { id: b.id, data: { project_id: "proj_b", fine_tuned_model_checkpoint: CHECKPOINT } } },
        { type: CREATED, effective_at: 1000, actor: userActor, [CREATED]: { id: a.id, data: { project_id: "proj_a", fine_tuned_model_checkpoint: CHECKPOINT } } },
      ]);
      assert.equal(b2.created_at, 4000, "a permission's created_at is its event's effective_at");
      assert.deepEqual(own.auditLog, data, "emulator.auditLog holds the same events");

      // Writes that create or delete nothing record nothing.
      assert.equal((await call("POST", permissionsUrl(CHECKPOINT, {}, own.baseURL), { body: { project_ids: ["proj_a"] } })).status, 200);
      assert.equal((await call("DELETE", `${permissionsUrl(CHECKPOINT, {}, own.baseURL)}/${b.id}`)).status, 404);
      assert.equal((await call("POST", permissionsUrl(CHECKPOINT, {}, own.baseURL), { body: { project_ids: [] } })).status, 400);
      assert.equal(own.auditLog.length, 6);
    });
  });

  test("a plain key's tracking id is the same in every emulator, and differs between keys", async () => {
    const actorOf = (keys, key) => withEmulator({ keys }, async (own) => {
      assert.equal((await call("POST", permissionsUrl(CHECKPOINT, {}, own.baseURL), { key, body: { project_ids: ["proj_a"] } })).status, 200);
      return own.auditLog[0].actor;
    });
    const first = await actorOf([DEFAULT_ADMIN_KEY], DEFAULT_ADMIN_KEY);
    assert.deepEqual(await actorOf(["sk-fake-some-other-admin-key-00000", DEFAULT_ADMIN_KEY], DEFAULT_ADMIN_KEY), first);
    const other = await actorOf(["sk-fake-some-other-admin-key-00000"], "sk-fake-some-other-admin-key-00000");
    assert.notEqual(other.api_key.id, first.api_key.id);
    assert.deepEqual(other.api_key.user, first.api_key.user, "plain keys all belong to the default admin user");
  });

  test("keys refuse malformed actors", async () => {
    const bad = [
      [{ key: SERVICE_KEY, actor: { type: "robot" } }],
      [{ key: SERVICE_KEY, actor: { type: "api_key", api_key: { id: "key_x", type: "service_account", service_account: {} } } }],
      [{ key: SERVICE_KEY, actor: { type: "api_key", api_key: { type: "user", user: { id: "user-x", email: "x@example.com" } } } }],
      [{ key: SERVICE_KEY, actor: { type: "session", session: { user: { id: "user-x" }, ip_address: "127.0.0.1" } } }],
      [{ key: SERVICE_KEY, actor: { type: "session", session: { user: { id: "user-x", email: "x@example.com" } } } }],
      [{ key: "", actor: SESSION_ACTOR }],
      [DEFAULT_ADMIN_KEY, DEFAULT_ADMIN_KEY],
      DEFAULT_ADMIN_KEY,
    ];
    for (const keys of bad) await assert.rejects(startEmulator({ keys }), TypeError, JSON.stringify(keys));
  });

  test("seed() records created events as the chosen actor at the chosen time; its answer is unchanged", async () => {
    await withEmulator({ keys: THREE_KEYS, now: () => 1_750_000_000 }, async (own) => {
      const seeded = own.seed(CHECKPOINT, ["proj_a", "proj_b"], { actor: SESSION_ACTOR, effectiveAt: 1_700_000_000 });
      for (const permission of seeded) assertMatchesSchema(permission, "FineTuningCheckpointPermission");
      assert.deepEqual(seeded.map((permission) => [permission.project_id, permission.created_at]), [["proj_a", 1_700_000_000], ["proj_b", 1_700_000_000]]);
      const [byDefault] = own.seed(OTHER_CHECKPOINT, ["proj_c"]);
      assert.equal(byDefault.created_at, 1_750_000_000);
      assert.deepEqual(own.seed(CHECKPOINT, ["proj_a"], { effectiveAt: 5 }), [seeded[0]], "an existing permission is answered, not re-created");

      const { json } = await call("GET", organizationUrl("audit_logs", [], own.baseURL));
      assertMatchesSchema(json, "ListAuditLogsResponse");
      assert.deepEqual(json.data.map((event) => [resourceOf(event), event.effective_at, event.actor.type]), [
        [byDefault.id, 1_750_000_000, "api_key"], [seeded[1].id, 1_700_000_000, "session"], [seeded[0].id, 1_700_000_000, "session"],
      ]);
      assert.equal(json.data[0].actor.api_key.user.email, "admin@example.com", "seeds are the first key's by default");
      assert.deepEqual(json.data[1].actor, SESSION_ACTOR);

      for (const options of [{ effectiveAt: 1.5 }, { effectiveAt: -1 }, { actor: { type: "robot" } }, { effective_at: 5 }, null]) {
        assert.throws(() => own.seed(CHECKPOINT, ["proj_z"], options), TypeError, JSON.stringify(options));
      }

      const overHttp = await call("POST", `${own.url}/__emulator/seed`, { key: null, body: { checkpoint: CHECKPOINT, project_ids: ["proj_h"], actor: SERVICE_ACTOR, effective_at: 1_600_000_000 } });
      assert.equal(overHttp.status, 200, overHttp.text);
      assert.equal(overHttp.json.data[0].created_at, 1_600_000_000);
      assert.deepEqual(own.auditLog.at(-1).actor, SERVICE_ACTOR);
      assertOpenAiError(await call("POST", `${own.url}/__emulator/seed`, { key: null, body: { checkpoint: CHECKPOINT, project_ids: ["proj_i"], effective_at: "soon" } }), 400);
      const logOverHttp = await call("GET", `${own.url}/__emulator/audit-log`, { key: null });
      assertMatchesSchema(logOverHttp.json, "ListAuditLogsResponse");
      assert.deepEqual(logOverHttp.json.data, own.auditLog);
    });
  });

  test("pages newest first through after and back through before: every event exactly once, has_more exact", async () => {
    await withEmulator({}, async (own) => {
      // 25 events, three per second; then one recorded last but dated first, which must sort last.
      const seeded = [];
      for (let index = 0; index < 25; index += 1) {
        seeded.push(own.seed(CHECKPOINT, [`proj_${index}`], { effectiveAt: 1_700_000_000 + Math.floor(index / 3) })[0].id);
      }
      const backdated = own.seed(CHECKPOINT, ["proj_backdated"], { effectiveAt: 1_600_000_000 })[0].id;
      const newestFirst = [...seeded.toReversed(), backdated];
      const permissionIds = (pages) => pages.flatMap((page) => page.data.map(resourceOf));

      for (const limit of [1, 4, 13, 26, 100]) {
        const pages = await walkPages(own.baseURL, "audit_logs", { limit: String(limit) }, { schema: "ListAuditLogsResponse" });
        assert.deepEqual(permissionIds(pages), newestFirst, `after, limit ${limit}`);
        assert.equal(pages.length, Math.ceil(26 / limit), `after, limit ${limit}: no empty last page`);
      }

      const oldest = own.auditLog.at(-1).id;
      for (const limit of [1, 4, 5, 25]) {
        const pages = await walkPages(own.baseURL, "audit_logs", { limit: String(limit) }, { schema: "ListAuditLogsResponse", direction: "before", start: oldest });
        assert.deepEqual(permissionIds(pages.toReversed()), newestFirst.slice(0, -1), `before, limit ${limit}`);
        assert.equal(pages.length, Math.ceil(25 / limit), `before, limit ${limit}: no empty last page`);
        assert.ok(pages.every((page) => page.data.length > 0));
      }
      const justNewer = await call("GET", organizationUrl("audit_logs", { before: oldest, limit: "2" }, own.baseURL));
      assert.deepEqual(justNewer.json.data.map(resourceOf), [seeded[1], seeded[0]], "before's page is the events just newer than the cursor");
      assert.equal(justNewer.json.has_more, true);
      const newest = own.auditLog[0].id;
      assert.deepEqual((await call("GET", organizationUrl("audit_logs", { before: newest }, own.baseURL))).json, { object: "list", data: [], first_id: null, last_id: null, has_more: false });
      assert.deepEqual((await call("GET", organizationUrl("audit_logs", { after: oldest }, own.baseURL))).json, { object: "list", data: [], first_id: null, last_id: null, has_more: false });

      const first = await call("GET", organizationUrl("audit_logs", [], own.baseURL));
      assert.equal(first.json.data.length, 20, "limit defaults to 20");
      assert.equal(first.json.has_more, true);
    });
  });

  test("each filter selects exactly its events; values of one filter are alternatives, filters combine", async () => {
    await withHistory(async (own, { permissions: { a, b }, events: e }) => {
      const userKeyId = own.auditLog.find((event) => resourceOf(event) === a.id).actor.api_key.id;
      const cases = [
        [[["event_types[]", CREATED]], [e.b2Created, e.cCreated, e.bCreated, e.aCreated]],
        [[["event_types[]", DELETED]], [e.cDeleted, e.bDeleted]],
        [[["event_types[]", DELETED], ["event_types[]", CREATED]], Object.values(e)],
        [[["event_types[]", "project.archived"]], []],
        [[["effective_at[gt]", "3000"]], [e.b2Created]],
        [[["effective_at[gte]", "3000"]], [e.b2Created, e.cDeleted, e.bDeleted]],
        [[["effective_at[lt]", "2000"]], [e.bCreated, e.aCreated]],
        [[["effective_at[lte]", "2000"]], [e.cCreated, e.bCreated, e.aCreated]],
        [[["effective_at[gt]", "1000"], ["effective_at[lt]", "4000"]], [e.cDeleted, e.bDeleted, e.cCreated]],
        [[["effective_at[gte]", "3000"], ["effective_at[lte]", "3000"]], [e.cDeleted, e.bDeleted]],
        // A deleted event names no project: only creations match a project.
        [[["project_ids[]", "proj_b"]], [e.b2Created, e.bCreated]],
        [[["project_ids[]", "proj_b"], ["project_ids[]", "proj_c"]], [e.b2Created, e.cCreated, e.bCreated]],
        [[["project_ids[]", "proj_nowhere"]], []],
        [[["actor_ids[]", "user-emulatorAdmin000000000"]], [e.cDeleted, e.bCreated, e.aCreated]],
        [[["actor_ids[]", userKeyId]], [e.cDeleted, e.bCreated, e.aCreated]],
        [[["actor_ids[]", "svc_acct_ci0123456789"]], [e.cCreated]],
        [[["actor_ids[]", "key_serviceAccountKey01"]], [e.cCreated]],
        [[["actor_ids[]", "user-owner0123456789"]], [e.b2Created, e.bDeleted]],
        [[["actor_ids[]", "user-owner0123456789"], ["actor_ids[]", "svc_acct_ci0123456789"]], [e.b2Created, e.bDeleted, e.cCreated]],
        [[["actor_emails[]", "admin@example.com"]], [e.cDeleted, e.bCreated, e.aCreated]],
        [[["actor_emails[]", "owner@example.com"]], [e.b2Created, e.bDeleted]],
        [[["actor_emails[]", "owner@example.com"], ["actor_emails[]", "admin@example.com"]], [e.b2Created, e.cDeleted, e.bDeleted, e.bCreated, e.aCreated]],
        [[["resource_ids[]", b.id]], [e.bDeleted, e.bCreated]],
        [[["resource_ids[]", b.id], ["resource_ids[]", a.id]], [e.bDeleted, e.bCreated, e.aCreated]],
        [[["tenant_only", "false"]], Object.values(e)],
        [[["tenant_only", "true"]], []],
        [[["event_types[]", CREATED], ["actor_emails[]", "admin@example.com"], ["project_ids[]", "proj_a"], ["effective_at[gte]", "1000"]], [e.aCreated]],
        [[["event_types[]", DELETED], ["actor_ids[]", "user-owner0123456789"], ["resource_ids[]", a.id]], []],
      ];
      for (const [query, expected] of cases) {
        const { status, json, text } = await call("GET", organizationUrl("audit_logs", query, own.baseURL));
        assert.equal(status, 200, text);
        assertMatchesSchema(json, "ListAuditLogsResponse");
        assert.deepEqual(summary(json), expected, JSON.stringify(query));
        assert.equal(json.has_more, false);
        // The same selection page by page: a cursor and a filter together lose or repeat nothing.
        const pages = await walkPages(own.baseURL, "audit_logs", [...query, ["limit", "1"]], { schema: "ListAuditLogsResponse" });
        assert.deepEqual(pages.flatMap(summary), expected, `${JSON.stringify(query)}, one by one`);
      }
    });
  });

  test("brackets may come percent-encoded or not; other array styles are refused", async () => {
    await withHistory(async (own, { events: e }) => {
      const raw = `event_types[]=${DELETED}&effective_at[gte]=3000&limit=1`;
      const encoded = `event_types%5B%5D=${DELETED}&effective_at%5Bgte%5D=3000&limit=1`;
      const answers = [];
      for (const search of [raw, encoded]) {
        const { status, json } = await call("GET", organizationUrl("audit_logs", search, own.baseURL));
        assert.equal(status, 200, search);
        answers.push(json);
      }
      assert.deepEqual(summary(answers[0]), [e.cDeleted]);
      assert.equal(answers[0].has_more, true);
      assert.deepEqual(answers[1], answers[0]);
      assert.deepEqual(own.requests.at(-1).query, { "event_types[]": DELETED, "effective_at[gte]": "3000", limit: "1" });

      for (const [search, param] of [
        [`event_types=${DELETED}`, "event_types"], [`event_types[0]=${DELETED}`, "event_types[0]"],
        ["effective_at=3000", "effective_at"], ["effective_at[after]=3000", "effective_at[after]"], ["project_ids=proj_a", "project_ids"],
      ]) {
        assertOpenAiError(await call("GET", organizationUrl("audit_logs", search, own.baseURL)), 400, { param, code: "unknown_parameter" });
      }
    });
  });

  test("eventMatches reads an event's project scope as well as its payload's project", () => {
    const event = {
      id: "audit_log-x", type: DELETED, effective_at: 10, project: { id: "proj_scope", name: "Default project" },
      actor: SESSION_ACTOR, [DELETED]: { id: "cp_x" },
    };
    assert.equal(eventMatches(event, { projectIds: ["proj_scope"] }), true);
    assert.equal(eventMatches(event, { projectIds: ["proj_other"] }), false);
    assert.equal(eventMatches(event, {}), true);
    assert.equal(eventMatches({ ...event, project: undefined }, { projectIds: ["proj_scope"] }), false);
  });

  test("bad query parameters are 400s naming the parameter", async () => {
    await withHistory(async (own, { permissions: { a } }) => {
      const cases = [
        ["order=asc", "order"], ["event_types[]=checkpoint.permission.granted", "event_types[]"], ["event_types[]=", "event_types[]"],
        ["effective_at[gt]=soon", "effective_at[gt]"], ["effective_at[lte]=1.5", "effective_at[lte]"], ["effective_at[gte]=1&effective_at[gte]=2", "effective_at[gte]"],
        ["project_ids[]=", "project_ids[]"], ["actor_ids[]=", "actor_ids[]"], ["actor_emails[]=", "actor_emails[]"], ["resource_ids[]=", "resource_ids[]"],
        ["limit=0", "limit"], ["limit=101", "limit"], ["limit=many", "limit"], ["limit=1&limit=2", "limit"],
        ["after=audit_log-nope", "after"], ["before=audit_log-nope", "before"], [`after=${a.id}`, "after"],
        [`after=${own.auditLog[1].id}&before=${own.auditLog[3].id}`, "before"],
        ["tenant_only=maybe", "tenant_only"], [`tenant_only=true&event_types[]=${CREATED}`, "event_types[]"],
      ];
      for (const [search, param] of cases) {
        assertOpenAiError(await call("GET", organizationUrl("audit_logs", search, own.baseURL)), 400, { param, type: "invalid_request_error" });
      }
      assert.equal((await call("GET", organizationUrl("audit_logs", "limit=100&tenant_only=true&event_types[]=tenant.user.added", own.baseURL))).status, 200);
    });
  });

  test("with audit logging off: the list is a 400 that says so, and nothing is recorded until it is on", async () => {
    await withEmulator({ auditLogging: false }, async (own) => {
      assert.equal(own.auditLogging, false);
      assert.equal((await call("POST", permissionsUrl(CHECKPOINT, {}, own.baseURL), { body: { project_ids: ["proj_a"] } })).status, 200);
      const off = await call("GET", organizationUrl("audit_logs", { limit: "5" }, own.baseURL));
      assertOpenAiError(off, 400, { message: "Audit logging is not enabled for this organization.", type: "invalid_request_error", param: null, code: null });
      // What the package looks for.
      assert.match(off.json.error.message, /audit log/i);
      assert.match(off.json.error.message, /not enabled/i);
      assert.deepEqual(own.auditLog, []);

      own.auditLogging = true;
      const empty = await call("GET", organizationUrl("audit_logs", [], own.baseURL));
      assert.deepEqual(empty.json, { object: "list", data: [], first_id: null, last_id: null, has_more: false }, "what happened while off is not there");
      own.seed(CHECKPOINT, ["proj_b"]);
      assert.equal(own.auditLog.length, 1);
      assert.throws(() => {
        own.auditLogging = "yes";
      }, TypeError);

      const control = (body) => call(body === undefined ? "GET" : "POST", `${own.url}/__emulator/audit-logging`, { key: null, body });
      assert.deepEqual((await control({ enabled: false })).json, { enabled: false });
      assert.deepEqual((await control()).json, { enabled: false });
      assertOpenAiError(await call("GET", organizationUrl("audit_logs", [], own.baseURL)), 400);
      assertOpenAiError(await control({ enabled: "true" }), 400);
      assert.deepEqual((await control({ enabled: true })).json, { enabled: true });
      assert.equal(own.auditLog.length, 1, "turning it off and on keeps what was recorded");

      own.reset();
      assert.equal(own.auditLogging, false, "reset() goes back to the starting setting");
      assert.deepEqual(own.auditLog, []);
    });
    await assert.rejects(startEmulator({ auditLogging: "no" }), TypeError);
  });

  test("needs the admin key, is recorded, takes faults; a write broken by a fault records no event", async () => {
    await withHistory(async (own, { permissions: { a } }) => {
      const url = organizationUrl("audit_logs", [["event_types[]", CREATED], ["limit", "2"]], own.baseURL);
      assertOpenAiError(await call("GET", url, { key: null }), 401);
      assertOpenAiError(await call("GET", url, { key: "sk-fake-not-the-admin-key-000000" }), 401, { code: "invalid_api_key" });
      assertOpenAiError(await call("DELETE", url), 405);
      own.requests.length = 0;

      own.inject({ status: 503, match: { pathIncludes: "/organization/audit_logs" } });
      assertOpenAiError(await call("GET", url), 503, { type: "server_error" });
      own.inject({ reset: "mid-body", match: { pathIncludes: "audit_logs" } });
      const cut = await send("GET", url);
      await assert.rejects(cut.text());
      const whole = await call("GET", url);
      assert.equal(whole.status, 200);
      assert.deepEqual(own.requests.map((record) => record.query), Array(3).fill({ "event_types[]": CREATED, limit: "2" }));

      const recorded = own.auditLog.length;
      own.inject({ status: 500, match: { method: "POST" } });
      own.inject({ reset: "before-headers", match: { method: "DELETE" } });
      own.inject({ truncate: true, match: { method: "POST" } });
      assert.equal((await call("POST", permissionsUrl(CHECKPOINT, {}, own.baseURL), { body: { project_ids: ["proj_f"] } })).status, 500);
      await assert.rejects(send("DELETE", `${permissionsUrl(CHECKPOINT, {}, own.baseURL)}/${a.id}`));
      assert.equal((await call("POST", permissionsUrl(CHECKPOINT, {}, own.baseURL), { body: { project_ids: ["proj_g"] } })).status, 200);
      assert.equal(own.auditLog.length, recorded, "no event for writes the client never fully saw");
      assert.equal(own.state.get(CHECKPOINT).some((permission) => permission.id === a.id), true);

      own.inject({ delayHeadersMs: 20, match: { method: "DELETE" } });
      assert.equal((await call("DELETE", `${permissionsUrl(CHECKPOINT, {}, own.baseURL)}/${a.id}`)).status, 200);
      assert.deepEqual(own.auditLog.slice(0, 1).map((event) => [event.type, resourceOf(event)]), [[DELETED, a.id]], "a merely delayed write is recorded");
    });
  });
});

// ---------------------------------------------------------------- CLI

/**
 * Runs cli.mjs with `args` and hands `use` the base URL it printed; then stops it with SIGTERM and
 * checks it exits 0. Bounded: the process is killed after 5 s whatever happens.
 */
async function withCli(args, use) {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const killTimer = setTimeout(() => child.kill("SIGKILL"), 5000);
  try {
    const [firstChunk] = await once(child.stdout, "data");
    const match = /^OPENAI_BASE_URL=(http:\/\/127\.0\.0\.1:\d+\/v1)\n$/.exec(String(firstChunk));
    assert.ok(match, `unexpected output: ${firstChunk}`);
    await use(match[1]);
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = await exited;
    assert.equal(code, 0);
  } finally {
    clearTimeout(killTimer);
    child.kill("SIGKILL"); // a no-op once it has exited
  }
}

describe("cli.mjs", () => {
  test("prints OPENAI_BASE_URL with /v1, usable as printed; serves the demo seed; stops on SIGTERM", async () => {
    await withCli(["--seed-demo"], async (baseURL) => {
      const { status, json } = await call("GET", permissionsUrl(CHECKPOINT, {}, baseURL));
      assert.equal(status, 200);
      assertMatchesSchema(json, "ListFineTuningCheckpointPermissionResponse");
      assert.ok(json.data.length >= 2);
    });
  });

  test("--seed-demo: named projects, some archived, some without access, and the grants' history", async () => {
    await withCli(["--seed-demo"], async (baseURL) => {
      const projects = await call("GET", organizationUrl("projects", { include_archived: "true" }, baseURL));
      assert.equal(projects.status, 200, projects.text);
      assertMatchesSchema(projects.json, "ProjectListResponse");
      const all = projects.json.data;
      assert.ok(all.every((project) => typeof project.name === "string" && project.name !== ""), "every project has a name");
      assert.equal(new Set(all.map((project) => project.name)).size, all.length, "names tell projects apart");
      const archived = all.filter((project) => project.status === "archived");
      assert.ok(archived.length >= 2 && archived.every((project) => Number.isInteger(project.archived_at)));

      const checkpoints = [CHECKPOINT, `${CHECKPOINT}:ckpt-step-90`, OTHER_CHECKPOINT];
      const granted = new Set();
      let permissionCount = 0;
      for (const checkpoint of checkpoints) {
        const { json } = await call("GET", permissionsUrl(checkpoint, {}, baseURL));
        assert.ok(json.data.length >= 2, checkpoint);
        permissionCount += json.data.length;
        for (const permission of json.data) granted.add(permission.project_id);
      }
      const active = all.filter((project) => project.status === "active");
      assert.ok([...granted].every((projectId) => active.some((project) => project.id === projectId)), "every seeded grant is to an active, named project");
      assert.ok(active.filter((project) => !granted.has(project.id)).length >= 1, "some active project has no access yet");
      assert.equal((await call("GET", organizationUrl("projects", [], baseURL))).json.data.length, active.length);

      const history = await call("GET", organizationUrl("audit_logs", { limit: "100" }, baseURL));
      assertMatchesSchema(history.json, "ListAuditLogsResponse");
      const { data: events } = history.json;
      assert.equal(events.length, permissionCount, "one event per seeded permission");
      assert.ok(events.every((event) => event.type === "checkpoint.permission.created" && event.effective_at < Date.now() / 1000));
      assert.ok(new Set(events.map((event) => JSON.stringify(event.actor))).size >= 2, "made by more than one actor");
    });
  });

  test("--no-audit-logging: the audit log list is the 'not enabled' 400", async () => {
    await withCli(["--no-audit-logging"], async (baseURL) => {
      const off = await call("GET", organizationUrl("audit_logs", [], baseURL));
      assertOpenAiError(off, 400, { message: "Audit logging is not enabled for this organization." });
      assertOpenAiError(await call("GET", organizationUrl("projects", [], baseURL)), 403, { message: NO_DIRECTORY_ERROR.error.message });
    });
  });
});
