// Issue 4: the scoped admin proxy Worker (examples/worker/worker.js) in workerd, through
// Miniflare, in front of the API emulator. The Worker imports "checkpoint-permissions" and gets the
// package's workerd entry (the .wasm as a CompiledWasm module). Every refusal is checked to send
// nothing upstream, and no answer may ever carry the admin key. Issues 17 and 18: every id of the
// shared fixture (tests/fixtures/ids.json) and the encoded probes, refused in the package's words,
// the same words as the console's key proxy (scripts/serve.mjs) gives.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { after, before, beforeEach, test } from "node:test";

import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";
import { startConsoleServer } from "../../scripts/serve.mjs";
import { ROOT, importTool, moduleFile, withTimeout, workerdPackageModules } from "../runtimes/harness.mjs";
import { bundleLikeWrangler } from "../runtimes/wrangler-bundle.mjs";

const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const TOKEN = "console-token-7f3a9c2e1b5d4a6f8e0c";
const ORIGIN = "https://console.example.com";
const BASE = "http://proxy.test";
const PERMISSIONS = `/v1/fine_tuning/checkpoints/${encodeURIComponent(CHECKPOINT)}/permissions`;
const ID_FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/ids.json", import.meta.url), "utf8"));

let emulator;
let mf;
const seenTexts = []; // every answer's status line, headers and body, for the key-leak check

const bindings = () => ({
  OPENAI_ADMIN_KEY: DEFAULT_ADMIN_KEY,
  CONSOLE_TOKEN: TOKEN,
  CONSOLE_ORIGIN: ORIGIN,
  OPENAI_BASE_URL: emulator.baseURL,
});

before(async () => {
  emulator = await startEmulator();
  const { Miniflare } = await importTool("miniflare");
  mf = new Miniflare({
    modulesRoot: ROOT,
    modules: [moduleFile("examples/worker/worker.js"), ...workerdPackageModules({ aliasAs: "examples/worker/checkpoint-permissions" })],
    compatibilityDate: "2025-09-01",
    bindings: bindings(),
  });
  await withTimeout(mf.ready, 30_000, "miniflare");
});
beforeEach(() => emulator.reset());
after(async () => {
  await mf?.dispose();
  await emulator?.close();
  for (const text of seenTexts) assert.ok(!text.includes(DEFAULT_ADMIN_KEY), `the admin key leaked: ${text.slice(0, 300)}`);
});

/** Calls the Worker; `token: null` sends no Authorization, `origin` adds an Origin header. */
async function call(path, { method = "GET", token = TOKEN, origin, headers = {}, body } = {}) {
  const all = { ...headers };
  if (token !== null) all.authorization = `Bearer ${token}`;
  if (origin) all.origin = origin;
  if (body !== undefined) all["content-type"] = "application/json";
  const response = await mf.dispatchFetch(`${BASE}${path}`, {
    method,
    headers: all,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  seenTexts.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, text, json };
}

function assertNothingUpstream(label) {
  assert.deepEqual(emulator.requests.map((r) => `${r.method} ${r.path}`), [], `${label}: reached the API`);
  assert.equal(emulator.preflights.length, 0, `${label}: a preflight reached the API`);
}

test("an allowed call works: create, list, delete, with the admin key added by the Worker only", async () => {
  const created = await call(PERMISSIONS, { method: "POST", origin: ORIGIN, body: { project_ids: ["proj_a"] } });
  assert.equal(created.status, 200, created.text);
  assert.equal(created.json.data[0].project_id, "proj_a");
  assert.equal(created.headers.get("access-control-allow-origin"), ORIGIN);
  const [post] = emulator.requests;
  assert.equal(created.headers.get("x-request-id"), post.requestId);
  assert.equal(post.headers.authorization, `Bearer ${DEFAULT_ADMIN_KEY}`);
  assert.equal(post.path, `/v1/fine_tuning/checkpoints/${CHECKPOINT}/permissions`);

  const listed = await call(`${PERMISSIONS}?limit=5&order=ascending`);
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.json.data.map((p) => p.project_id), ["proj_a"]);
  assert.deepEqual(emulator.requests[1].query, { limit: "5", order: "ascending" });

  const id = created.json.data[0].id;
  const deleted = await call(`${PERMISSIONS}/${id}`, { method: "DELETE" });
  assert.equal(deleted.status, 200, deleted.text);
  assert.deepEqual(deleted.json, { object: "checkpoint.permission", id, deleted: true });
});

