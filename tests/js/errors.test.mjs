// Failed answers become openai-node's error classes with their fields; odd bodies (HTML, empty,
// wrong shape) still give the right class and a readable message; the key never shows.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CHECKPOINT, KEY, everythingAbout, pkg, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const { createCheckpointPermissions } = pkg;
const create = (options) => createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_a"] }, api.options({ maxRetries: 0, ...options }));

const statusClasses = [
  [400, "BadRequestError"],
  [401, "AuthenticationError"],
  [403, "PermissionDeniedError"],
  [404, "NotFoundError"],
  [409, "ConflictError"],
  [422, "UnprocessableEntityError"],
  [429, "RateLimitError"],
  [500, "InternalServerError"],
  [503, "InternalServerError"],
  [418, "APIError"],
];

for (const [status, name] of statusClasses) {
  test(`${status} → ${name}, with openai-node's fields`, async () => {
    const error = { message: `Something about ${status}`, type: "invalid_request_error", param: "project_ids", code: `code_${status}` };
    api.emulator.inject({ status, body: { error }, headers: { "x-custom": "kept" } });
    const thrown = await api.rejection(create());
    assert.ok(thrown instanceof pkg[name], thrown.name);
    assert.ok(thrown instanceof pkg.APIError);
    assert.ok(thrown instanceof pkg.OpenAIError);
    assert.ok(thrown instanceof Error);
    assert.equal(thrown.name, name);
    assert.equal(thrown.status, status);
    assert.equal(thrown.message, `${status} Something about ${status}`);
    assert.deepEqual(thrown.error, error);
    assert.equal(thrown.code, `code_${status}`);
    assert.equal(thrown.param, "project_ids");
    assert.equal(thrown.type, "invalid_request_error");
    assert.equal(thrown.requestID, api.emulator.requests[0].requestId);
    assert.equal(thrown.headers["x-request-id"], thrown.requestID);
    assert.equal(thrown.headers["x-custom"], "kept");
    assert.equal(api.emulator.requests.length, 1, "maxRetries: 0 means one attempt");
  });
}

test("a wrong key is an AuthenticationError from the real route", async () => {
  const thrown = await api.rejection(create({ apiKey: "sk-fake-admin-wrong-but-secret-7777" }));
  assert.ok(thrown instanceof pkg.AuthenticationError);
  assert.equal(thrown.code, "invalid_api_key");
  assert.ok(!everythingAbout(thrown).includes("sk-fake-admin-wrong-but-secret-7777"));
});

test("an HTML 502 page from a proxy still gives InternalServerError and a readable message", async () => {
  const html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
  api.emulator.inject({ status: 502, body: html, contentType: "text/html" });
  const thrown = await api.rejection(create());
  assert.ok(thrown instanceof pkg.InternalServerError);
  assert.equal(thrown.message, "502 status code, and the body is not an OpenAI error (text/html): 502 Bad Gateway");
  assert.equal(thrown.error, undefined);
  assert.equal(thrown.status, 502);
});

test("an empty error body says so", async () => {
  api.emulator.inject({ status: 404, body: "" });
  const thrown = await api.rejection(create());
  assert.ok(thrown instanceof pkg.NotFoundError);
  assert.equal(thrown.message, "404 status code (no body)");
});

const malformedSuccesses = [
  ["not JSON at all", { body: "<html>captive portal</html>", contentType: "text/html" }, /the body is not JSON: captive portal/],
  ["truncated JSON", { truncate: true }, /the body is not JSON/],
  ["a list without has_more", { body: { object: "list", data: [] } }, /: missing field `has_more`$/],
  ["the wrong object", { body: { object: "checkpoint.permission", id: "cp_1", deleted: true } }, /: object: unknown variant `checkpoint.permission`, expected `list`$/],
  ["a permission without its project", { body: { object: "list", data: [{ object: "checkpoint.permission", id: "cp_1", created_at: 1 }], has_more: false } }, /: data\[0\]: missing field `project_id`$/],
  ["a fractional timestamp", { body: { object: "list", data: [{ object: "checkpoint.permission", id: "cp_1", created_at: 1.5, project_id: "p" }], has_more: false } }, /: data\[0\]\.created_at: invalid type: floating point `1\.5`, expected i64$/],
  ["null", { body: "null" }, /: invalid type: unit value, expected a list object$/],
];

