// The console server (scripts/serve.mjs) over real HTTP: static files, traversal refusals, the
// config, the token-guarded proxy in front of the API emulator (every id of the shared fixture
// and the probes of issues 17 and 18: each refusal's status and words, and the upstream saw
// nothing), the organization routes against a recording upstream, who may call (Host, Origin,
// token), the refusal log, the built package calling through it the way the page does, and the
// CLI's key hand-off on stdin. Run: node --test tests/js/console-server.test.mjs

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";
import { MAX_REQUEST_BODY_BYTES, startConsoleServer } from "../../scripts/serve.mjs";
import { refusalLine } from "../../scripts/console/refusals.mjs";

// The package's Node entry would fall back to this variable; the page never has a key.
delete process.env.OPENAI_ADMIN_KEY;
const pkg = await import("../../pkg/node.js");

const KEY = DEFAULT_ADMIN_KEY;
const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const ID_FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/ids.json", import.meta.url), "utf8"));
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
function rawCall(target, { method = "GET", headers = {}, body, port = new URL(consoleServer.url).port } = {}) {
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
    req.end(body);
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
  test("gives the page its API base URL, never the token (it is in the console URL's fragment)", TEST_OPTIONS, async () => {
    const { status, headers, json, text } = await call("/console-config.json");
    assert.equal(status, 200);
    assert.match(headers.get("content-type"), /^application\/json\b/);
    assert.equal(headers.get("cache-control"), "no-store");
    assert.deepEqual(Object.keys(json).sort(), ["baseURL", "upstream"]);
    assert.equal(json.baseURL, `${origin()}/v1`);
    assert.equal(json.upstream, "emulator");
    assert.ok(!text.includes(consoleServer.token), "any local process could read the token here");
    assert.equal((await call("/console-config.json", { method: "POST" })).status, 405);
  });

  test("the console URL carries this run's token in its fragment, and nothing else does", TEST_OPTIONS, async () => {
    assert.equal(consoleServer.consoleURL, `${consoleServer.url}#token=${consoleServer.token}`);
    assert.match(consoleServer.token, /^[A-Za-z0-9_-]{43}$/, "32 random bytes, base64url: safe in a fragment as it is");
    const page = await call("/");
    assert.ok(!page.text.includes(consoleServer.token));
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
    const live = await startConsoleServer({ upstream: "https://api.openai.com/v1", adminKey: "sk-fake-admin-unused-in-this-test" });
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
    await assert.rejects(startConsoleServer({ upstream: emulator.baseURL, adminKey: "sk-fake\r\nx: y" }), TypeError);
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
        assert.match(json.error.message, /Open the console URL printed by `bash scripts\/run\.sh` again/);
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
    // Written anew as the package writes it: ":" is a pchar and stays (the page sent "%3A").
    assert.equal(seen.path, `/v1/fine_tuning/checkpoints/${CHECKPOINT}/permissions`);
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

  test("GET with its query and DELETE are forwarded, written as the package writes them", TEST_OPTIONS, async () => {
    const checkpoint = "ft:a:b@c"; // ":" and "@" are pchars: the package keeps them, and so does the proxy
    const path = permissionsPath(checkpoint); // "ft%3Aa%3Ab%40c", as encodeURIComponent writes it
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

    const forwarded = "/v1/fine_tuning/checkpoints/ft:a:b@c/permissions";
    assert.deepEqual(emulator.requests.map((r) => [r.method, r.path, r.query]), [
      ["POST", forwarded, {}],
      ["GET", forwarded, { limit: "2", order: "ascending" }],
      ["DELETE", `${forwarded}/${permissionId}`, {}],
    ]);
    assert.ok(emulator.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`));
    assert.deepEqual(emulator.state.get(checkpoint).map((permission) => permission.project_id), ["proj_2", "proj_3"]);
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
      ["GET", `${base}/cp_1/extra`, 404],
      ["GET", `${base}/`, 405],
      ["GET", "/v1/fine_tuning/checkpoints/x/permissions/..", 405],
      ["GET", "/v1/fine_tuning/checkpoints/x/../../../models/permissions", 404],
      ["GET", "/v1/organization", 404],
      ["GET", "/v1/organization/users", 404],
      ["GET", "/v1/organization/admin_api_keys", 404],
      ["GET", "/v1/organization/projects/proj_a", 404],
      ["GET", "/v1/organization/projects/", 404],
      ["POST", "/v1/organization/projects", 405],
      ["DELETE", "/v1/organization/audit_logs", 405],
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

    emulator.inject({ status: 400, body: { error: { message: "Invalid project.", type: "invalid_request_error", param: "project_ids", code: "invalid_project" } } });
    const invalid = await call(permissionsPath(), { method: "POST", headers: authorized(), body: { project_ids: ["proj_a"] } });
    assert.equal(invalid.status, 400);
    assert.deepEqual(invalid.json.error, { message: "Invalid project.", type: "invalid_request_error", param: "project_ids", code: "invalid_project" });

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

// ---------------------------------------------------------------- ids: the shared fixture and the probes

/** Asserts a 400 in OpenAI's shape with the package's words, and that nothing reached the API. */
function assertIdRefused({ status, text }, message, param, label) {
  assert.equal(status, 400, `${label} → ${status} ${text}`);
  const { error } = JSON.parse(text);
  assert.deepEqual(error, { message, type: "invalid_request_error", param, code: "invalid_id" }, label);
}

function assertNothingUpstream(label) {
  assert.deepEqual(emulator.requests.map((r) => `${r.method} ${r.path}`), [], `${label}: reached the API`);
}

describe("ids through the proxy: every id of tests/fixtures/ids.json", () => {
  // encodeURIComponent keeps "." and "..": rawCall sends them as they are (fetch would resolve them).
  const idPath = (checkpoint, permissionId) =>
    `/v1/fine_tuning/checkpoints/${encodeURIComponent(checkpoint)}/permissions${permissionId === undefined ? "" : `/${encodeURIComponent(permissionId)}`}`;
  const post = (target, body) => rawCall(target, { method: "POST", headers: { ...authorized(), "content-type": "application/json" }, body: JSON.stringify(body) });

  test("each invalid checkpoint: 400 with the package's words, for every method, and nothing upstream", TEST_OPTIONS, async () => {
    for (const { id, problem } of ID_FIXTURE.checkpoint.invalid) {
      const label = JSON.stringify(id);
      assert.equal(pkg.validateCheckpoint(id)?.message, `checkpoint ${problem}`, "the fixture and the package agree");
      assertIdRefused(await rawCall(idPath(id), { headers: authorized() }), `checkpoint ${problem}`, "checkpoint", `GET ${label}`);
      assertIdRefused(await post(idPath(id), { project_ids: ["proj_a"] }), `checkpoint ${problem}`, "checkpoint", `POST ${label}`);
      assertIdRefused(await rawCall(idPath(id, "cp_1"), { method: "DELETE", headers: authorized() }), `checkpoint ${problem}`, "checkpoint", `DELETE ${label}`);
    }
    assertNothingUpstream("invalid checkpoints");
  });

  test("each valid checkpoint is forwarded, written as the package writes it", TEST_OPTIONS, async () => {
    for (const id of ID_FIXTURE.checkpoint.valid) {
      emulator.reset();
      const created = await post(idPath(id), { project_ids: ["proj_a"] });
      assert.equal(created.status, 200, `${id}: ${created.text}`);
      const listed = await rawCall(idPath(id), { headers: authorized() });
      assert.equal(listed.status, 200, id);
      assert.deepEqual(emulator.state.get(id)?.map((permission) => permission.project_id), ["proj_a"], `${id}: the API read the same id`);
      const permissionId = JSON.parse(created.text).data[0].id;
      assert.equal((await rawCall(idPath(id, permissionId), { method: "DELETE", headers: authorized() })).status, 200, id);
      const written = `/v1/fine_tuning/checkpoints/${encodeURIComponent(id).replace(/%3A/g, ":").replace(/%40/g, "@")}/permissions`;
      assert.deepEqual(emulator.requests.map((r) => `${r.method} ${r.path}`), [`POST ${written}`, `GET ${written}`, `DELETE ${written}/${permissionId}`]);
    }
  });

  test("each invalid permission id: 400 with the package's words, in the path and as the list's cursor", TEST_OPTIONS, async () => {
    for (const { id, problem } of ID_FIXTURE.permission.invalid) {
      const label = JSON.stringify(id);
      assertIdRefused(await rawCall(idPath(CHECKPOINT, id), { method: "DELETE", headers: authorized() }), `permissionId ${problem}`, "permissionId", `DELETE ${label}`);
      assertIdRefused(await rawCall(`${idPath(CHECKPOINT)}?after=${encodeURIComponent(id)}`, { headers: authorized() }), `query.after ${problem}`, "after", `after=${label}`);
    }
    assertNothingUpstream("invalid permission ids");
  });

  test("each valid permission id is forwarded, in the path and as the list's cursor", TEST_OPTIONS, async () => {
    for (const id of ID_FIXTURE.permission.valid) {
      // The API knows none of them: its own answers (404, and 400 for an unknown cursor) come back.
      const deleted = await rawCall(idPath(CHECKPOINT, id), { method: "DELETE", headers: authorized() });
      const listed = await rawCall(`${idPath(CHECKPOINT)}?after=${encodeURIComponent(id)}`, { headers: authorized() });
      const [deleteSeen, listSeen] = emulator.requests.slice(-2);
      assert.equal(deleteSeen.path, `${idPath(CHECKPOINT).replace(/%3A/g, ":")}/${id}`);
      assert.equal(deleted.headers["x-request-id"], deleteSeen.requestId, `${id}: the answer is the API's`);
      assert.deepEqual(listSeen.query, { after: id });
      assert.equal(listed.headers["x-request-id"], listSeen.requestId, `${id}: the answer is the API's`);
    }
  });

  test("each invalid project id: 400 with the package's words, in a create body and as the list's project_id", TEST_OPTIONS, async () => {
    for (const { id, problem } of ID_FIXTURE.project.invalid) {
      const label = JSON.stringify(id);
      assertIdRefused(await post(idPath(CHECKPOINT), { project_ids: ["proj_a", id] }), `body.project_ids[1] ${problem}`, "body.project_ids[1]", `body ${label}`);
      assertIdRefused(await rawCall(`${idPath(CHECKPOINT)}?project_id=${encodeURIComponent(id)}`, { headers: authorized() }), `query.project_id ${problem}`, "project_id", `project_id=${label}`);
    }
    assertNothingUpstream("invalid project ids");
  });

  test("each valid project id is forwarded: the body and the query written anew, so the API reads the same id", TEST_OPTIONS, async () => {
    const created = await post(idPath(CHECKPOINT), { project_ids: ID_FIXTURE.project.valid });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(emulator.requests[0].json, { project_ids: ID_FIXTURE.project.valid });
    for (const id of ID_FIXTURE.project.valid) {
      const listed = await rawCall(`${idPath(CHECKPOINT)}?project_id=${encodeURIComponent(id)}`, { headers: authorized() });
      assert.equal(listed.status, 200, id);
      assert.deepEqual(emulator.requests.at(-1).query, { project_id: id }, `${id}: "&" and "=" stay inside the value`);
      assert.deepEqual(JSON.parse(listed.text).data.map((permission) => permission.project_id), [id]);
    }
  });

  test("a create body: the ids the proxy checked are the ids the API reads (a duplicate key, an unknown field, not JSON)", TEST_OPTIONS, async () => {
    const raw = (body) => rawCall(idPath(CHECKPOINT), { method: "POST", headers: { ...authorized(), "content-type": "application/json" }, body });
    // JSON.parse keeps the last of two equal keys; another reader could keep the first. The
    // proxy checks what it parsed and forwards that, written anew.
    const smuggled = await raw('{"project_ids":["proj_a"],"project_ids":["proj_a/../x"]}');
    assertIdRefused(smuggled, 'body.project_ids[0] must not contain "/"', "body.project_ids[0]", "duplicate key, bad last");
    assertNothingUpstream("a smuggled id");
    const rewritten = await raw('{"project_ids":["proj_a/../x"],  "project_ids" : ["proj_b"]}');
    assert.equal(rewritten.status, 200, rewritten.text);
    assert.equal(emulator.requests[0].body, '{"project_ids":["proj_b"]}');

    emulator.reset();
    for (const [body, code, param] of [
      ['{"project_ids":["proj_a"],"extra":1}', "unknown_parameter", "body.extra"],
      ["{not json", "invalid_json", "body"],
      ["[]", "invalid_json", "body"],
      [Buffer.from([0x7b, 0xff, 0x7d]), "invalid_json", "body"],
      ["{}", "invalid_id", "body.project_ids"],
      ['{"project_ids":[]}', "invalid_id", "body.project_ids"],
    ]) {
      const answer = await raw(body);
      assert.equal(answer.status, 400, `${body} → ${answer.text}`);
      const { error } = JSON.parse(answer.text);
      assert.deepEqual([error.code, error.param], [code, param], String(body));
    }
    assertNothingUpstream("bad bodies");
  });
});

describe("the probes of issues 17 and 18: each refused, and the upstream saw nothing", () => {
  const permissions = "/v1/fine_tuning/checkpoints/ft:a/permissions";

  test("encoded separators, queries, fragments, NULs and dot segments in an id", TEST_OPTIONS, async () => {
    const probes = [
      ["DELETE", "/v1/fine_tuning/checkpoints/x/permissions/..%2F..%2F..%2F..%2Forganization%2Fadmin_api_keys%2Fkey_1", "checkpoint must be a fine-tuned model or checkpoint name (ft:…) or a checkpoint id (ft-…)", "checkpoint"],
      ["DELETE", `${permissions}/..%2F..%2F..%2F..%2Forganization%2Fadmin_api_keys%2Fkey_1`, 'permissionId must not contain "/"', "permissionId"],
      ["DELETE", `${permissions}/cp_1%2F..%2F..%2Fx`, 'permissionId must not contain "/"', "permissionId"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%2F..%2F..%2Forganization/permissions", 'checkpoint must not contain "/"', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%2f..%2f..%2forganization/permissions", 'checkpoint must not contain "/"', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%5C..%5Corganization/permissions", 'checkpoint must not contain "\\"', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a\\..\\..\\y/permissions", 'checkpoint must not contain "\\"', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%00/permissions", "checkpoint must not contain control characters", "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%3Flimit=1/permissions", 'checkpoint must not contain "?"', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%23x/permissions", 'checkpoint must not contain "#"', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%252F/permissions", 'checkpoint must not contain "%"', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%20b/permissions", "checkpoint must not contain whitespace", "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/%2e%2e/permissions", 'checkpoint must not be "." or ".."', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/%2E%2E/permissions", 'checkpoint must not be "." or ".."', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/.%2e/permissions", 'checkpoint must not be "." or ".."', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/./permissions", 'checkpoint must not be "." or ".."', "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints//permissions", "checkpoint must not be empty", "checkpoint"],
      ["DELETE", `${permissions}/%2e%2e`, 'permissionId must not be "." or ".."', "permissionId"],
      ["DELETE", `${permissions}/%2E`, 'permissionId must not be "." or ".."', "permissionId"],
      ["DELETE", `${permissions}/`, "permissionId must not be empty", "permissionId"],
      ["DELETE", `${permissions}/cp_1%3Fx=1`, 'permissionId must not contain "?"', "permissionId"],
      ["DELETE", `${permissions}/cp_1%23`, 'permissionId must not contain "#"', "permissionId"],
      ["DELETE", `${permissions}/cp_%00`, "permissionId must not contain control characters", "permissionId"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%zz/permissions", "checkpoint is not valid percent-encoded UTF-8", "checkpoint"],
      ["GET", "/v1/fine_tuning/checkpoints/ft:a%C3/permissions", "checkpoint is not valid percent-encoded UTF-8", "checkpoint"],
      ["DELETE", `${permissions}/cp_1%`, "permissionId is not valid percent-encoded UTF-8", "permissionId"],
    ];
    for (const [method, target, message, param] of probes) {
      const answer = await rawCall(target, { method, headers: authorized() });
      assertIdRefused(answer, message, param, `${method} ${target}`);
    }
    assertNothingUpstream("id probes");
  });

  test("query probes: an id smuggling a path or a parameter, unknown, repeated or malformed parameters", TEST_OPTIONS, async () => {
    const probes = [
      ["?after=..%2F..%2Forganization%2Fadmin_api_keys", 400, "invalid_id", 'query.after must not contain "/"'],
      ["?project_id=proj_a%23x", 400, "invalid_id", 'query.project_id must not contain "#"'],
      ["?project_id=proj_a+b", 400, "invalid_id", "query.project_id must not contain whitespace"],
      ["?project_id=proj_a%0d%0aX-Injected:%201", 400, "invalid_id", "query.project_id must not contain control characters"],
      ["?project_id=%ZZ", 400, "invalid_query", "query is not valid percent-encoded UTF-8"],
      ["?limit=5&limit=6", 400, "invalid_query", "query.limit is given more than once"],
      ["?project_id=proj_a&project_id=proj_b", 400, "invalid_query", "query.project_id is given more than once"],
      ["?limit=abc", 400, "invalid_value", "query.limit must be a whole number"],
      ["?order=asc", 400, "invalid_value", 'query.order must be "ascending" or "descending"'],
      ["?evil=1", 400, "unknown_parameter", "Unknown query parameter: evil"],
      ["?Limit=1", 400, "unknown_parameter", "Unknown query parameter: Limit"],
      ["?limit%5B%5D=1", 400, "unknown_parameter", "Unknown query parameter: limit[]"],
      ["?__proto__=1", 400, "unknown_parameter", "Unknown query parameter: __proto__"],
      ["?include_archived=true", 400, "unknown_parameter", "Unknown query parameter: include_archived"],
    ];
    for (const [query, status, code, message] of probes) {
      const answer = await rawCall(`${permissions}${query}`, { headers: authorized() });
      assert.equal(answer.status, status, `${query} → ${answer.text}`);
      const { error } = JSON.parse(answer.text);
      assert.deepEqual([error.code, error.message], [code, message], query);
    }
    const deleteWithQuery = await rawCall(`${permissions}/cp_1?limit=1`, { method: "DELETE", headers: authorized() });
    assert.equal(deleteWithQuery.status, 400, "a delete takes no query");
    const postWithQuery = await rawCall(`${permissions}?project_id=proj_a`, { method: "POST", headers: { ...authorized(), "content-type": "application/json" }, body: '{"project_ids":["proj_a"]}' });
    assert.equal(postWithQuery.status, 400, "a create takes no query");
    assertNothingUpstream("query probes");
  });

  test("without the token, an id probe is a 401 like any call: ids are checked after the token", TEST_OPTIONS, async () => {
    const probe = await rawCall("/v1/fine_tuning/checkpoints/x/permissions/..%2F..%2Forganization%2Fadmin_api_keys", { method: "DELETE" });
    assert.equal(probe.status, 401);
    assert.equal(JSON.parse(probe.text).error.code, "invalid_console_token");
    assertNothingUpstream("an unauthenticated probe");
  });
});

// ---------------------------------------------------------------- who may call: Host, Origin, token

/** Sends `head` (request line and headers, CRLF-separated) byte for byte; resolves the status. */
function rawSocketCall(head, { port = new URL(consoleServer.url).port } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    let data = "";
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
    socket.on("data", (chunk) => (data += chunk));
    socket.on("close", () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]);
      const body = data.slice(data.indexOf("\r\n\r\n") + 4);
      try {
        assertNoKey(status, [], data);
      } catch (error) {
        return reject(error);
      }
      resolve({ status, text: body, raw: data });
    });
    socket.on("error", reject);
    // Not end(): a half-closed socket may be dropped before the answer. The server closes it.
    socket.write(`${head}\r\nConnection: close\r\n\r\n`);
  });
}

