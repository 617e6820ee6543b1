// The console server (scripts/serve.mjs) over real HTTP: static files, traversal refusals, the
// config, the token-guarded proxy in front of the API emulator, and the built package calling
// through it the way the page does. Run: node --test tests/js/console-server.test.mjs

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { after, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";
import { MAX_REQUEST_BODY_BYTES, startConsoleServer } from "../../scripts/serve.mjs";

// The package's Node entry would fall back to this variable; the page never has a key.
delete process.env.OPENAI_ADMIN_KEY;
const pkg = await import("../../pkg/node.js");

const KEY = DEFAULT_ADMIN_KEY;
const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const SERVE_PATH = fileURLToPath(new URL("../../scripts/serve.mjs", import.meta.url));
/** Upper bound for any single exchange, so a broken server fails the test instead of hanging it. */
const REQUEST_TIMEOUT_MS = 5000;
const TEST_OPTIONS = { timeout: 30_000 };

let emulator;
let consoleServer;
const logLines = [];

before(async () => {
  emulator = await startEmulator();
  consoleServer = await startConsoleServer({ upstream: emulator.baseURL, adminKey: KEY, log: (line) => logLines.push(line) });
});
after(async () => {
  await consoleServer?.close();
  await emulator?.close();
});
beforeEach(() => emulator.reset());

// ---------------------------------------------------------------- helpers

const origin = () => consoleServer.url.replace(/\/$/, "");
const permissionsPath = (checkpoint = CHECKPOINT) => `/v1/fine_tuning/checkpoints/${encodeURIComponent(checkpoint)}/permissions`;
const authorized = (token = consoleServer.token) => ({ authorization: `Bearer ${token}` });

/** Everything a response shows: status line, every header, the body. */
function assertNoKey(status, headers, body, key = KEY) {
  const all = `${status}\n${[...headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${body}`;
  assert.ok(!all.includes(key), `the admin key leaked into an answer: ${all.slice(0, 500)}`);
}

/** fetch against the console, read in full; every answer is checked for the key. */
async function call(path, { method = "GET", headers = {}, body, base = origin(), key = KEY } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined || typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString("utf8");
  assertNoKey(response.status, response.headers, text, key);
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { response, status: response.status, headers: response.headers, bytes, text, json };
}

/**
 * A request with the target sent byte for byte (fetch would resolve "..", "%2e%2e" before sending).
 */
function rawCall(target, { method = "GET", headers = {}, port = new URL(consoleServer.url).port } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path: target, headers, agent: false, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const headerPairs = Object.entries(res.headers).map(([name, value]) => [name, String(value)]);
        try {
          assertNoKey(res.statusCode, headerPairs, text);
        } catch (error) {
          reject(error);
          return;
        }
        resolve({ status: res.statusCode, headers: res.headers, text });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer to ${method} ${target} within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end();
  });
}

function assertOpenAIError(json, status) {
  assert.equal(typeof json?.error, "object", `expected an OpenAI error body for ${status}`);
  assert.deepEqual(Object.keys(json.error).sort(), ["code", "message", "param", "type"]);
  assert.equal(typeof json.error.message, "string");
}

// ---------------------------------------------------------------- static files

