#!/usr/bin/env node
// The local admin console: serves www/ at / and the built package pkg/ at /pkg/ on 127.0.0.1,
// and holds the admin key for the page. The page never sees the key: it gets a random per-run
// token from /console-config.json and calls the three checkpoint-permission routes of this
// origin's /v1 with it; they are forwarded to the upstream API with the key. Node built-ins only.
//
//   CONSOLE_UPSTREAM_KEY=sk-admin-… node scripts/serve.mjs --upstream https://api.openai.com/v1 [--port 8080]
//
// Prints exactly one line on stdout, "CONSOLE_URL=http://127.0.0.1:PORT/", once it listens
// (one line per proxied call goes to stderr), and stops cleanly on SIGINT/SIGTERM.

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { stopper } from "./stoppable.mjs";

const DEFAULT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const HOST = "127.0.0.1";
/** Largest request body forwarded upstream (a create call with thousands of ids is far below). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/** Largest upstream answer passed back (a page holds at most 100 permissions). */
export const MAX_RESPONSE_BODY_BYTES = 8 * 1024 * 1024;
/** Bound on one proxied exchange: upstream headers and body. */
export const UPSTREAM_TIMEOUT_MS = 60_000;

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

// The page's own code only; wasm compilation needs 'wasm-unsafe-eval'.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  // 'self' for the proxy; api.openai.com for the console's explicit direct-key mode.
  "connect-src 'self' https://api.openai.com",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const COMMON_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

// What the page may send upstream (besides Authorization, which is replaced by the key) and
// what comes back from upstream: exactly these.
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "openai-organization", "openai-project"];
const PASSED_BACK_HEADERS = ["content-type", "x-request-id", "retry-after", "retry-after-ms", "x-should-retry"];

// A raw path segment as a client sends it: RFC 3986 pchar, percent-escapes well formed.
const RAW_SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;
// A raw query: pchar plus "/" and "?", which the URL parser keeps as they are.
const RAW_QUERY = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

/**
 * Starts the console server on 127.0.0.1.
 * @param {object} options
 * @param {number} [options.port=0] 0 picks a free port.
 * @param {string} options.upstream the API's base URL, e.g. "https://api.openai.com/v1" or an emulator's "http://127.0.0.1:PORT/v1".
 * @param {string} options.adminKey sent upstream as "Authorization: Bearer <adminKey>"; never answered or logged.
 * @param {string} [options.root] the directory holding www/ and pkg/ (default: this repository).
 * @param {"emulator"|"openai"} [options.upstreamKind] shown by the page; default: "emulator" for a loopback upstream, else "openai".
 * @param {(line: string) => void} [options.log] receives one line per proxied call (default: none).
 * @returns {Promise<{ url: string, token: string, close(): Promise<void> }>}
 */
