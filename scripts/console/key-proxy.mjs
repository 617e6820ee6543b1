// The console's key-holding proxy: the three checkpoint-permission routes of the console's own
// /v1, forwarded to the upstream API with the admin key in place of the page's per-run token.
// Nothing else is forwarded, the key never comes back (answers are redacted byte for byte), and
// every exchange is bounded in size and time.
import { createHash, timingSafeEqual } from "node:crypto";

import { COMMON_HEADERS, errorBody, sendJson } from "./answers.mjs";

/** Largest request body forwarded upstream (a create call with thousands of ids is far below). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/** Largest upstream answer passed back (a page holds at most 100 permissions). */
export const MAX_RESPONSE_BODY_BYTES = 8 * 1024 * 1024;
/** Bound on one proxied exchange: upstream headers and body. */
export const UPSTREAM_TIMEOUT_MS = 60_000;

// What the page may send upstream (besides Authorization, which is replaced by the key) and
// what comes back from upstream: exactly these.
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "openai-organization", "openai-project"];
const PASSED_BACK_HEADERS = ["content-type", "x-request-id", "retry-after", "retry-after-ms", "x-should-retry"];

// A raw path segment as a client sends it: RFC 3986 pchar, percent-escapes well formed.
const RAW_SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;
// A raw query: pchar plus "/" and "?", which the URL parser keeps as they are.
const RAW_QUERY = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

/**
 * The proxy of one console server. `token` is what the page must send as its bearer token;
 * aborting `closing` ends every exchange in flight; `writeLog` gets one line per call.
 * @returns {(request, response, rawPath: string, rawQuery: string) => Promise<void>}
 */
export function createKeyProxy({ upstreamURL, adminKey, token, closing, writeLog }) {
  const upstreamBase = upstreamURL.href.replace(/\/+$/, "");
  const keyBytes = Buffer.from(adminKey, "latin1");
  const tokenDigest = digest(token);

  async function proxy(request, response, rawPath, rawQuery) {
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

  return proxy;
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

export function redactText(text, key) {
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
