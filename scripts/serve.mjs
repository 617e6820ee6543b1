#!/usr/bin/env node
// The local admin console: serves www/ at / and the built package pkg/ at /pkg/ on 127.0.0.1,
// and holds the admin key for the page. The page never sees the key: it gets a random per-run
// token from the fragment of the URL this prints ("#token=…", which browsers never send to a
// server) and calls this origin's /v1 with it; the calls of console/proxy-rules.mjs are
// forwarded to the upstream API with the key. Node built-ins and the built package only.
// This file holds the server, its routing and the CLI; console/static-files.mjs serves the files,
// console/key-proxy.mjs forwards the calls and console/refusals.mjs answers and logs refusals.
//
//   printf '%s\n' "$OPENAI_ADMIN_KEY" | env -u OPENAI_ADMIN_KEY node scripts/serve.mjs --key-stdin --upstream https://api.openai.com/v1 [--port 8080]
//
// The key is read from stdin (one line), never from the environment or the command line: both
// stay readable by any process of the same user (/proc/PID/environ, /proc/PID/cmdline) for as long
// as the server runs, so it refuses to start when a variable of its environment holds the key. Prints exactly one line on stdout once it listens,
// "CONSOLE_URL=http://127.0.0.1:PORT/#token=…" (one line per proxied call or refused request goes
// to stderr), and stops cleanly on SIGINT/SIGTERM.

import { randomBytes } from "node:crypto";
import { realpath } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { errorBody, sendJson } from "./console/answers.mjs";
import { UPSTREAM_TIMEOUT_MS, createKeyProxy } from "./console/key-proxy.mjs";
import { redact } from "./console/redact.mjs";
import { readKeyLine } from "./console/key-stdin.mjs";
import { Refusal, createRefuse, refusalLine } from "./console/refusals.mjs";
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
 * @param {(line: string) => void} [options.log] receives one line per proxied call and per refused request (default: none).
 * @returns {Promise<{ url: string, consoleURL: string, token: string, upstream: string, close(): Promise<void> }>}
 *   `consoleURL` is `url` with "#token=<token>": the one URL to open.
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
  // The proxy checks ids with the very package it serves to the page: one rule set, one wording.
  const ids = await import(pathToFileURL(join(roots.pkg, "node.js")).href);
  const token = randomBytes(32).toString("base64url");
  const secrets = [token, adminKey];
  const writeLog = typeof log === "function"
    ? (line) => log(redact(line, secrets))
    : () => {};
  const refuse = createRefuse(writeLog, secrets);

  const closing = new AbortController();
  let allowedHosts = new Set();
  let ownOrigins = new Set();
  const proxy = createKeyProxy({ upstreamURL, adminKey, token, ids, ownOrigins: () => ownOrigins, closing, writeLog, refuse });

  async function onRequest(request, response) {
    response.on("error", () => {}); // the page went away; nothing left to tell it
    try {
      const hostRefusal = checkHost(request.rawHeaders, allowedHosts);
      if (hostRefusal) {
        request.resume();
        return refuse(request, response, hostRefusal);
      }
      const host = request.headers.host.toLowerCase();
      const target = request.url ?? "";
      if (!target.startsWith("/")) return refuse(request, response, new Refusal(400, "Bad request target.", { why: "not an origin-form target" }));
      const queryStart = target.indexOf("?");
      const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
      const rawQuery = queryStart < 0 ? "" : target.slice(queryStart + 1);

      if (rawPath === "/v1" || rawPath.startsWith("/v1/")) return await proxy(request, response, rawPath, rawQuery);
      if (rawPath === "/console-config.json") return serveConfig(request, response, host);
      const refused = await serveStatic(request, response, rawPath, roots);
      if (refused) return refuse(request, response, refused);
    } catch (error) {
      if (response.headersSent) response.destroy();
      else sendJson(response, 500, errorBody("The console server failed to answer.", "server_error", null));
      writeLog(`console: internal error: ${error?.message ?? error}`);
    }
  }

  // No token here: anyone on this machine can fetch this file. The page takes the token from
  // its URL's fragment instead.
  function serveConfig(request, response, host) {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return refuse(request, response, Refusal.plain(405, "Method not allowed\n", { headers: { allow: "GET, HEAD" } }));
    }
    const body = { baseURL: `http://${host}/v1`, upstream: kind };
    return sendJson(response, 200, body, { "cache-control": "no-store" }, request.method === "HEAD");
  }

  const server = createServer({ requestTimeout: UPSTREAM_TIMEOUT_MS + 5_000, headersTimeout: 30_000 }, onRequest);
  const close = stopper(server, closing);
  server.on("clientError", (error, socket) => {
    // Not even a request line to show: the parser's code says what was wrong.
    writeLog(refusalLine({ method: "-", url: "-" }, { status: 400, why: `malformed HTTP (${error?.code ?? "parse error"})` }));
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
  ownOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));
  const url = `http://127.0.0.1:${actualPort}/`;

  return {
    url,
    consoleURL: `${url}#token=${token}`,
    token,
    upstream: kind,
    /** Stops listening, ends calls in flight and drops open connections so the process can exit. */
    close,
  };
}