describe("who may call the proxy", () => {
  test("two Host headers are a 400, whichever comes first, and nothing is forwarded", TEST_OPTIONS, async () => {
    const host = new URL(consoleServer.url).host;
    const target = permissionsPath();
    for (const hosts of [[host, "attacker.example"], ["attacker.example", host], [host, host], [host, `localhost:${new URL(consoleServer.url).port}`]]) {
      const head = [`GET ${target} HTTP/1.1`, ...hosts.map((name) => `Host: ${name}`), `Authorization: Bearer ${consoleServer.token}`].join("\r\n");
      const answer = await rawSocketCall(head);
      assert.equal(answer.status, 400, `${hosts.join(" + ")} → ${answer.raw.slice(0, 200)}`);
      assert.equal(JSON.parse(answer.text).error.code, "duplicate_host");
    }
    const single = await rawSocketCall([`GET ${target} HTTP/1.1`, `Host: ${host}`, `Authorization: Bearer ${consoleServer.token}`].join("\r\n"));
    assert.equal(single.status, 200, "one Host of ours passes");
    assert.equal(emulator.requests.length, 1);
  });

  test("a write or a read from another origin is a 403, with or without the token; the page's own origins and no Origin pass", TEST_OPTIONS, async () => {
    const port = new URL(consoleServer.url).port;
    for (const foreign of ["https://evil.example", "null", `http://127.0.0.1:${Number(port) + 1}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`, `http://LOCALHOST:${port}`]) {
      for (const [method, path, body] of [["POST", permissionsPath(), { project_ids: ["proj_a"] }], ["DELETE", `${permissionsPath()}/cp_1`], ["GET", permissionsPath()]]) {
        for (const headers of [{ origin: foreign, ...authorized() }, { origin: foreign }]) {
          const answer = await call(path, { method, headers, body });
          assert.equal(answer.status, 403, `${method} from ${foreign}`);
          assertOpenAIError(answer.json, 403);
          assert.equal(answer.json.error.code, "foreign_origin");
        }
      }
    }
    assert.equal(emulator.requests.length, 0);

    for (const own of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, undefined]) {
      const headers = own === undefined ? authorized() : { origin: own, ...authorized() };
      const created = await call(permissionsPath(), { method: "POST", headers, body: { project_ids: ["proj_a"] } });
      assert.equal(created.status, 200, `POST from ${own ?? "no Origin (curl, a script with the token)"}`);
      const id = created.json.data[0].id;
      assert.equal((await call(`${permissionsPath()}/${id}`, { method: "DELETE", headers })).status, 200);
    }
    const ownWithoutToken = await call(permissionsPath(), { method: "POST", headers: { origin: `http://127.0.0.1:${port}` }, body: { project_ids: ["proj_a"] } });
    assert.equal(ownWithoutToken.status, 401, "the page's own origin still needs the token");
  });
});

