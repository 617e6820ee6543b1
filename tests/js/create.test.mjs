// createCheckpointPermissions against the emulator: the happy path, exactly what goes on the wire,
// path encoding, options, and calling conventions (custom fetch, environment key).
import assert from "node:assert/strict";
import { test } from "node:test";

import { validateComponent } from "../contract/schema.mjs";
import { CHECKPOINT, KEY, pkg, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const { createCheckpointPermissions } = pkg;

test("resolves to the API's page, as a plain object in the API's shape", async () => {
  const page = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_b"] }, api.options());
  assert.deepEqual(validateComponent(page, "ListFineTuningCheckpointPermissionResponse"), []);
  assert.equal(page.object, "list");
  assert.deepEqual(page.data.map((p) => p.project_id), ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_b"]);
  assert.equal(page.first_id, page.data[0].id);
  assert.equal(page.last_id, page.data[1].id);
  assert.equal(page.has_more, false);
  assert.equal(Object.getPrototypeOf(page), Object.prototype);
  const stored = api.emulator.state.get(CHECKPOINT);
  assert.deepEqual(page.data, stored);
});

test("the request id is on the result but not in its JSON", async () => {
  const page = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_a"] }, api.options());
  assert.equal(page._request_id, api.emulator.requests[0].requestId);
  assert.match(page._request_id, /^req_/);
  assert.equal(Object.keys(page).includes("_request_id"), false);
  assert.equal(JSON.stringify(page).includes("_request_id"), false);
});

test("exactly the documented request goes on the wire, with no extra custom headers", async () => {
  await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_abGMw1llN8IrBb6SvvY5A1iH"] }, api.options());
  assert.equal(api.emulator.requests.length, 1);
  const [request] = api.emulator.requests;
  assert.equal(request.method, "POST");
  assert.equal(request.path, "/v1/fine_tuning/checkpoints/ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd/permissions");
  assert.deepEqual(request.query, {});
  assert.equal(request.body, '{"project_ids":["proj_abGMw1llN8IrBb6SvvY5A1iH"]}');
  assert.equal(request.headers.authorization, `Bearer ${KEY}`);
  assert.equal(request.headers["content-type"], "application/json");
  assert.equal(request.headers.accept, "application/json");
  // What Node's fetch adds by itself; anything beyond this came from the package.
  const runtimeHeaders = ["host", "connection", "content-length", "user-agent", "accept-language", "accept-encoding", "sec-fetch-mode"];
  const ours = Object.keys(request.headers).filter((name) => !runtimeHeaders.includes(name)).sort();
  assert.deepEqual(ours, ["accept", "authorization", "content-type"]);
});

test("organization, project and the caller's headers are sent; null removes a default", async () => {
  const options = api.options({
    organization: "org-123",
    project: "proj-456",
    headers: { "X-Trace-Id": "trace-1", Accept: null },
  });
  await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, options);
  const { headers } = api.emulator.requests[0];
  assert.equal(headers["openai-organization"], "org-123");
  assert.equal(headers["openai-project"], "proj-456");
  assert.equal(headers["x-trace-id"], "trace-1");
  assert.notEqual(headers.accept, "application/json", "Node's own default instead of ours");
});

test("headers may also be a Headers object or a list of pairs", async () => {
  await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, api.options({ headers: new Headers({ "x-a": "1" }) }));
  await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, api.options({ headers: [["x-b", "2"]] }));
  assert.equal(api.emulator.requests[0].headers["x-a"], "1");
  assert.equal(api.emulator.requests[1].headers["x-b"], "2");
});

test("the checkpoint is one path segment: what a URL would misread is refused, the rest encoded", async () => {
  const cases = [
    ["ft:modèle-模型", "ft:mod%C3%A8le-%E6%A8%A1%E5%9E%8B"],
    ["ft:a:b@c", "ft:a:b@c"],
    ["ft:a|b<c>", "ft:a%7Cb%3Cc%3E"],
  ];
  for (const [checkpoint, encoded] of cases) {
    api.emulator.reset();
    const page = await createCheckpointPermissions(checkpoint, { project_ids: ["proj_p"] }, api.options());
    assert.equal(api.emulator.requests[0].path, `/v1/fine_tuning/checkpoints/${encoded}/permissions`);
    assert.equal(page.data.length, 1);
    assert.ok(api.emulator.state.has(checkpoint), `stored under ${checkpoint}`);
  }
  api.emulator.reset();
  for (const checkpoint of ["a/b", "ft:../admin", "ft:x?y#z", "ft:100% sure", "ft:a\\b"]) {
    const error = await api.rejection(createCheckpointPermissions(checkpoint, { project_ids: ["proj_p"] }, api.options()));
    assert.ok(error instanceof pkg.InvalidInputError, `${checkpoint}: ${error.name}`);
    assert.equal(error.field, "checkpoint");
  }
  assert.equal(api.emulator.requests.length, 0, "nothing was sent");
});