test("the JSON routes /grant, /sync and /revoke call the lifecycle functions", async () => {
  const granted = await call("/grant", { method: "POST", body: { checkpoint: CHECKPOINT, project_ids: ["proj_a", "proj_b"] } });
  assert.equal(granted.status, 200, granted.text);
  assert.deepEqual(granted.json.created.map((p) => p.project_id).sort(), ["proj_a", "proj_b"]);
  const plan = await call("/sync", { method: "POST", body: { checkpoint: CHECKPOINT, project_ids: ["proj_b"], dryRun: true } });
  assert.equal(plan.status, 200, plan.text);
  assert.deepEqual(plan.json.revoke.map((p) => p.project_id ?? p), ["proj_a"]);
  const revoked = await call("/revoke", { method: "POST", body: { checkpoint: CHECKPOINT, project_ids: ["proj_a"] } });
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.json.revoked.length, 1);
  assert.deepEqual(emulator.state.get(CHECKPOINT).map((p) => p.project_id), ["proj_b"]);
});

test("a missing or wrong token is a 401 and nothing goes upstream", async () => {
  const cases = [
    { token: null },
    { token: "wrong" },
    { token: `${TOKEN}x` },
    { token: TOKEN.slice(0, -1) },
    { token: TOKEN.toUpperCase() },
    { token: null, headers: { authorization: `Basic ${TOKEN}` } },
    { token: null, headers: { authorization: `Bearer  ${TOKEN}` } },
    { token: null, headers: { authorization: TOKEN } },
  ];
  for (const options of cases) {
    const answer = await call(PERMISSIONS, { method: "POST", body: { project_ids: ["proj_a"] }, ...options });
    assert.equal(answer.status, 401, JSON.stringify(options));
    assert.equal(answer.json.error.type, "authentication_error");
    assert.equal(answer.headers.get("www-authenticate"), "Bearer");
  }
  assertNothingUpstream("401s");
});

test("other paths, methods and traversal attempts are refused, and nothing goes upstream", async () => {
  const paths = [
    "/", "/v1/models", "/v1/organization/users", "/v1/organization/admin_api_keys", "/v1/fine_tuning/jobs",
    "/v1/fine_tuning/checkpoints", `/v1/fine_tuning/checkpoints/${CHECKPOINT}`, `${PERMISSIONS}/cp_1/extra`,
    "/__emulator/reset", "/V1/fine_tuning/checkpoints/x/permissions", "/grant/x",
    // The URL parser resolves these before the Worker sees them; they must then match nothing.
    `${PERMISSIONS}/../../../../organization/users`, `${PERMISSIONS}/%2e%2e/%2E%2E/%2e%2e/%2e%2e/models`,
    "/v1/fine_tuning/checkpoints/%2e%2e/permissions", "/v1/fine_tuning/checkpoints/./permissions",
  ];
  for (const path of paths) {
    for (const method of ["GET", "POST", "DELETE"]) {
      const answer = await call(path, { method, body: method === "POST" ? { project_ids: ["proj_a"] } : undefined });
      assert.ok([404, 405].includes(answer.status), `${method} ${path} → ${answer.status} ${answer.text}`);
    }
  }
  // Percent-encoded separators and dot segments that survive URL parsing: 400, never forwarded.
  for (const segment of ["..%2f..%2forganization", "a%2Fb", "a%5Cb", "%2e%2e%2f", "%zz", "%0a"]) {
    const answer = await call(`/v1/fine_tuning/checkpoints/${segment}/permissions`);
    assert.equal(answer.status, 400, `${segment} → ${answer.status} ${answer.text}`);
  }
  const bodyTraversal = await call("/grant", { method: "POST", body: { checkpoint: "../../organization", project_ids: ["proj_a"] } });
  assert.equal(bodyTraversal.status, 400, bodyTraversal.text);
  // Methods the routes do not have.
  for (const [method, path] of [["PUT", PERMISSIONS], ["PATCH", PERMISSIONS], ["DELETE", PERMISSIONS], ["GET", `${PERMISSIONS}/cp_1`], ["POST", `${PERMISSIONS}/cp_1`], ["GET", "/grant"]]) {
    const answer = await call(path, { method, body: method === "GET" || method === "DELETE" ? undefined : { project_ids: ["proj_a"] } });
    assert.equal(answer.status, 405, `${method} ${path} → ${answer.status}`);
    assert.ok(answer.headers.get("allow"), "no Allow header");
  }
  assertNothingUpstream("refused paths");
});