export async function startConsoleServer({ port = 0, upstream, adminKey, root = DEFAULT_ROOT, upstreamKind, log } = {}) {
  const upstreamURL = parseUpstream(upstream);
  if (typeof adminKey !== "string" || adminKey.trim() === "" || /[\0-\x1f\x7f]/.test(adminKey) || /[^\0-\xff]/.test(adminKey)) {
    throw new TypeError("adminKey must be a non-empty string that is a valid header value");
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError("port must be an integer between 0 and 65535");
  if (upstreamKind !== undefined && upstreamKind !== "emulator" && upstreamKind !== "openai") {
    throw new TypeError('upstreamKind must be "emulator" or "openai"');
  }
  const kind = upstreamKind ?? (isLoopback(upstreamURL.hostname) ? "emulator" : "openai");
  const roots = {
    www: await realpath(join(root, "www")),
    pkg: await realpath(join(root, "pkg")),
  };
  const token = randomBytes(32).toString("base64url");
  const tokenDigest = digest(token);
  const upstreamBase = upstreamURL.href.replace(/\/+$/, "");
  const keyBytes = Buffer.from(adminKey, "latin1");
  const writeLog = typeof log === "function" ? (line) => log(redactText(line, adminKey)) : () => {};

  const closing = new AbortController();
  let allowedHosts = new Set();

  async function onRequest(request, response) {
    response.on("error", () => {}); // the page went away; nothing left to tell it
    try {
      // DNS rebinding: a foreign site resolving its name to 127.0.0.1 would be "same origin"
      // with this server and could read the token. Only our own host names are served.
      const host = request.headers.host?.toLowerCase();
      if (!host || !allowedHosts.has(host)) {
        return sendJson(response, 421, errorBody("This console only answers at its own address.", "invalid_request_error", "misdirected_request"));
      }
      const target = request.url ?? "";
      if (!target.startsWith("/")) return sendJson(response, 400, errorBody("Bad request target.", "invalid_request_error", null));
      const queryStart = target.indexOf("?");
      const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
      const rawQuery = queryStart < 0 ? "" : target.slice(queryStart + 1);

      if (rawPath === "/v1" || rawPath.startsWith("/v1/")) return await proxy(request, response, rawPath, rawQuery, host);
      if (rawPath === "/console-config.json") return serveConfig(request, response, host);
      return await serveStatic(request, response, rawPath);
    } catch (error) {
      if (response.headersSent) response.destroy();
      else sendJson(response, 500, errorBody("The console server failed to answer.", "server_error", null));
      writeLog(`console: internal error: ${error?.message ?? error}`);
    }
  }

  function serveConfig(request, response, host) {
    if (request.method !== "GET" && request.method !== "HEAD") return methodNotAllowed(response, "GET, HEAD");
    const body = { baseURL: `http://${host}/v1`, token, upstream: kind };
    return sendJson(response, 200, body, { "cache-control": "no-store" }, request.method === "HEAD");
  }

  async function serveStatic(request, response, rawPath) {
    if (request.method !== "GET" && request.method !== "HEAD") return methodNotAllowed(response, "GET, HEAD");
    const file = await resolveStatic(rawPath, roots);
    if (!file) return notFound(response);
    const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? "application/octet-stream";
    const headers = {
      ...COMMON_HEADERS,
      "content-type": type,
      "content-length": String(file.size),
      "cache-control": "no-cache",
    };
    if (type.startsWith("text/html")) headers["content-security-policy"] = CONTENT_SECURITY_POLICY;
    response.writeHead(200, headers);
    if (request.method === "HEAD") return response.end();
    const stream = createReadStream(file.path);
    stream.on("error", () => response.destroy());
    stream.pipe(response);
  }

  async function proxy(request, response, rawPath, rawQuery, host) {
    const route = matchPermissionRoute(rawPath);
    if (!route) return sendJson(response, 404, errorBody(`Invalid URL (${request.method} ${describePath(rawPath)})`, "invalid_request_error", null));
    if (!route.methods.includes(request.method)) {
      return sendJson(response, 405, errorBody(`Invalid method for URL (${request.method} ${describePath(rawPath)})`, "invalid_request_error", null), { allow: route.methods.join(", ") });
    }
    if (!hasToken(request.headers.authorization)) {
      return sendJson(response, 401, errorBody(
        "Missing or wrong console token. Reload the console page to get the current one (it changes each time the server starts).",
        "invalid_request_error",
        "invalid_console_token",
      ), { "www-authenticate": 'Bearer realm="checkpoint-permissions console"' });
    }
    if (!RAW_QUERY.test(rawQuery)) return sendJson(response, 400, errorBody("Invalid characters in the query string.", "invalid_request_error", null));
    const targetURL = `${upstreamBase}${rawPath.slice("/v1".length)}${rawQuery ? `?${rawQuery}` : ""}`;
    // Belt and braces: the URL parser must keep the path and query byte for byte (no dot
    // segments resolved, nothing re-encoded), so the call cannot land on any other route.
    const parsed = new URL(targetURL);
    if (parsed.pathname !== `${upstreamURL.pathname.replace(/\/+$/, "")}${rawPath.slice("/v1".length)}` || parsed.search !== (rawQuery ? `?${rawQuery}` : "")) {
      return sendJson(response, 400, errorBody("The path cannot be forwarded as it is.", "invalid_request_error", null));
    }

    const started = Date.now();
    const lengthHeader = request.headers["content-length"];
    if (lengthHeader !== undefined && Number(lengthHeader) > MAX_REQUEST_BODY_BYTES) {
      request.resume();
      return sendJson(response, 413, errorBody(`The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`, "invalid_request_error", null), { connection: "close" });
    }

    // One bound for the whole exchange: reading the page's body, upstream headers and body.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new ProxyTimeout()), UPSTREAM_TIMEOUT_MS);
    const onClosing = () => abort.abort(new Error("console server closing"));
    closing.signal.addEventListener("abort", onClosing, { once: true });
    // The page gave up (closed its connection): stop waiting upstream.
    const onGone = () => { if (!response.writableFinished) abort.abort(new Error("client went away")); };
    response.once("close", onGone);

    let status;
    let requestId = "-";
    try {
      let body;
      try {
        body = await readBounded(request, MAX_REQUEST_BODY_BYTES, abort.signal);
      } catch {
        // Too slow a body gets a 408; a page that left, or a server closing, gets nothing.
        if (abort.signal.reason instanceof ProxyTimeout && !response.destroyed) {
          status = 408;
          sendJson(response, 408, errorBody("The request body did not arrive in time.", "invalid_request_error", null), { connection: "close" });
        } else {
          response.destroy();
        }
        return;
      }
      if (body === null) {
        status = 413;
        return sendJson(response, 413, errorBody(`The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`, "invalid_request_error", null), { connection: "close" });
      }
      const headers = { authorization: `Bearer ${adminKey}` };
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = request.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      let upstreamResponse;
      try {
        upstreamResponse = await fetch(targetURL, {
          method: request.method,
          headers,
          body: request.method === "POST" ? body : undefined,
          redirect: "manual",
          signal: abort.signal,
        });
      } catch (error) {
        if (abort.signal.aborted && !(abort.signal.reason instanceof ProxyTimeout)) {
          response.destroy(); // the page left or the server is closing: nobody to answer
          return;
        }
        status = abort.signal.aborted ? 504 : 502;
        sendJson(response, status, errorBody(status === 504
          ? `The upstream API did not answer within ${UPSTREAM_TIMEOUT_MS / 1000} s.`
          : `The console could not reach the upstream API (${redactText(describeFetchError(error), adminKey)}).`, "server_error", null));
        return;
      }
      requestId = upstreamResponse.headers.get("x-request-id") ?? "-";
      const answer = await readBoundedStream(upstreamResponse.body, MAX_RESPONSE_BODY_BYTES).catch((error) => ({ error }));
      if (answer === null || answer.error) {
        if (answer !== null && abort.signal.aborted && !(abort.signal.reason instanceof ProxyTimeout)) {
          response.destroy();
          return;
        }
        status = answer === null ? 502 : abort.signal.aborted ? 504 : 502;
        const message = answer === null ? "The upstream answer was too large."
          : status === 504 ? `The upstream API did not finish its answer within ${UPSTREAM_TIMEOUT_MS / 1000} s.`
          : "The upstream answer was cut off.";
        sendJson(response, status, errorBody(message, "server_error", null));
        return;
      }
      status = upstreamResponse.status;
      const passed = { ...COMMON_HEADERS, "cache-control": "no-store" };
      for (const name of PASSED_BACK_HEADERS) {
        const value = upstreamResponse.headers.get(name);
        if (value !== null) passed[name] = redactText(value, adminKey);
      }
      const bytes = redactBytes(answer, keyBytes);
      const bodyless = status === 204 || status === 304;
      if (!bodyless) passed["content-length"] = String(bytes.length);
      response.writeHead(status, passed);
      response.end(bodyless ? undefined : bytes);
    } finally {
      clearTimeout(timer);
      closing.signal.removeEventListener("abort", onClosing);
      response.off("close", onGone);
      writeLog(`${new Date().toISOString()} ${request.method} ${describePath(rawPath)} → ${status ?? "aborted"} ${requestId} ${Date.now() - started}ms`);
    }
  }

  function hasToken(authorization) {
    const match = /^Bearer ([^\s]+)$/.exec(authorization ?? "");
    // Digests of the same size, compared in constant time: neither the content nor the
    // length of the token leaks through timing.
    return match !== null && timingSafeEqual(digest(match[1]), tokenDigest);
  }

  const server = createServer({ requestTimeout: UPSTREAM_TIMEOUT_MS + 5_000, headersTimeout: 30_000 }, onRequest);
  const close = stopper(server, closing);
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  allowedHosts = new Set([`127.0.0.1:${actualPort}`, `localhost:${actualPort}`]);

  return {
    url: `http://127.0.0.1:${actualPort}/`,
    token,
    upstream: kind,
    /** Stops listening, ends calls in flight and drops open connections so the process can exit. */
    close,
  };
}

class ProxyTimeout extends Error {}

/** The routes this proxy forwards, matched on the raw (still percent-encoded) path. */
function matchPermissionRoute(rawPath) {
  const segments = rawPath.split("/").slice(1); // drop the empty one before the leading "/"
  const fits = (segment) => RAW_SEGMENT.test(segment) && !isDotSegment(segment);
  if (segments.length < 5 || segments[0] !== "v1" || segments[1] !== "fine_tuning" || segments[2] !== "checkpoints") return undefined;
  if (!fits(segments[3]) || segments[4] !== "permissions") return undefined;
  if (segments.length === 5) return { methods: ["GET", "POST"] };
  if (segments.length === 6 && fits(segments[5])) return { methods: ["DELETE"] };
  return undefined;
}

/** "." and ".." in any spelling ("%2e", ".%2E", …): the URL parser would resolve them. */
function isDotSegment(segment) {
  const lowered = segment.toLowerCase().replaceAll("%2e", ".");
  return lowered === "." || lowered === "..";
}

/**
 * Maps a request path to a regular file under www/ (at "/") or pkg/ (at "/pkg/"), or null.
 * Each segment is decoded on its own and refused when it could leave its directory or names a
 * hidden file; the real path (symlinks resolved) must still lie under its root.
 */
async function resolveStatic(rawPath, roots) {
  let segments;
  try {
    segments = rawPath.slice(1).split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
  let root = roots.www;
  if (segments[0] === "pkg") {
    root = roots.pkg;
    segments = segments.slice(1);
    if (segments.length === 0) return null; // "/pkg" alone
  }
  if (segments.at(-1) === "") {
    if (root !== roots.www) return null; // no directory pages for the package
    segments[segments.length - 1] = "index.html";
  }
  for (const segment of segments) {
    if (segment === "" || segment.startsWith(".") || /[\\/\0:]/.test(segment) || /[\x00-\x1f\x7f]/.test(segment)) return null;
  }
  let real;
  try {
    real = await realpath(join(root, ...segments));
  } catch {
    return null;
  }
  if (!real.startsWith(root + sep)) return null;
  const info = await stat(real).catch(() => null);
  if (!info?.isFile()) return null;
  return { path: real, size: info.size };
}

function parseUpstream(upstream) {
  let url;
  try {
    url = new URL(upstream);
  } catch {
    throw new TypeError("upstream must be an absolute http:// or https:// base URL, e.g. https://api.openai.com/v1");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError("upstream must use http:// or https://");
  if (url.username || url.password || url.search || url.hash) throw new TypeError("upstream must have no credentials, query or fragment");
  return url;
}

function isLoopback(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function digest(text) {
  return createHash("sha256").update(text, "utf8").digest();
}

/** The request body, or null when it exceeds `limit` bytes. */
function readBounded(request, limit, signal) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const onAbort = () => {
      request.pause(); // the connection stays usable for the answer (sent with "connection: close")
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    request.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) {
        signal.removeEventListener("abort", onAbort);
        request.pause();
        resolve(null);
      } else {
        chunks.push(chunk);
      }
    });
    request.on("end", () => {
      signal.removeEventListener("abort", onAbort);
      resolve(Buffer.concat(chunks));
    });
    request.on("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      reject(error);
    });
  });
}