test("a custom fetch is used, and called unbound", async () => {
  const calls = [];
  const options = api.options({
    fetch: function (url, init) {
      "use strict";
      calls.push({ self: this, url, method: init.method });
      return globalThis.fetch(url, init);
    },
  });
  await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, options);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].self, undefined);
  assert.equal(calls[0].method, "POST");
  assert.equal(calls[0].url, `${api.emulator.baseURL}/fine_tuning/checkpoints/${CHECKPOINT}/permissions`);
});

test("the global fetch is looked up at call time", async () => {
  const original = globalThis.fetch;
  let used = 0;
  globalThis.fetch = (...args) => {
    used += 1;
    return original(...args);
  };
  try {
    await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, api.options());
  } finally {
    globalThis.fetch = original;
  }
  assert.equal(used, 1);
});

test("in Node the key falls back to OPENAI_ADMIN_KEY", async () => {
  process.env.OPENAI_ADMIN_KEY = KEY;
  try {
    const page = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, { baseURL: api.emulator.baseURL });
    assert.equal(page.data.length, 1);
  } finally {
    delete process.env.OPENAI_ADMIN_KEY;
  }
  assert.equal(api.emulator.requests[0].headers.authorization, `Bearer ${KEY}`);
});

test("the environment fills each option left out: option > environment > default", async () => {
  const variables = {
    OPENAI_ADMIN_KEY: KEY,
    OPENAI_BASE_URL: api.emulator.baseURL,
    OPENAI_ORG_ID: "org-from-env",
    OPENAI_PROJECT_ID: "proj_from_env",
  };
  Object.assign(process.env, variables);
  try {
    await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] });
    const [fromEnvironment] = api.emulator.requests;
    assert.equal(fromEnvironment.headers.authorization, `Bearer ${KEY}`, "the key and the base URL came from the environment");
    assert.equal(fromEnvironment.headers["openai-organization"], "org-from-env");
    assert.equal(fromEnvironment.headers["openai-project"], "proj_from_env");
    api.emulator.reset();
    await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, { organization: "org-option", project: null });
    const [overridden] = api.emulator.requests;
    assert.equal(overridden.headers["openai-organization"], "org-option", "an option beats the environment");
    assert.equal(overridden.headers["openai-project"], undefined, "null turns the variable off");
    process.env.OPENAI_BASE_URL = "not a url";
    const error = await api.rejection(createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }));
    assert.ok(error instanceof pkg.InvalidInputError);
    assert.equal(error.field, "OPENAI_BASE_URL", "a bad variable is named as such");
  } finally {
    for (const name of Object.keys(variables)) delete process.env[name];
  }
});

test("with no key, a caller's Authorization header is enough (a proxy holds the key)", async () => {
  const page = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, {
    baseURL: api.emulator.baseURL,
    headers: { Authorization: `Bearer ${KEY}` },
  });
  assert.equal(page.data.length, 1);
});

test("unknown extra fields in an answer are kept: forward compatible", async () => {
  const body = {
    object: "list",
    data: [{ object: "checkpoint.permission", id: "cp_1", created_at: 1, project_id: "p", scope: "read" }],
    first_id: "cp_1", last_id: "cp_1", has_more: false, total: 1,
  };
  api.emulator.inject({ status: 200, body });
  const page = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, api.options());
  assert.deepEqual(page, body);
});

test("first_id and last_id may be null", async () => {
  const body = { object: "list", data: [], first_id: null, last_id: null, has_more: false };
  api.emulator.inject({ status: 200, body });
  assert.deepEqual(await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_p"] }, api.options()), body);
});