for (const [what, fault, message] of malformedSuccesses) {
  test(`a 200 answer that is ${what} is a MalformedResponseError, never a wrong object`, async () => {
    api.emulator.inject({ status: fault.truncate ? undefined : 200, ...fault });
    const thrown = await api.rejection(create({ maxRetries: 2 }));
    assert.ok(thrown instanceof pkg.MalformedResponseError, thrown.name);
    assert.ok(thrown instanceof pkg.APIError);
    assert.equal(thrown.status, 200);
    assert.match(thrown.message, message);
    assert.equal(thrown.requestID, api.emulator.requests[0].requestId);
    assert.equal(api.emulator.requests.length, 1, "a 200 is never retried: the write may have happened");
  });
}

test("a server that echoes the key gets it redacted from message, error object and headers", async () => {
  api.emulator.inject({
    status: 401,
    body: { error: { message: `Bad key ${KEY}`, type: "auth", param: null, code: KEY } },
    headers: { "x-echo": `Bearer ${KEY}` },
  });
  const thrown = await api.rejection(create());
  assert.equal(thrown.message, "401 Bad key [redacted]");
  assert.equal(thrown.code, "[redacted]");
  assert.equal(thrown.headers["x-echo"], "Bearer [redacted]");
  assert.ok(!everythingAbout(thrown).includes(KEY));
});

test("errors survive JSON.stringify without the key or a circular structure", async () => {
  api.emulator.inject({ status: 429, body: { error: { message: "slow down", type: "rate_limit", param: null, code: null } } });
  const thrown = await api.rejection(create());
  const json = JSON.parse(JSON.stringify(thrown));
  assert.equal(json.status, 429);
  assert.equal(json.error.message, "slow down");
  assert.equal(json.code, null);
});

test("error classes are exported with openai-node's hierarchy", () => {
  assert.ok(new pkg.APIConnectionTimeoutError() instanceof pkg.APIConnectionError);
  assert.ok(new pkg.APIConnectionError() instanceof pkg.APIError);
  assert.ok(new pkg.APIUserAbortError() instanceof pkg.APIError);
  assert.ok(new pkg.InvalidInputError("x", "field") instanceof pkg.OpenAIError);
  assert.equal(new pkg.APIConnectionTimeoutError().message, "Request timed out.");
  assert.equal(new pkg.RateLimitError(429, undefined, "m", {}).name, "RateLimitError");
});

test("an answer over the size cap is refused, unread when its size is declared", async () => {
  const huge = "x".repeat(17 * 1024 * 1024);
  api.emulator.inject({ status: 200, body: huge, contentType: "application/json" });
  const thrown = await api.rejection(create());
  assert.ok(thrown instanceof pkg.MalformedResponseError, thrown.name);
  assert.match(thrown.message, /the answer is 17825792 bytes, more than the 16777216 this client reads/);
  api.emulator.inject({ status: 500, body: huge });
  const failed = await api.rejection(create());
  assert.ok(failed instanceof pkg.InternalServerError);
  assert.match(failed.message, /^500 status code, and the answer is 17825792 bytes/);
  assert.equal((await create()).data.length, 1, "the next call works");
});

test("makeError knows exactly the package's classes: an unknown name throws instead of passing as APIError", async () => {
  const { makeError } = await import("../../pkg/errors.js");
  assert.ok(makeError("RateLimitError", "429 slow down", { status: 429, headers: {} }) instanceof pkg.RateLimitError);
  assert.ok(makeError("InvalidInputError", "checkpoint must not be empty", { field: "checkpoint" }) instanceof pkg.InvalidInputError);
  for (const name of ["RateLimitErorr", "OpenAIError", "constructor", "toString", ""]) {
    assert.throws(() => makeError(name, "m", {}), TypeError, JSON.stringify(name));
  }
});