/** Sends raw bytes to the Worker's socket, so paths reach workerd unnormalised by any client. */
async function rawRequest(target) {
  const url = new URL(await mf.ready);
  return withTimeout(new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let data = "";
    // Done at the end of the answer (Content-Length or the last chunk), not when the socket
    // closes: the keep-alive entry proxy may hold it open.
    const complete = () => {
      const split = data.indexOf("\r\n\r\n");
      if (split < 0) return false;
      const length = /\r\ncontent-length: *(\d+)/i.exec(data.slice(0, split))?.[1];
      return length !== undefined ? Buffer.byteLength(data.slice(split + 4)) >= Number(length) : data.endsWith("0\r\n\r\n");
    };
    socket.on("data", (chunk) => {
      data += chunk;
      if (complete()) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`);
  }), 10_000, `raw ${target}`);
}

test("raw traversal paths sent byte for byte are refused too", async (t) => {
  const statuses = [];
  for (const target of [
    `${PERMISSIONS}/../../../../organization/users`,
    "/v1/fine_tuning/checkpoints/x/permissions/%2e%2e/%2e%2e/%2e%2e/%2e%2e/organization/users",
    "/v1/fine_tuning/checkpoints/%2e%2e/permissions",
    "/v1/fine_tuning/checkpoints/..%2F..%2Forganization/permissions",
    "/v1/fine_tuning/checkpoints/x\\..\\..\\permissions",
  ]) {
    const answer = await rawRequest(target);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
    assert.ok([400, 404, 405].includes(status), `${target} → ${answer.slice(0, 200)}`);
    statuses.push(`${status} ${target}`);
    seenTexts.push(answer);
  }
  t.diagnostic(statuses.join("; "));
  assertNothingUpstream("raw traversal");
});

test("CORS: only the console origin, preflights included; foreign origins are refused", async () => {
  const preflight = await call(PERMISSIONS, {
    method: "OPTIONS", token: null, origin: ORIGIN,
    headers: { "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(preflight.headers.get("access-control-allow-methods"), /POST/);
  assert.match(preflight.headers.get("access-control-allow-headers"), /authorization/);
  assert.match(preflight.headers.get("vary"), /Origin/);

  const wrongMethod = await call(PERMISSIONS, { method: "OPTIONS", token: null, origin: ORIGIN, headers: { "access-control-request-method": "PUT" } });
  assert.equal(wrongMethod.status, 403);

  for (const origin of ["https://evil.example", "null", "https://console.example.com.evil.example", "http://console.example.com"]) {
    const asked = await call(PERMISSIONS, { method: "OPTIONS", token: null, origin, headers: { "access-control-request-method": "POST" } });
    assert.equal(asked.status, 403, origin);
    assert.equal(asked.headers.get("access-control-allow-origin"), null, origin);
    const simple = await call(PERMISSIONS, { origin });
    assert.equal(simple.status, 403, origin);
    assert.equal(simple.headers.get("access-control-allow-origin"), null, origin);
  }
  assertNothingUpstream("CORS");
});

test("bad input is a 400 by the package's own rules, and nothing goes upstream", async () => {
  const cases = [
    [PERMISSIONS, { method: "POST", body: { project_ids: [] } }, "body.project_ids"],
    [PERMISSIONS, { method: "POST", body: { project_ids: ["proj\na"] } }, "body.project_ids"],
    [PERMISSIONS, { method: "POST", body: {} }, "body.project_ids"],
    [PERMISSIONS, { method: "POST", body: "{not json" }, null],
    [`${PERMISSIONS}?limit=abc`, {}, null],
    [`${PERMISSIONS}?evil=1`, {}, "evil"],
    ["/grant", { method: "POST", body: { checkpoint: "..", project_ids: ["proj_a"] } }, "checkpoint"],
    ["/grant", { method: "POST", body: { checkpoint: CHECKPOINT, project_ids: "proj_a" } }, null],
  ];
  for (const [path, options, param] of cases) {
    const answer = await call(path, options);
    assert.equal(answer.status, 400, `${path} ${JSON.stringify(options)} → ${answer.status} ${answer.text}`);
    if (param) assert.match(String(answer.json.error.param), new RegExp(param), answer.text);
  }
  assertNothingUpstream("bad input");
});

test("an upstream error comes back with its status and request id", async () => {
  const missing = await call(`${PERMISSIONS}/cp_doesnotexist000000000000`, { method: "DELETE", origin: ORIGIN });
  assert.equal(missing.status, 404, missing.text);
  const [record] = emulator.requests;
  assert.equal(missing.headers.get("x-request-id"), record.requestId);
  assert.equal(missing.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(typeof missing.json.error.message, "string");

  emulator.reset();
  emulator.inject({ status: 403, body: { error: { message: "Project is archived.", type: "invalid_request_error", param: null, code: "project_archived" } } });
  const denied = await call(PERMISSIONS, { method: "POST", body: { project_ids: ["proj_a"] } });
  assert.equal(denied.status, 403, denied.text);
  assert.equal(denied.headers.get("x-request-id"), emulator.requests[0].requestId);
  assert.deepEqual(denied.json.error, { message: "Project is archived.", type: "invalid_request_error", param: null, code: "project_archived" });

  // The admin key the API rejects: its 401 comes back, masked by the API, never in clear.
  emulator.reset();
  emulator.inject({ status: 401, body: { error: { message: `Incorrect API key provided: ${DEFAULT_ADMIN_KEY}.`, type: "invalid_request_error", param: null, code: "invalid_api_key" } } });
  const rejected = await call(PERMISSIONS);
  assert.equal(rejected.status, 401);
  assert.ok(!rejected.text.includes(DEFAULT_ADMIN_KEY), rejected.text);
});

// The Worker as wrangler bundles it (tests/runtimes/wrangler-bundle.mjs): the package's
// "sideEffects" list must keep pkg/workerd.js's `import wasmModule …; initSync(…)`, or every call
// fails ("TypeError: Invalid URL string.").
async function wranglerStyleBundleServesACall() {
  const { Miniflare } = await importTool("miniflare");
  const bundle = await bundleLikeWrangler(["examples/worker/worker.js"]);
  let bundled;
  try {
    bundled = new Miniflare({ modulesRoot: bundle.modulesRoot, modules: bundle.modules, compatibilityDate: "2025-09-01", bindings: bindings() });
    const response = await bundled.dispatchFetch(`${BASE}${PERMISSIONS}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const text = await response.text();
    assert.equal(response.status, 200, text);
  } finally {
    await bundled?.dispose();
    bundle.remove();
  }
}

test("a wrangler-style esbuild bundle of the Worker serves a call", () => wranglerStyleBundleServesACall());

// ---------------------------------------------------------------- ids: the shared fixture and the probes

const idPath = (checkpoint, permissionId) =>
  `/v1/fine_tuning/checkpoints/${encodeURIComponent(checkpoint)}/permissions${permissionId === undefined ? "" : `/${encodeURIComponent(permissionId)}`}`;

/** A 400 in OpenAI's shape with the package's words. */
function assertIdRefused(answer, message, param, label) {
  assert.equal(answer.status, 400, `${label} → ${answer.status} ${answer.text}`);
  assert.deepEqual(answer.json.error, { message, type: "invalid_request_error", param, code: "invalid_id" }, label);
}

// "." and ".." never reach the Worker as path ids: the URL parser resolves them before it runs,
// and the path it then gets is another one (refused as such).
const resolvedByTheURLParser = (id) => id === "." || id === "..";

test("every invalid checkpoint of the fixture: 400 in the package's words on every route (or, for a dot segment, 404); nothing upstream", async () => {
  for (const { id, problem } of ID_FIXTURE.checkpoint.invalid) {
    const label = JSON.stringify(id);
    const answers = [
      ["GET", await call(idPath(id))],
      ["POST", await call(idPath(id), { method: "POST", body: { project_ids: ["proj_a"] } })],
      ["DELETE", await call(idPath(id, "cp_1"), { method: "DELETE" })],
      ["/grant", await call("/grant", { method: "POST", body: { checkpoint: id, project_ids: ["proj_a"] } })],
      ["/sync", await call("/sync", { method: "POST", body: { checkpoint: id, project_ids: [] } })],
    ];
    for (const [route, answer] of answers) {
      if (resolvedByTheURLParser(id) && !route.startsWith("/")) assert.equal(answer.status, 404, `${route} ${label}`);
      else assertIdRefused(answer, `checkpoint ${problem}`, "checkpoint", `${route} ${label}`);
    }
  }
  assertNothingUpstream("invalid checkpoints");
});

test("every valid checkpoint of the fixture is forwarded", async () => {
  for (const id of ID_FIXTURE.checkpoint.valid) {
    emulator.reset();
    const created = await call(idPath(id), { method: "POST", body: { project_ids: ["proj_a"] } });
    assert.equal(created.status, 200, `${id}: ${created.text}`);
    assert.equal((await call(idPath(id))).status, 200, id);
    assert.equal((await call(idPath(id, created.json.data[0].id), { method: "DELETE" })).status, 200, id);
    assert.equal(emulator.requests.length, 3, id);
  }
});

test("every permission id of the fixture: invalid ones refused in the package's words (path and cursor), valid ones forwarded", async () => {
  for (const { id, problem } of ID_FIXTURE.permission.invalid) {
    const label = JSON.stringify(id);
    const deleted = await call(idPath(CHECKPOINT, id), { method: "DELETE" });
    // "/permissions/." reaches the Worker as "/permissions/": an empty id, refused as one.
    if (resolvedByTheURLParser(id)) assert.ok([400, 404, 405].includes(deleted.status), `DELETE ${label} → ${deleted.status}`);
    else assertIdRefused(deleted, `permissionId ${problem}`, "permissionId", `DELETE ${label}`);
    assertIdRefused(await call(`${PERMISSIONS}?after=${encodeURIComponent(id)}`), `query.after ${problem}`, "after", `after=${label}`);
  }
  assertNothingUpstream("invalid permission ids");
  for (const id of ID_FIXTURE.permission.valid) {
    await call(idPath(CHECKPOINT, id), { method: "DELETE" });
    await call(`${PERMISSIONS}?after=${encodeURIComponent(id)}`);
    const [deleted, listed] = emulator.requests.slice(-2);
    assert.equal(deleted.path, `/v1/fine_tuning/checkpoints/${CHECKPOINT}/permissions/${id}`);
    assert.deepEqual(listed.query, { after: id });
  }
});

test("every project id of the fixture: invalid ones refused in the package's words (create body, list query, /grant), valid ones forwarded", async () => {
  for (const { id, problem } of ID_FIXTURE.project.invalid) {
    const label = JSON.stringify(id);
    assertIdRefused(await call(PERMISSIONS, { method: "POST", body: { project_ids: ["proj_a", id] } }), `body.project_ids[1] ${problem}`, "body.project_ids[1]", `body ${label}`);
    assertIdRefused(await call(`${PERMISSIONS}?project_id=${encodeURIComponent(id)}`), `query.project_id ${problem}`, "project_id", `project_id=${label}`);
    assertIdRefused(await call("/grant", { method: "POST", body: { checkpoint: CHECKPOINT, project_ids: ["proj_a", id] } }), `projectIds[1] ${problem}`, "projectIds[1]", `/grant ${label}`);
  }
  assertNothingUpstream("invalid project ids");
  const created = await call(PERMISSIONS, { method: "POST", body: { project_ids: ID_FIXTURE.project.valid } });
  assert.equal(created.status, 200, created.text);
  for (const id of ID_FIXTURE.project.valid) {
    const listed = await call(`${PERMISSIONS}?project_id=${encodeURIComponent(id)}`);
    assert.deepEqual(listed.json.data.map((permission) => permission.project_id), [id]);
    assert.deepEqual(emulator.requests.at(-1).query, { project_id: id });
  }
});

// The probes of issues 17 and 18, sent to both proxies: each refused with the same status and
// the same error object, and neither reached the API.
const ENCODED_PROBES = [
  ["DELETE", "/v1/fine_tuning/checkpoints/x/permissions/..%2F..%2F..%2F..%2Forganization%2Fadmin_api_keys%2Fkey_1", "checkpoint must be a fine-tuned model or checkpoint name (ft:…) or a checkpoint id (ft-…)"],
  ["DELETE", `${PERMISSIONS}/..%2F..%2F..%2F..%2Forganization%2Fadmin_api_keys%2Fkey_1`, 'permissionId must not contain "/"'],
  ["GET", "/v1/fine_tuning/checkpoints/ft:a%2F..%2Forganization/permissions", 'checkpoint must not contain "/"'],
  ["GET", "/v1/fine_tuning/checkpoints/ft:a%5Cb/permissions", 'checkpoint must not contain "\\"'],
  ["GET", "/v1/fine_tuning/checkpoints/ft:a%00/permissions", "checkpoint must not contain control characters"],
  ["GET", "/v1/fine_tuning/checkpoints/ft:a%3Flimit=1/permissions", 'checkpoint must not contain "?"'],
  ["GET", "/v1/fine_tuning/checkpoints/ft:a%23x/permissions", 'checkpoint must not contain "#"'],
  ["GET", "/v1/fine_tuning/checkpoints/ft:a%252F/permissions", 'checkpoint must not contain "%"'],
  ["GET", "/v1/fine_tuning/checkpoints/%2e%2e%2f/permissions", 'checkpoint must not contain "/"'],
  ["GET", "/v1/fine_tuning/checkpoints//permissions", "checkpoint must not be empty"],
  ["GET", "/v1/fine_tuning/checkpoints/ft:a%zz/permissions", "checkpoint is not valid percent-encoded UTF-8"],
  ["DELETE", `${PERMISSIONS}/cp_1%3Fx=1`, 'permissionId must not contain "?"'],
  ["GET", `${PERMISSIONS}?after=..%2F..%2Forganization`, 'query.after must not contain "/"'],
  ["GET", `${PERMISSIONS}?project_id=proj_a%23x`, 'query.project_id must not contain "#"'],
];

test("the encoded probes: the Worker and the console's key proxy refuse each with the same words, and neither reaches the API", async () => {
  const consoleServer = await startConsoleServer({ upstream: emulator.baseURL, adminKey: DEFAULT_ADMIN_KEY });
  try {
    const consoleOrigin = consoleServer.url.replace(/\/$/, "");
    for (const [method, path, message] of ENCODED_PROBES) {
      const fromWorker = await call(path, { method });
      assert.equal(fromWorker.status, 400, `Worker ${method} ${path} → ${fromWorker.text}`);
      assert.equal(fromWorker.json.error.message, message, `Worker ${method} ${path}`);
      assert.equal(fromWorker.json.error.code, "invalid_id");
      // fetch sends these targets as they are: none holds a dot segment it would resolve.
      const fromConsole = await fetch(`${consoleOrigin}${path}`, { method, headers: { authorization: `Bearer ${consoleServer.token}` }, signal: AbortSignal.timeout(10_000) });
      const consoleText = await fromConsole.text();
      seenTexts.push(consoleText);
      assert.equal(fromConsole.status, 400, `console ${method} ${path} → ${consoleText}`);
      assert.deepEqual(JSON.parse(consoleText).error, fromWorker.json.error, `${method} ${path}: the same error from both proxies`);
    }
  } finally {
    await consoleServer.close();
  }
  assertNothingUpstream("encoded probes");
});

test("the list query is read strictly: unknown, repeated or malformed parameters are refused; nothing upstream", async () => {
  for (const [query, code] of [["?evil=1", "unknown_parameter"], ["?limit=1&limit=2", "invalid_query"], ["?project_id=%ZZ", "invalid_query"], ["?order=asc", "invalid_value"], ["?__proto__=1", "unknown_parameter"]]) {
    const answer = await call(`${PERMISSIONS}${query}`);
    assert.equal(answer.status, 400, `${query} → ${answer.text}`);
    assert.equal(answer.json.error.code, code, query);
  }
  const extra = await call(PERMISSIONS, { method: "POST", body: { project_ids: ["proj_a"], extra: true } });
  assert.equal(extra.status, 400);
  assert.deepEqual([extra.json.error.code, extra.json.error.param], ["unknown_parameter", "body.extra"]);
  assertNothingUpstream("strict query");
});