// ---------------------------------------------------------------- the refusal log

describe("refused requests are logged", () => {
  test("one line each: time, method, path (bounded, control characters replaced), status and why; never the token or the key", TEST_OPTIONS, async () => {
    logLines.length = 0;
    const host = new URL(consoleServer.url).host;
    const long = `/v1/${"a".repeat(2000)}`;
    const cases = [
      [() => rawCall(permissionsPath(), { method: "POST", headers: { origin: "https://evil.example", ...authorized() } }), "POST", permissionsPath(), 403, /foreign origin https:\/\/evil\.example/],
      [() => rawCall(permissionsPath()), "GET", permissionsPath(), 401, /no console token/],
      [() => rawCall(permissionsPath(), { headers: { authorization: `Bearer ${KEY}` } }), "GET", permissionsPath(), 401, /wrong console token/],
      [() => rawCall("/v1/fine_tuning/checkpoints/ft:a/permissions/..%2F..%2Forganization", { method: "DELETE", headers: authorized() }), "DELETE", "/v1/fine_tuning/checkpoints/ft:a/permissions/..%2F..%2Forganization", 400, /invalid id: permissionId must not contain "\/"/],
      [() => rawCall(`${permissionsPath()}?evil=1`, { headers: authorized() }), "GET", permissionsPath(), 400, /Unknown query parameter: evil/],
      [() => rawCall("/v1/models", { headers: authorized() }), "GET", "/v1/models", 404, /no such route/],
      [() => rawCall(permissionsPath(), { method: "PUT", headers: authorized() }), "PUT", permissionsPath(), 405, /method not allowed/],
      [() => rawCall("/console-config.json", { headers: { host: "attacker.example" } }), "GET", "/console-config.json", 421, /foreign Host header/],
      [() => rawSocketCall(`GET /v1/models HTTP/1.1\r\nHost: ${host}\r\nHost: ${host}`), "GET", "/v1/models", 400, /duplicate Host header/],
      [() => rawCall("/missing.js"), "GET", "/missing.js", 404, /no such file/],
      [() => rawCall(`/v1/${consoleServer.token}`), "GET", "/v1/[redacted]", 404, /no such route/],
      [() => rawCall(`/v1/${KEY}`), "GET", "/v1/[redacted]", 404, /no such route/],
      [() => rawCall(long), "GET", `/v1/${"a".repeat(296)}…`, 404, /no such route/],
    ];
    for (const [send, method, path, status, why] of cases) {
      const before = logLines.length;
      const answer = await send();
      assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
      const added = logLines.slice(before);
      assert.equal(added.length, 1, `${method} ${path}: one line, got ${JSON.stringify(added)}`);
      const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) refused (\S+) (\S+) → (\d{3}) (.+)$/.exec(added[0]);
      assert.ok(match, `not a refusal line: ${added[0]}`);
      assert.deepEqual(match.slice(2, 5), [method, path, String(status)], added[0]);
      assert.match(match[5], why);
    }

    // A control character in a target (an escape sequence for the terminal showing the log) is
    // refused by Node's parser before routing; that refusal is logged too, without the target.
    const before = logLines.length;
    const escaped = await rawSocketCall(`GET /v1/x\x1b[31mred HTTP/1.1\r\nHost: ${host}`);
    assert.equal(escaped.status, 400);
    assert.deepEqual(logLines.slice(before).map((line) => / refused - - → 400 malformed HTTP \(HPE_INVALID_URL\)$/.test(line)), [true]);
    // Should a parser ever let one through, the line still replaces it: one line, no control characters.
    const line = refusalLine({ method: "GET", url: `/v1/a\nb\r\u2028c\x1b[31m?q=${KEY}` }, { status: 404, why: `no such route\n${consoleServer.token}` }, [consoleServer.token, KEY]);
    assert.match(line, / refused GET \/v1\/a\?b\?\?c\?\[31m → 404 no such route\?\[redacted\]$/);

    for (const line of logLines) {
      assert.ok(!line.includes(consoleServer.token), `the token leaked into a log line: ${line}`);
      assert.ok(!line.includes(KEY), `the key leaked into a log line: ${line}`);
      assert.ok(!/[\0-\x1f\x7f]/.test(line), `a control character in a log line: ${JSON.stringify(line)}`);
    }
    assert.equal(emulator.requests.length, 0);
  });
});