/**
 * Only our own host names are served, named once. DNS rebinding: a foreign site resolving its
 * name to 127.0.0.1 would be "same origin" with this server. Two Host headers: whichever one a
 * check reads, another part of the stack could read the other (RFC 9112 asks for a 400).
 */
function checkHost(rawHeaders, allowedHosts) {
  const hosts = [];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index].toLowerCase() === "host") hosts.push(rawHeaders[index + 1]);
  }
  if (hosts.length > 1) return new Refusal(400, "The request has more than one Host header.", { code: "duplicate_host", why: "duplicate Host header" });
  if (hosts.length === 0 || !allowedHosts.has(hosts[0].toLowerCase())) {
    return new Refusal(421, "This console only answers at its own address.", { code: "misdirected_request", why: hosts.length === 0 ? "no Host header" : "foreign Host header" });
  }
  return null;
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
  const usage = "usage: printf '%s\\n' \"$OPENAI_ADMIN_KEY\" | env -u OPENAI_ADMIN_KEY node scripts/serve.mjs --key-stdin --upstream <baseURL> [--port N]";
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: "0" },
        upstream: { type: "string" },
        "upstream-kind": { type: "string" },
        "key-stdin": { type: "boolean" },
      },
    }));
  } catch {
    // parseArgs' message quotes the argument, which could be a key typed on the command line.
    console.error(`serve.mjs: unknown or malformed option (the admin key is read from stdin with --key-stdin, never from the command line)\n${usage}`);
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
  if (process.env.CONSOLE_UPSTREAM_KEY !== undefined) {
    // Once in this process's environment, the key would stay readable in /proc/PID/environ.
    console.error(`serve.mjs: CONSOLE_UPSTREAM_KEY is no longer read: a process's environment stays readable by the user's other processes. Pass the key on stdin with --key-stdin, and start the server without it in its environment.\n${usage}`);
    process.exit(2);
  }
  if (!values["key-stdin"]) {
    console.error(`serve.mjs: --key-stdin is required: the admin key is read from the first line of stdin\n${usage}`);
    process.exit(2);
  }
  if (process.stdin.isTTY) {
    console.error(`serve.mjs: stdin is a terminal, which would show the key as it is typed: pipe it in\n${usage}`);
    process.exit(2);
  }
  let adminKey;
  try {
    adminKey = await readKeyLine(process.stdin);
  } catch (error) {
    console.error(`serve.mjs: ${error.message}\n${usage}`);
    process.exit(2);
  }
  const holder = Object.keys(process.env).find((name) => process.env[name].includes(adminKey));
  if (holder !== undefined) {
    console.error(`serve.mjs: the variable ${holder} of this process's environment holds the admin key, where the user's other processes can read it for as long as the server runs. Start the server without it (env -u ${holder} …).\n${usage}`);
    process.exit(2);
  }

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
    console.error(`serve.mjs: ${redact(error?.message ?? error, [adminKey])}`);
    process.exit(1);
  }
  // One line, the way Jupyter prints its token URL: the token rides in the fragment, which a
  // browser keeps to itself; the page moves it to sessionStorage and out of the address bar.
  console.log(`CONSOLE_URL=${server.consoleURL}`);

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
