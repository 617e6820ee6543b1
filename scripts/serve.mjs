#!/usr/bin/env node
// The local admin console: serves www/ at / and the built package pkg/ at /pkg/ on 127.0.0.1,
// and holds the admin key for the page. The page never sees the key: it gets a random per-run
// token from /console-config.json and calls the three checkpoint-permission routes of this
// origin's /v1 with it; they are forwarded to the upstream API with the key. Node built-ins only.
// This file holds the server, its routing and the CLI; console/static-files.mjs serves the files
// and console/key-proxy.mjs forwards the calls.
//
//   CONSOLE_UPSTREAM_KEY=sk-admin-… node scripts/serve.mjs --upstream https://api.openai.com/v1 [--port 8080]
//
// Prints exactly one line on stdout, "CONSOLE_URL=http://127.0.0.1:PORT/", once it listens
// (one line per proxied call goes to stderr), and stops cleanly on SIGINT/SIGTERM.

import { randomBytes } from "node:crypto";
import { realpath } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { errorBody, methodNotAllowed, sendJson } from "./console/answers.mjs";
import { UPSTREAM_TIMEOUT_MS, createKeyProxy, redactText } from "./console/key-proxy.mjs";
import { serveStatic } from "./console/static-files.mjs";
import { stopper } from "./stoppable.mjs";

export { MAX_REQUEST_BODY_BYTES, MAX_RESPONSE_BODY_BYTES, UPSTREAM_TIMEOUT_MS } from "./console/key-proxy.mjs";

const DEFAULT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const HOST = "127.0.0.1";

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
  const writeLog = typeof log === "function" ? (line) => log(redactText(line, adminKey)) : () => {};

  const closing = new AbortController();
  const proxy = createKeyProxy({ upstreamURL, adminKey, token, closing, writeLog });
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

      if (rawPath === "/v1" || rawPath.startsWith("/v1/")) return await proxy(request, response, rawPath, rawQuery);
      if (rawPath === "/console-config.json") return serveConfig(request, response, host);
      return await serveStatic(request, response, rawPath, roots);
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
