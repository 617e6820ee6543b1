// Bad input: each case is a clear InvalidInputError naming the field, no request is sent, the
// key is never quoted, and the module keeps working afterwards (a wasm trap would kill it).
import assert from "node:assert/strict";
import { test } from "node:test";

import { CHECKPOINT, KEY, everythingAbout, pkg, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const { createCheckpointPermissions, InvalidInputError } = pkg;
const body = { project_ids: ["proj_a"] };
/** Options passed exactly as given, not merged over the valid ones. */
const asIs = (value) => ({ asIs: value });
const throwing = (name) => new Proxy({}, { get: (_, key) => { if (key === name) throw new Error(`getter ${String(key)} threw`); return undefined; } });

// [what, checkpoint, body, options (merged over valid ones), field, message pattern]
const cases = [
  ["a missing checkpoint", undefined, body, {}, "checkpoint", /is required/],
  ["a numeric checkpoint", 42, body, {}, "checkpoint", /must be a string/],
  ["an empty checkpoint", "", body, {}, "checkpoint", /must not be empty/],
  ["a '.' checkpoint", ".", body, {}, "checkpoint", /must not be "\." or "\.\."/],
  ["a '..' checkpoint", "..", body, {}, "checkpoint", /must not be "\." or "\.\."/],
  ["a checkpoint with a newline", "ft:a\nb", body, {}, "checkpoint", /control characters/],
  ["a checkpoint with NUL", "ft:a\0", body, {}, "checkpoint", /control characters/],
  ["a checkpoint with a lone surrogate", "ft:\ud800", body, {}, "checkpoint", /lone surrogate/],
  ["a huge checkpoint", "x".repeat(100_000), body, {}, "checkpoint", /at most 65536/],
  ["a missing body", CHECKPOINT, undefined, {}, "body", /is required/],
  ["a string body", CHECKPOINT, "proj_a", {}, "body", /must be an object/],
  ["missing project_ids", CHECKPOINT, {}, {}, "body.project_ids", /is required/],
  ["project_ids not an array", CHECKPOINT, { project_ids: "proj_a" }, {}, "body.project_ids", /array of strings/],
  ["empty project_ids", CHECKPOINT, { project_ids: [] }, {}, "body.project_ids", /at least one/],
  ["an empty project id", CHECKPOINT, { project_ids: ["proj_a", ""] }, {}, "body.project_ids[1]", /must not be empty/],
  ["a numeric project id", CHECKPOINT, { project_ids: [7] }, {}, "body.project_ids[0]", /must be a string/],
  ["a project id with a tab", CHECKPOINT, { project_ids: ["a\tb"] }, {}, "body.project_ids[0]", /control characters/],
  ["a throwing project_ids getter", CHECKPOINT, throwing("project_ids"), {}, "body.project_ids", /could not be read/],
  ["no key at all", CHECKPOINT, body, asIs({}), "options.apiKey", /is required/],
  ["an empty key", CHECKPOINT, body, { apiKey: "" }, "options.apiKey", /must not be empty/],
  ["a key with CR/LF", CHECKPOINT, body, { apiKey: `${KEY}\r\nX-Injected: 1` }, "options.apiKey", /line break/],
  ["a key with non-Latin-1", CHECKPOINT, body, { apiKey: `${KEY}ключ` }, "options.apiKey", /U\+00FF/],
  ["a numeric key", CHECKPOINT, body, { apiKey: 123 }, "options.apiKey", /must be a string/],
  ["an organization with LF", CHECKPOINT, body, { organization: "org\nx" }, "options.organization", /line break/],
  ["a project with CR", CHECKPOINT, body, { project: "p\rx" }, "options.project", /line break/],
  ["a header value with LF", CHECKPOINT, body, { headers: { "X-A": "1\nX-B: 2" } }, 'options.headers["X-A"]', /line break/],
  ["a header name with a space", CHECKPOINT, body, { headers: { "X A": "1" } }, "options.headers", /not a valid HTTP header name/],
  ["headers as a string", CHECKPOINT, body, { headers: "X-A: 1" }, "options.headers", /must be an object/],
  ["a non-http baseURL", CHECKPOINT, body, { baseURL: "file:///etc/passwd" }, "options.baseURL", /http:\/\/ or https:\/\//],
  ["a relative baseURL", CHECKPOINT, body, { baseURL: "/v1" }, "options.baseURL", /http:\/\/ or https:\/\//],
  ["a baseURL with credentials", CHECKPOINT, body, { baseURL: "https://user:pw@api.openai.com/v1" }, "options.baseURL", /user name or password/],
  ["a baseURL with a query", CHECKPOINT, body, { baseURL: "https://api.openai.com/v1?x=1" }, "options.baseURL", /query/],
  ["a negative timeout", CHECKPOINT, body, { timeout: -1 }, "options.timeout", /milliseconds/],
  ["a string timeout", CHECKPOINT, body, { timeout: "100" }, "options.timeout", /must be a number/],
  ["a fractional maxRetries", CHECKPOINT, body, { maxRetries: 1.5 }, "options.maxRetries", /whole number/],
  ["a fetch that is not a function", CHECKPOINT, body, { fetch: "fetch" }, "options.fetch", /must be a function/],
  ["a signal that is not one", CHECKPOINT, body, { signal: {} }, "options.signal", /AbortSignal/],
  ["a throwing option getter", CHECKPOINT, body, asIs(throwing("timeout")), "options.timeout", /could not be read/],
  ["options as a number", CHECKPOINT, body, asIs(5), "options", /must be an object/],
];

for (const [what, checkpoint, requestBody, extra, field, message] of cases) {
  test(`${what}: InvalidInputError for ${field}, nothing sent`, async () => {
    const options = "asIs" in extra ? extra.asIs : api.options(extra);
    const thrown = await api.rejection(createCheckpointPermissions(checkpoint, requestBody, options));
    assert.ok(thrown instanceof InvalidInputError, `${thrown?.name}: ${thrown?.message}`);
    assert.equal(thrown.name, "InvalidInputError");
    assert.equal(thrown.field, field);
    assert.match(thrown.message, message);
    assert.ok(thrown.message.startsWith(field), thrown.message);
    assert.equal(api.emulator.requests.length, 0);
    assert.ok(!everythingAbout(thrown).includes(KEY));
  });
}

test("the module still works after every kind of bad input and failure", async () => {
  for (const [, checkpoint, requestBody, extra] of cases) {
    await createCheckpointPermissions(checkpoint, requestBody, "asIs" in extra ? extra.asIs : api.options(extra)).catch(() => {});
  }
  api.emulator.inject({ status: 200, body: "{ not json" });
  await createCheckpointPermissions(CHECKPOINT, body, api.options()).catch(() => {});
  const page = await createCheckpointPermissions(CHECKPOINT, body, api.options());
  assert.equal(page.data[0].project_id, "proj_a");
});

test("calls run concurrently and independently", async () => {
  const ids = Array.from({ length: 50 }, (_, i) => `proj_${i}`);
  const pages = await Promise.all(ids.map((id) => createCheckpointPermissions(CHECKPOINT, { project_ids: [id] }, api.options())));
  assert.deepEqual(pages.map((page) => page.data[0].project_id), ids);
  assert.equal(api.emulator.state.get(CHECKPOINT).length, 50);
});

test("the validators apply the calls' rules without a call", async () => {
  await pkg.init();
  assert.equal(pkg.validateCheckpoint(CHECKPOINT), null);
  assert.equal(pkg.validateCheckpoint("..").field, "checkpoint");
  assert.ok(pkg.validateCheckpoint(42) instanceof InvalidInputError);
  assert.equal(pkg.validateProjectIds(["proj_a", "proj_b"]), null);
  assert.equal(pkg.validateProjectIds(["proj_a", ""]).field, "projectIds[1]");
  assert.match(pkg.validateProjectIds([]).message, /at least one/);
  assert.equal(pkg.validatePermissionId("cp_1"), null);
  assert.equal(pkg.validatePermissionId("a\nb").field, "permissionId");
  assert.equal(api.emulator.requests.length, 0);
});

test("in a browser an apiKey is refused unless dangerouslyAllowBrowser is set", async () => {
  globalThis.document = {};
  try {
    const refused = await api.rejection(createCheckpointPermissions(CHECKPOINT, body, api.options()));
    assert.ok(refused instanceof InvalidInputError);
    assert.equal(refused.field, "options.apiKey");
    assert.match(refused.message, /browser.*baseURL.*dangerouslyAllowBrowser/s);
    assert.equal(api.emulator.requests.length, 0);
    const allowed = await createCheckpointPermissions(CHECKPOINT, body, api.options({ dangerouslyAllowBrowser: true }));
    assert.equal(allowed.data.length, 1);
    const proxied = await createCheckpointPermissions(CHECKPOINT, body, { baseURL: api.emulator.baseURL, headers: { Authorization: `Bearer ${KEY}` } });
    assert.equal(proxied.data.length, 1, "no key in the page: a proxy's authorization is fine");
  } finally {
    delete globalThis.document;
  }
  assert.equal((await createCheckpointPermissions(CHECKPOINT, body, api.options())).data.length, 1, "outside a browser no opt-in is needed");
});

test("without String.prototype.isWellFormed (Node 18, older browsers) lone surrogates are still refused", async () => {
  const { isWellFormed } = String.prototype;
  delete String.prototype.isWellFormed;
  try {
    for (const checkpoint of ["ft:\ud800", "ft:a\udc00b", "ft:\udc00\ud800"]) {
      const thrown = await api.rejection(createCheckpointPermissions(checkpoint, body, api.options()));
      assert.ok(thrown instanceof InvalidInputError, `${thrown?.name}: ${thrown?.message}`);
      assert.match(thrown.message, /lone surrogate/);
    }
    assert.equal(api.emulator.requests.length, 0);
    const page = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_\u{1F600}"] }, api.options());
    assert.equal(page.data[0].project_id, "proj_\u{1F600}", "a surrogate pair is well formed");
  } finally {
    String.prototype.isWellFormed = isWellFormed;
  }
});