describe("static files", () => {
  test("www/ at / and pkg/ at /pkg/, with their content types", TEST_OPTIONS, async () => {
    const cases = [
      ["/", /^text\/html\b/, "<script type=\"module\" src=\"/app.js\"></script>"],
      ["/index.html", /^text\/html\b/, "Grant access"],
      ["/app.js", /^text\/javascript\b/, "/pkg/access/browser.js"],
      ["/style.css", /^text\/css\b/, ":root"],
      ["/pkg/browser.js", /^text\/javascript\b/, "export"],
      ["/pkg/access/browser.js", /^text\/javascript\b/, "export"],
      ["/pkg/errors.js", /^text\/javascript\b/, "InvalidInputError"],
      ["/pkg/package.json", /^application\/json\b/, "checkpoint-permissions"],
    ];
    for (const [path, type, contains] of cases) {
      const { status, headers, text } = await call(path);
      assert.equal(status, 200, path);
      assert.match(headers.get("content-type"), type, path);
      assert.equal(headers.get("x-content-type-options"), "nosniff", path);
      assert.ok(text.includes(contains), `${path} should contain ${contains}`);
    }

    const wasm = await call("/pkg/checkpoint_permissions_bg.wasm");
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    assert.deepEqual([...wasm.bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]); // "\0asm"
    assert.equal(Number(wasm.headers.get("content-length")), wasm.bytes.length);

    const page = await call("/");
    assert.match(page.headers.get("content-security-policy"), /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(page.headers.get("access-control-allow-origin"), null);
  });

  test("HEAD answers the headers only; other methods are refused", TEST_OPTIONS, async () => {
    const head = await call("/app.js", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.match(head.headers.get("content-type"), /^text\/javascript\b/);
    assert.equal(head.text, "");
    for (const method of ["POST", "PUT", "DELETE"]) {
      const { status, headers } = await call("/index.html", { method });
      assert.equal(status, 405, method);
      assert.equal(headers.get("allow"), "GET, HEAD");
    }
  });

  test("missing files, directories and hidden files are 404", TEST_OPTIONS, async () => {
    for (const path of ["/missing.js", "/pkg/", "/pkg", "/pkg/missing.wasm", "/www/index.html", "/Cargo.toml", "/README.md", "/.gitignore", "//index.html", "/index.html/"]) {
      const { status } = await call(path);
      assert.equal(status, 404, path);
    }
  });

  test("traversal attempts are refused, in every spelling", TEST_OPTIONS, async () => {
    const targets = [
      "/../Cargo.toml",
      "/%2e%2e/Cargo.toml",
      "/%2E%2E/Cargo.toml",
      "/.%2e/Cargo.toml",
      "/pkg/../Cargo.toml",
      "/pkg/%2e%2e/Cargo.toml",
      "/pkg/..%2fCargo.toml",
      "/pkg/..%2FCargo.toml",
      "/..%2fCargo.toml",
      "/%2e%2e%2fCargo.toml",
      "/pkg/..%5cCargo.toml",
      "/pkg/..\\Cargo.toml",
      "/pkg/../www/index.html",
      "/pkg/%2e%2e/pkg/browser.js",
      "/../../../../../../etc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/pkg/%252e%252e/Cargo.toml",
      "/%00index.html",
      "/index.html%00.js",
      "/%ZZ",
      "/.git/HEAD",
      "/pkg/.%2e/scripts/serve.mjs",
    ];
    for (const target of targets) {
      const { status, text } = await rawCall(target);
      assert.ok(status === 404 || status === 400, `${target} answered ${status}`);
      assert.ok(!text.includes("[package]") && !text.includes("root:") && !text.includes("startConsoleServer"), `${target} leaked a file`);
    }
  });
});

// ---------------------------------------------------------------- config

describe("console config", () => {
  test("gives the page its API base URL and this run's token", TEST_OPTIONS, async () => {
    const { status, headers, json } = await call("/console-config.json");
    assert.equal(status, 200);
    assert.match(headers.get("content-type"), /^application\/json\b/);
    assert.equal(headers.get("cache-control"), "no-store");
    assert.deepEqual(Object.keys(json).sort(), ["baseURL", "token", "upstream"]);
    assert.equal(json.baseURL, `${origin()}/v1`);
    assert.equal(json.token, consoleServer.token);
    assert.ok(json.token.length >= 32, "the token should be long and random");
    assert.equal(json.upstream, "emulator");
    assert.equal((await call("/console-config.json", { method: "POST" })).status, 405);
  });

  test("a page opened at localhost gets a same-origin base URL", TEST_OPTIONS, async () => {
    const port = new URL(consoleServer.url).port;
    const { status, text } = await rawCall("/console-config.json", { headers: { host: `localhost:${port}` } });
    assert.equal(status, 200);
    assert.equal(JSON.parse(text).baseURL, `http://localhost:${port}/v1`);
  });

  test("another host name (DNS rebinding) gets neither the token nor the proxy", TEST_OPTIONS, async () => {
    for (const target of ["/console-config.json", "/", permissionsPath()]) {
      const { status, text } = await rawCall(target, { headers: { host: "attacker.example", ...authorized() } });
      assert.equal(status, 421, target);
      assert.ok(!text.includes(consoleServer.token));
    }
    assert.equal(emulator.requests.length, 0);
  });

  test("each run has its own token", TEST_OPTIONS, async () => {
    const other = await startConsoleServer({ upstream: emulator.baseURL, adminKey: KEY });
    try {
      assert.notEqual(other.token, consoleServer.token);
      const { status } = await call(permissionsPath(), { method: "POST", headers: authorized(other.token), body: { project_ids: ["proj_a"] } });
      assert.equal(status, 401);
    } finally {
      await other.close();
    }
    assert.equal(emulator.requests.length, 0);
  });

  test("the upstream kind follows the upstream's host, or the option", TEST_OPTIONS, async () => {
    const live = await startConsoleServer({ upstream: "https://api.openai.com/v1", adminKey: "sk-admin-unused-in-this-test" });
    const forced = await startConsoleServer({ upstream: emulator.baseURL, adminKey: KEY, upstreamKind: "openai" });
    try {
      assert.equal((await call("/console-config.json", { base: live.url.replace(/\/$/, "") })).json.upstream, "openai");
      assert.equal((await call("/console-config.json", { base: forced.url.replace(/\/$/, "") })).json.upstream, "openai");
    } finally {
      await live.close();
      await forced.close();
    }
  });

  test("bad options are refused before listening", TEST_OPTIONS, async () => {
    await assert.rejects(startConsoleServer({ upstream: "ftp://example.com/v1", adminKey: KEY }), TypeError);
    await assert.rejects(startConsoleServer({ upstream: "https://user:pw@example.com/v1", adminKey: KEY }), TypeError);
    await assert.rejects(startConsoleServer({ upstream: emulator.baseURL, adminKey: "" }), TypeError);
    await assert.rejects(startConsoleServer({ upstream: emulator.baseURL, adminKey: "sk-a\r\nx: y" }), TypeError);
    await assert.rejects(startConsoleServer({ upstream: emulator.baseURL }), TypeError);
  });
});

// ---------------------------------------------------------------- proxy

describe("proxy", () => {
  test("no token, a wrong token or the wrong scheme: 401 and nothing sent upstream", TEST_OPTIONS, async () => {
    const token = consoleServer.token;
    const wrongs = [
      {},
      { authorization: "" },
      { authorization: "Bearer" },
      { authorization: "Bearer " },
      { authorization: `Bearer ${token}x` },
      { authorization: `Bearer ${token.slice(0, -1)}` },
      { authorization: `Bearer ${token.slice(0, -1)}${token.at(-1) === "A" ? "B" : "A"}` },
      { authorization: `bearer  ${token}` },
      { authorization: `Basic ${Buffer.from(`user:${token}`).toString("base64")}` },
      { authorization: `Bearer ${KEY}` }, // the admin key is not a console token
    ];
    for (const headers of wrongs) {
      for (const [method, path] of [["POST", permissionsPath()], ["GET", `${permissionsPath()}?limit=5`], ["DELETE", `${permissionsPath()}/cp_123`]]) {
        const { status, headers: answerHeaders, json } = await call(path, { method, headers, body: method === "POST" ? { project_ids: ["proj_a"] } : undefined });
        assert.equal(status, 401, `${method} with ${JSON.stringify(headers)}`);
        assertOpenAIError(json, 401);
        assert.equal(json.error.code, "invalid_console_token");
        assert.equal(answerHeaders.get("x-request-id"), null);
      }
    }
    assert.equal(emulator.requests.length, 0, "no request may reach the upstream without the token");
  });

  test("a proxied POST creates permissions upstream with the admin key", TEST_OPTIONS, async () => {
    const { status, headers, json } = await call(permissionsPath(), {
      method: "POST",
      headers: { ...authorized(), accept: "application/json", "openai-organization": "org-123", "openai-project": "proj_ctx", cookie: "session=1", "x-extra": "no" },
      body: { project_ids: ["proj_a", "proj_b"] },
    });
    assert.equal(status, 200);
    assert.equal(json.object, "list");
    assert.deepEqual(json.data.map((permission) => permission.project_id), ["proj_a", "proj_b"]);
    assert.match(headers.get("content-type"), /^application\/json\b/);
    assert.equal(headers.get("access-control-allow-origin"), null, "same origin only: no CORS headers passed back");

    assert.equal(emulator.requests.length, 1);
    const [seen] = emulator.requests;
    assert.equal(seen.method, "POST");
    assert.equal(seen.path, permissionsPath());
    assert.equal(seen.headers.authorization, `Bearer ${KEY}`);
    assert.equal(seen.headers["content-type"], "application/json");
    assert.equal(seen.headers.accept, "application/json");
    assert.equal(seen.headers["openai-organization"], "org-123");
    assert.equal(seen.headers["openai-project"], "proj_ctx");
    assert.equal(seen.headers.cookie, undefined);
    assert.equal(seen.headers["x-extra"], undefined);
    assert.deepEqual(seen.json, { project_ids: ["proj_a", "proj_b"] });
    assert.equal(headers.get("x-request-id"), seen.requestId);
    assert.deepEqual(emulator.state.get(CHECKPOINT).map((permission) => permission.project_id).sort(), ["proj_a", "proj_b"]);
  });

  test("GET with its query and DELETE are forwarded with the path exactly as received", TEST_OPTIONS, async () => {
    const checkpoint = "ft:gpt-4o-mini:org:a/b c";
    const path = permissionsPath(checkpoint); // "a%2Fb%20c": the encoded slash must stay one segment
    const created = await call(path, { method: "POST", headers: authorized(), body: { project_ids: ["proj_1", "proj_2", "proj_3"] } });
    assert.equal(created.status, 200);

    const listed = await call(`${path}?limit=2&order=ascending`, { headers: authorized() });
    assert.equal(listed.status, 200);
    assert.equal(listed.json.data.length, 2);
    assert.equal(listed.json.has_more, true);

    const permissionId = created.json.data[0].id;
    const deleted = await call(`${path}/${permissionId}`, { method: "DELETE", headers: authorized() });
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.json, { object: "checkpoint.permission", id: permissionId, deleted: true });

    assert.deepEqual(emulator.requests.map((r) => [r.method, r.path, r.query]), [
      ["POST", path, {}],
      ["GET", path, { limit: "2", order: "ascending" }],
      ["DELETE", `${path}/${permissionId}`, {}],
    ]);
    assert.ok(path.includes("a%2Fb%20c"));
    assert.ok(emulator.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`));
  });

  test("other paths and methods are refused and nothing is sent upstream", TEST_OPTIONS, async () => {
    const base = permissionsPath();
    const refused = [
      ["GET", "/v1", 404],
      ["GET", "/v1/", 404],
      ["GET", "/v1/models", 404],
      ["POST", "/v1/chat/completions", 404],
      ["GET", "/v1/fine_tuning/jobs", 404],
      ["GET", "/v1/fine_tuning/checkpoints", 404],
      ["GET", "/v1/fine_tuning/checkpoints//permissions", 404],
      ["GET", `${base}/cp_1/extra`, 404],
      ["GET", `${base}/`, 404],
      ["GET", "/v1/fine_tuning/checkpoints/%2e%2e/permissions", 404],
      ["GET", "/v1/fine_tuning/checkpoints/x/permissions/..", 404],
      ["DELETE", `${base}/%2E`, 404],
      ["GET", "/v1/fine_tuning/checkpoints/x/../../../models/permissions", 404],
      ["GET", "/v1/fine_tuning/checkpoints/x\\..\\..\\y/permissions", 404],
      ["POST", "/__emulator/reset", 405], // a static path: GET and HEAD only
      ["GET", "/__emulator/requests", 404],
      ["GET", "/v1/__emulator/requests", 404],
      ["GET", "/V1/fine_tuning/checkpoints/x/permissions", 404],
      ["PUT", base, 405],
      ["PATCH", base, 405],
      ["DELETE", base, 405],
      ["HEAD", base, 405],
      ["OPTIONS", base, 405],
      ["GET", `${base}/cp_1`, 405],
      ["POST", `${base}/cp_1`, 405],
      ["PUT", `${base}/cp_1`, 405],
    ];
    for (const [method, target, expected] of refused) {
      const { status, headers, text } = await rawCall(target, { method, headers: authorized() });
      assert.equal(status, expected, `${method} ${target}`);
      if (expected === 405) assert.ok(headers.allow, `${method} ${target} should say what is allowed`);
      if (method !== "HEAD" && target.startsWith("/v1")) assertOpenAIError(JSON.parse(text), status);
    }
    assert.equal(emulator.requests.length, 0);
  });

  test("upstream errors come back with their status, body and headers", TEST_OPTIONS, async () => {
    emulator.inject({ status: 429, headers: { "retry-after": "7", "retry-after-ms": "6500", "x-should-retry": "true", "x-secret-upstream": "no" } });
    const limited = await call(permissionsPath(), { method: "POST", headers: authorized(), body: { project_ids: ["proj_a"] } });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.error.code, "rate_limit_exceeded");
    assert.equal(limited.headers.get("retry-after"), "7");
    assert.equal(limited.headers.get("retry-after-ms"), "6500");
    assert.equal(limited.headers.get("x-should-retry"), "true");
    assert.equal(limited.headers.get("x-secret-upstream"), null);
    assert.equal(limited.headers.get("x-request-id"), emulator.requests.at(-1).requestId);

    const missing = await call(`${permissionsPath()}/cp_unknown`, { method: "DELETE", headers: authorized() });
    assert.equal(missing.status, 404);
    assertOpenAIError(missing.json, 404);
    assert.equal(missing.json.error.param, "permission_id");
    assert.equal(missing.headers.get("x-request-id"), emulator.requests.at(-1).requestId);

    const invalid = await call(permissionsPath(), { method: "POST", headers: authorized(), body: { project_ids: [] } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json.error.code, "empty_array");

    emulator.inject({ status: 502, body: "<html><body>502 Bad Gateway</body></html>", contentType: "text/html" });
    const html = await call(permissionsPath(), { headers: authorized() });
    assert.equal(html.status, 502);
    assert.equal(html.headers.get("content-type"), "text/html");
    assert.equal(html.text, "<html><body>502 Bad Gateway</body></html>");
  });

  test("the admin key never comes back, even when the upstream echoes it", TEST_OPTIONS, async () => {
    emulator.inject({ status: 500, body: { error: { message: `key was ${KEY}`, type: "server_error", param: null, code: null } }, headers: { "x-request-id": `req_${KEY}` } });
    const echoed = await call(permissionsPath(), { headers: authorized() }); // call() asserts the key is absent
    assert.equal(echoed.status, 500);
    assert.match(echoed.json.error.message, /key was \[redacted\]/);

    // An upstream refusing a wrong key quotes it (masked); the full key still never appears.
    const wrongKey = "sk-fake-admin-wrong-0123456789abcdefXYZ";
    const misconfigured = await startConsoleServer({ upstream: emulator.baseURL, adminKey: wrongKey });
    try {
      const refused = await call(permissionsPath(), {
        method: "POST",
        base: misconfigured.url.replace(/\/$/, ""),
        headers: authorized(misconfigured.token),
        body: { project_ids: ["proj_a"] },
        key: wrongKey,
      });
      assert.equal(refused.status, 401);
      assert.equal(refused.json.error.code, "invalid_api_key");
    } finally {
      await misconfigured.close();
    }
    assert.ok(logLines.length > 0, "proxied calls are logged");
    for (const line of logLines) assert.ok(!line.includes(KEY), `the key leaked into a log line: ${line}`);
  });

  test("a body over the bound is refused without an upstream request", TEST_OPTIONS, async () => {
    const big = JSON.stringify({ project_ids: ["x".repeat(MAX_REQUEST_BODY_BYTES)] });
    const { status, json } = await call(permissionsPath(), { method: "POST", headers: authorized(), body: big });
    assert.equal(status, 413);
    assertOpenAIError(json, 413);
    assert.equal(emulator.requests.length, 0);
  });

  test("a chunked body over the bound is cut off without an upstream request", TEST_OPTIONS, async () => {
    const port = new URL(consoleServer.url).port;
    // The server may close the connection while the client still writes: a reset is fine too.
    const outcome = await new Promise((resolve) => {
      const req = httpRequest({
        host: "127.0.0.1", port, method: "POST", path: permissionsPath(), agent: false, timeout: REQUEST_TIMEOUT_MS,
        headers: { ...authorized(), "content-type": "application/json", "transfer-encoding": "chunked" },
      }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode }));
        res.on("error", (error) => resolve({ error }));
      });
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", (error) => resolve({ error }));
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const write = () => {
        while (sent < 2 * MAX_REQUEST_BODY_BYTES && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", write);
        }
        req.end();
      };
      write();
    });
    assert.ok(outcome.status === 413 || (outcome.error && outcome.error.message !== "timed out"), `unexpected outcome: ${outcome.status ?? outcome.error}`);
    assert.equal(emulator.requests.length, 0);
  });

  test("an unreachable upstream is a 502 in OpenAI's shape", TEST_OPTIONS, async () => {
    const gone = await startEmulator();
    const upstream = gone.baseURL;
    await gone.close();
    const orphan = await startConsoleServer({ upstream, adminKey: KEY });
    try {
      const { status, json } = await call(permissionsPath(), { method: "POST", base: orphan.url.replace(/\/$/, ""), headers: authorized(orphan.token), body: { project_ids: ["proj_a"] } });
      assert.equal(status, 502);
      assertOpenAIError(json, 502);
    } finally {
      await orphan.close();
    }
  });
});

// ---------------------------------------------------------------- the package through the proxy

describe("the package through the proxy", () => {
  const options = (extra = {}) => ({
    baseURL: `${origin()}/v1`,
    headers: { Authorization: `Bearer ${consoleServer.token}` },
    timeout: REQUEST_TIMEOUT_MS,
    maxRetries: 0,
    ...extra,
  });

  test("createCheckpointPermissions with the token and no apiKey returns the page", TEST_OPTIONS, async () => {
    const page = await pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_iqGMw1llN8IrBb6SvvY5A1oF"] }, options());
    assert.equal(page.object, "list");
    assert.deepEqual(page.data.map((permission) => permission.project_id), ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_iqGMw1llN8IrBb6SvvY5A1oF"]);
    for (const permission of page.data) {
      assert.equal(permission.object, "checkpoint.permission");
      assert.match(permission.id, /^cp_/);
      assert.equal(typeof permission.created_at, "number");
    }
    assert.equal(page.first_id, page.data[0].id);
    assert.equal(page.last_id, page.data[1].id);
    assert.equal(page.has_more, false);
    assert.equal(emulator.requests.length, 1);
    assert.equal(page._request_id, emulator.requests[0].requestId);
    assert.equal(emulator.requests[0].headers.authorization, `Bearer ${KEY}`);
    // The package keeps ":" in the segment (it is a pchar); the proxy forwards it unchanged.
    assert.equal(emulator.requests[0].path, `/v1/fine_tuning/checkpoints/${CHECKPOINT}/permissions`);
  });

  test("a stale token is an AuthenticationError naming the console token", TEST_OPTIONS, async () => {
    const error = await pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_a"] }, options({ headers: { Authorization: "Bearer stale" } }))
      .then(() => assert.fail("expected a rejection"), (rejection) => rejection);
    assert.ok(error instanceof pkg.AuthenticationError, error?.name);
    assert.equal(error.status, 401);
    assert.equal(error.code, "invalid_console_token");
    assert.equal(emulator.requests.length, 0);
  });

  test("upstream errors reach the package with their class and request id", TEST_OPTIONS, async () => {
    emulator.inject({ status: 404, body: { error: { message: "The model 'ft:nope' does not exist", type: "invalid_request_error", param: null, code: "model_not_found" } } });
    const error = await pkg.createCheckpointPermissions("ft:nope", { project_ids: ["proj_a"] }, options())
      .then(() => assert.fail("expected a rejection"), (rejection) => rejection);
    assert.ok(error instanceof pkg.NotFoundError, error?.name);
    assert.equal(error.code, "model_not_found");
    assert.equal(error.requestID, emulator.requests.at(-1).requestId);
  });
});

// ---------------------------------------------------------------- CLI

describe("CLI", () => {
  /** Starts `node scripts/serve.mjs`, waits (bounded) for its CONSOLE_URL line. */
  async function startCli(args, env) {
    const child = spawn(process.execPath, [SERVE_PATH, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const output = { stdout: "", stderr: "" };
    child.stdout.on("data", (chunk) => (output.stdout += chunk));
    child.stderr.on("data", (chunk) => (output.stderr += chunk));
    const exited = once(child, "exit");
    return { child, output, exited };
  }

  async function waitFor(predicate, what, ms = REQUEST_TIMEOUT_MS) {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test("serves, proxies with the key from CONSOLE_UPSTREAM_KEY and stops on SIGTERM", TEST_OPTIONS, async () => {
    const { child, output, exited } = await startCli(["--port", "0", "--upstream", emulator.baseURL], { CONSOLE_UPSTREAM_KEY: KEY });
    try {
      await waitFor(() => /CONSOLE_URL=\S+\n/.test(output.stdout) || child.exitCode !== null, "CONSOLE_URL");
      const url = /^CONSOLE_URL=(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(output.stdout)?.[1];
      assert.ok(url, `unexpected output: ${output.stdout}${output.stderr}`);
      const base = url.replace(/\/$/, "");
      const config = (await call("/console-config.json", { base })).json;
      assert.equal(config.baseURL, `${base}/v1`);
      const created = await call(permissionsPath(), { method: "POST", base, headers: authorized(config.token), body: { project_ids: ["proj_cli"] } });
      assert.equal(created.status, 200);
      assert.equal(emulator.requests.at(-1).headers.authorization, `Bearer ${KEY}`);
      await waitFor(() => output.stderr.includes("POST"), "the log line");
    } finally {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), REQUEST_TIMEOUT_MS);
      const [code, signal] = await exited;
      clearTimeout(timer);
      assert.equal(code, 0, `exit code ${code} signal ${signal}`);
    }
    assert.equal(output.stdout.trim().split("\n").length, 1, "exactly one line on stdout");
    assert.ok(!output.stdout.includes(KEY) && !output.stderr.includes(KEY), "the key leaked into the output");
  });

  test("refuses to start without CONSOLE_UPSTREAM_KEY or --upstream, or with unknown options", TEST_OPTIONS, async () => {
    for (const [args, env] of [
      [["--upstream", emulator.baseURL], {}],
      [[], { CONSOLE_UPSTREAM_KEY: KEY }],
      [["--upstream", emulator.baseURL, "--key", "sk-fake-admin-typed-on-the-command-line"], { CONSOLE_UPSTREAM_KEY: KEY }],
    ]) {
      const { child, output, exited } = await startCli(args, env);
      const timer = setTimeout(() => child.kill("SIGKILL"), REQUEST_TIMEOUT_MS);
      const [code] = await exited;
      clearTimeout(timer);
      assert.equal(code, 2, `${args.join(" ")}: ${output.stderr}`);
      assert.equal(output.stdout, "");
      assert.ok(!output.stderr.includes("sk-fake-admin-typed-on-the-command-line"));
    }
  });
});