/** A fetch body as one Buffer, or null when it exceeds `limit` bytes. */
async function readBoundedStream(body, limit) {
  if (!body) return Buffer.alloc(0);
  const chunks = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      await body.cancel?.().catch(() => {});
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Every occurrence of the key replaced; an upstream echoing it verbatim must not leak it. */
function redactBytes(bytes, keyBytes) {
  if (bytes.indexOf(keyBytes) < 0) return bytes;
  const mask = Buffer.from("[redacted]");
  const parts = [];
  let from = 0;
  for (let at = bytes.indexOf(keyBytes); at >= 0; at = bytes.indexOf(keyBytes, from)) {
    parts.push(bytes.subarray(from, at), mask);
    from = at + keyBytes.length;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

function redactText(text, key) {
  return String(text).split(key).join("[redacted]");
}

function describeFetchError(error) {
  const cause = error?.cause;
  return cause?.code ?? cause?.message ?? error?.message ?? "fetch failed";
}

/** A path as shown in answers and logs: bounded, and free of control characters. */
function describePath(rawPath) {
  const clean = rawPath.replace(/[^\x21-\x7e]/g, "?");
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}

function errorBody(message, type, code) {
  return { error: { message, type, param: null, code } };
}

function sendJson(response, status, body, headers = {}, headOnly = false) {
  const bytes = Buffer.from(JSON.stringify(body, null, 2));
  response.writeHead(status, {
    ...COMMON_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(bytes.length),
    "cache-control": "no-store",
    ...headers,
  });
  response.end(headOnly ? undefined : bytes);
}

function notFound(response) {
  const bytes = Buffer.from("Not found\n");
  response.writeHead(404, { ...COMMON_HEADERS, "content-type": "text/plain; charset=utf-8", "content-length": String(bytes.length) });
  response.end(bytes);
}

function methodNotAllowed(response, allow) {
  const bytes = Buffer.from("Method not allowed\n");
  response.writeHead(405, { ...COMMON_HEADERS, allow, "content-type": "text/plain; charset=utf-8", "content-length": String(bytes.length) });
  response.end(bytes);
}

// ---------------------------------------------------------------- CLI

async function main() {
  const usage = "usage: CONSOLE_UPSTREAM_KEY=<admin key> node scripts/serve.mjs --upstream <baseURL> [--port N]";
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: "0" },
        upstream: { type: "string" },
        "upstream-kind": { type: "string" },
      },
    }));
  } catch {
    // parseArgs' message quotes the argument, which could be a key typed on the command line.
    console.error(`serve.mjs: unknown or malformed option (the admin key is read from CONSOLE_UPSTREAM_KEY, never from the command line)\n${usage}`);
    process.exit(2);
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) {
    console.error(`serve.mjs: --port must be an integer between 0 and 65535\n${usage}`);
    process.exit(2);
  }
  if (!values.upstream) {
    console.error(`serve.mjs: --upstream is required (e.g. https://api.openai.com/v1, or an emulator's http://127.0.0.1:PORT/v1)\n${usage}`);
    process.exit(2);
  }
  const adminKey = process.env.CONSOLE_UPSTREAM_KEY;
  if (!adminKey) {
    console.error(`serve.mjs: set CONSOLE_UPSTREAM_KEY to the admin key the console should use\n${usage}`);
    process.exit(2);
  }
  delete process.env.CONSOLE_UPSTREAM_KEY; // nothing started from here inherits it

  let server;
  try {
    server = await startConsoleServer({
      port,
      upstream: values.upstream,
      adminKey,
      upstreamKind: values["upstream-kind"],
      log: (line) => console.error(line),
    });
  } catch (error) {
    console.error(`serve.mjs: ${String(error?.message ?? error).split(adminKey).join("[redacted]")}`);
    process.exit(1);
  }
  console.log(`CONSOLE_URL=${server.url}`);

  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await realpath(process.argv[1]).catch(() => process.argv[1]))) {
  await main();
}