// ---------------------------------------------------------------- the organization routes

/** A tiny upstream that records every request and answers an empty list page with a request id. */
async function startRecordingUpstream() {
  const seen = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const body = JSON.stringify({ object: "list", data: [], first_id: null, last_id: null, has_more: false });
      response.writeHead(200, { "content-type": "application/json", "x-request-id": `req_recorded_${seen.length}`, "content-length": String(Buffer.byteLength(body)) });
      response.end(body);
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    seen,
    baseURL: `http://127.0.0.1:${server.address().port}/v1`,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

describe("the organization routes (GET /v1/organization/projects and /v1/organization/audit_logs)", () => {
  let upstream;
  let proxy;
  before(async () => {
    upstream = await startRecordingUpstream();
    proxy = await startConsoleServer({ upstream: upstream.baseURL, adminKey: KEY });
  });
  after(async () => {
    await proxy?.close();
    await upstream?.close();
  });
  beforeEach(() => (upstream.seen.length = 0));
  const base = () => proxy.url.replace(/\/$/, "");
  const get = (target, headers = { authorization: `Bearer ${proxy.token}` }) =>
    rawCall(target, { headers, port: new URL(proxy.url).port });
  const pairs = (search) => [...new URLSearchParams(search)];

  test("projects: limit, after and include_archived are forwarded with the key; the answer and its request id come back", TEST_OPTIONS, async () => {
    const answer = await get("/v1/organization/projects?limit=2&after=proj_abc&include_archived=true");
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(JSON.parse(answer.text), { object: "list", data: [], first_id: null, last_id: null, has_more: false });
    assert.equal(answer.headers["x-request-id"], "req_recorded_1");
    const [seen] = upstream.seen;
    assert.equal(seen.method, "GET");
    assert.equal(seen.url, "/v1/organization/projects?limit=2&after=proj_abc&include_archived=true");
    assert.equal(seen.headers.authorization, `Bearer ${KEY}`);
    assert.equal(seen.headers.host, new URL(upstream.baseURL).host);
    assert.equal(seen.body, "");
    assert.equal((await get("/v1/organization/projects")).status, 200);
    assert.equal(upstream.seen[1].url, "/v1/organization/projects");
  });

  test("audit logs: every parameter of OpenAI's spec, brackets encoded or not, reaches the API as the same pairs", TEST_OPTIONS, async () => {
    const sent = [
      ["event_types[]", "project.created"],
      ["event_types[]", "api_key.updated"],
      ["effective_at[gt]", "1700000000"],
      ["effective_at[gte]", "1700000001"],
      ["effective_at[lt]", "1800000000"],
      ["effective_at[lte]", "1800000001"],
      ["project_ids[]", "proj_abc"],
      ["project_ids[]", "proj_def"],
      ["actor_ids[]", "user-abc"],
      ["actor_emails[]", "someone+admin@example.com"],
      ["resource_ids[]", "ws_1__conn_2"],
      ["limit", "20"],
      ["after", "audit_log-xxx_20240101"],
      ["before", "audit_log-yyy_20240102"],
    ];
    const encoded = new URLSearchParams(sent).toString(); // "event_types%5B%5D=…", as a page writes it
    const literal = sent.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("&"); // "event_types[]=…", as curl -g does
    for (const query of [encoded, literal]) {
      upstream.seen.length = 0;
      const answer = await get(`/v1/organization/audit_logs?${query}`);
      assert.equal(answer.status, 200, `${query} → ${answer.text}`);
      const [seen] = upstream.seen;
      assert.equal(seen.headers.authorization, `Bearer ${KEY}`);
      const [path, search] = seen.url.split("?");
      assert.equal(path, "/v1/organization/audit_logs");
      assert.deepEqual(pairs(search), sent, "the same pairs, in the same order");
      assert.match(search, /^event_types%5B%5D=project\.created&/, "written one way, whatever the caller's spelling");
    }
  });

  test("unknown, repeated or malformed parameters and invalid project ids are refused; nothing reaches the API", TEST_OPTIONS, async () => {
    const refused = [
      ["/v1/organization/projects?order=asc", "unknown_parameter"],
      ["/v1/organization/projects?limit=1&limit=2", "invalid_query"],
      ["/v1/organization/projects?include_archived=yes", "invalid_value"],
      ["/v1/organization/projects?after=", "invalid_value"],
      ["/v1/organization/projects?after=a%0Ab", "invalid_value"],
      ["/v1/organization/projects?project_id=proj_a", "unknown_parameter"],
      ["/v1/organization/audit_logs?event_types=project.created", "unknown_parameter"],
      ["/v1/organization/audit_logs?effective_at=1", "unknown_parameter"],
      ["/v1/organization/audit_logs?effective_at[eq]=1", "unknown_parameter"],
      ["/v1/organization/audit_logs?effective_at%5Bgt%5D=soon", "invalid_value"],
      ["/v1/organization/audit_logs?project_ids%5B%5D=hello", "invalid_id"],
      ["/v1/organization/audit_logs?project_ids%5B%5D=proj_a&project_ids%5B%5D=proj_b%2F..", "invalid_id"],
      ["/v1/organization/audit_logs?limit=%ZZ", "invalid_query"],
      ["/v1/organization/audit_logs?evil=1", "unknown_parameter"],
    ];
    for (const [target, code] of refused) {
      const answer = await get(target);
      assert.equal(answer.status, 400, `${target} → ${answer.text}`);
      assert.equal(JSON.parse(answer.text).error.code, code, target);
    }
    const badProject = JSON.parse((await get("/v1/organization/audit_logs?project_ids%5B%5D=hello")).text).error;
    assert.deepEqual(badProject, { message: "query.project_ids[] must be a project id (proj_…)", type: "invalid_request_error", param: "project_ids[]", code: "invalid_id" });
    assert.equal((await get("/v1/organization/projects", {})).status, 401);
    assert.equal((await get("/v1/organization/audit_logs", { origin: "https://evil.example", authorization: `Bearer ${proxy.token}` })).status, 403);
    assert.deepEqual(upstream.seen, []);
  });

  test("nothing else of the organization is forwarded", TEST_OPTIONS, async () => {
    for (const [method, target, status] of [
      ["POST", "/v1/organization/projects", 405],
      ["DELETE", "/v1/organization/audit_logs", 405],
      ["GET", "/v1/organization/projects/proj_abc", 404],
      ["GET", "/v1/organization/projects/proj_abc/users", 404],
      ["GET", "/v1/organization/admin_api_keys", 404],
      ["GET", "/v1/organization/users", 404],
      ["GET", "/v1/organization/audit_logs/", 404],
      ["GET", "/v1/organization/projects/%2e%2e/admin_api_keys", 404],
    ]) {
      const answer = await rawCall(target, { method, headers: { authorization: `Bearer ${proxy.token}` }, port: new URL(proxy.url).port });
      assert.equal(answer.status, status, `${method} ${target}`);
    }
    assert.deepEqual(upstream.seen, []);
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
  /**
   * Starts `node scripts/serve.mjs` with only PATH and `env` in its environment; `stdin` (a
   * string) is written to its stdin, which is then closed.
   */
  function startCli(args, { env = {}, stdin } = {}) {
    const child = spawn(process.execPath, [SERVE_PATH, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    const output = { stdout: "", stderr: "" };
    child.stdout.on("data", (chunk) => (output.stdout += chunk));
    child.stderr.on("data", (chunk) => (output.stderr += chunk));
    child.stdin.on("error", () => {}); // a server that refused to start may close it first
    child.stdin.end(stdin);
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

  async function exitCode({ child, exited }) {
    const timer = setTimeout(() => child.kill("SIGKILL"), REQUEST_TIMEOUT_MS);
    const [code] = await exited;
    clearTimeout(timer);
    return code;
  }

  test("takes the key on stdin, prints one URL with the token in its fragment, proxies with the key and stops on SIGTERM", TEST_OPTIONS, async () => {
    const cli = startCli(["--key-stdin", "--port", "0", "--upstream", emulator.baseURL], { stdin: `${KEY}\n` });
    const { child, output, exited } = cli;
    try {
      await waitFor(() => /CONSOLE_URL=\S+\n/.test(output.stdout) || child.exitCode !== null, "CONSOLE_URL");
      const match = /^CONSOLE_URL=(http:\/\/127\.0\.0\.1:\d+\/)#token=([A-Za-z0-9_-]{43})$/m.exec(output.stdout);
      assert.ok(match, `unexpected output: ${output.stdout}${output.stderr}`);
      const [, url, token] = match;
      const base = url.replace(/\/$/, "");
      const config = await call("/console-config.json", { base });
      assert.deepEqual(config.json, { baseURL: `${base}/v1`, upstream: "emulator" });
      assert.ok(!config.text.includes(token), "the token is served to nobody");
      const created = await call(permissionsPath(), { method: "POST", base, headers: authorized(token), body: { project_ids: ["proj_cli"] } });
      assert.equal(created.status, 200);
      assert.equal(emulator.requests.at(-1).headers.authorization, `Bearer ${KEY}`);
      await waitFor(() => output.stderr.includes("POST"), "the log line");
      assert.equal((await call(permissionsPath(), { base })).status, 401);
      await waitFor(() => / refused GET \S+ → 401 no console token/.test(output.stderr), "the refusal's log line");

      // What any process of the same user can read about the server: neither holds the key.
      if (process.platform === "linux") {
        const environ = readFileSync(`/proc/${child.pid}/environ`, "latin1");
        const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, "latin1");
        assert.ok(environ.includes("PATH="), "the environment was read");
        assert.ok(!environ.includes(KEY), "the key is in the server's environment");
        assert.ok(!cmdline.includes(KEY), "the key is on the server's command line");
      }
    } finally {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), REQUEST_TIMEOUT_MS);
      const [code, signal] = await exited;
      clearTimeout(timer);
      assert.equal(code, 0, `exit code ${code} signal ${signal}`);
    }
    assert.equal(output.stdout.trim().split("\n").length, 1, "exactly one line on stdout");
    assert.ok(!output.stdout.includes(KEY) && !output.stderr.includes(KEY), "the key leaked into the output");
    assert.ok(!output.stderr.includes(/#token=(\S+)/.exec(output.stdout)[1]), "the token leaked into the log");
  });

  test("refuses to start without --key-stdin or --upstream, with the key in its environment, or with unknown options", TEST_OPTIONS, async () => {
    const typed = "sk-fake-admin-typed-on-the-command-line";
    const cases = [
      [["--key-stdin", "--upstream", emulator.baseURL], {}, /stdin held no key/, "nothing on stdin"],
      [["--key-stdin", "--upstream", emulator.baseURL], { stdin: "\n" }, /stdin held no key/, "an empty line"],
      [["--key-stdin", "--upstream", emulator.baseURL], { stdin: `${"k".repeat(5000)}\n` }, /longer than 4096 bytes/, "a line too long"],
      [["--upstream", emulator.baseURL], { stdin: `${KEY}\n` }, /--key-stdin is required/, "no --key-stdin"],
      [["--key-stdin"], { stdin: `${KEY}\n` }, /--upstream is required/, "no --upstream"],
      [["--key-stdin", "--upstream", emulator.baseURL], { stdin: `${KEY}\n`, env: { CONSOLE_UPSTREAM_KEY: KEY } }, /CONSOLE_UPSTREAM_KEY is no longer read/, "the old variable"],
      [["--key-stdin", "--upstream", emulator.baseURL], { stdin: `${KEY}\n`, env: { OPENAI_ADMIN_KEY: KEY } }, /the variable OPENAI_ADMIN_KEY of this process's environment holds the admin key/, "the key in OPENAI_ADMIN_KEY"],
      [["--key-stdin", "--upstream", emulator.baseURL], { stdin: `${KEY}\n`, env: { SOMETHING_ELSE: `prefix-${KEY}` } }, /the variable SOMETHING_ELSE/, "the key in any variable"],
      [["--key-stdin", "--upstream", emulator.baseURL, "--key", typed], { stdin: `${KEY}\n` }, /unknown or malformed option/, "a key on the command line"],
    ];
    for (const [args, options, message, label] of cases) {
      const cli = startCli(args, options);
      assert.equal(await exitCode(cli), 2, `${label}: ${cli.output.stderr}`);
      assert.equal(cli.output.stdout, "", label);
      assert.match(cli.output.stderr, message, label);
      assert.ok(!cli.output.stderr.includes(typed) && !cli.output.stderr.includes(KEY), `${label}: the key leaked`);
    }
  });
});
