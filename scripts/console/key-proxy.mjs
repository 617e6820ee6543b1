// The console's key-holding proxy: the routes of console/proxy-rules.mjs, forwarded from the
// console's own /v1 to the upstream API with the admin key in place of the page's per-run token.
// Who may call it: a request with the token, from no browser page or from the console's own
// origin. What it forwards is written anew from checked values (proxy-rules.mjs); the key never
// comes back (answers are redacted byte for byte); every exchange is bounded in size and time;
// every refusal is answered in OpenAI's error shape and logged.
import { createHash, timingSafeEqual } from "node:crypto";

import { COMMON_HEADERS, errorBody, sendJson } from "./answers.mjs";
import { checkCreateBody, matchRoute, writeUpstreamTarget } from "./proxy-rules.mjs";
import { Refusal, describe } from "./refusals.mjs";
import { REDACTED, redact } from "./redact.mjs";

/** Largest request body forwarded upstream (a create call with thousands of ids is far below). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/** Largest upstream answer passed back (a page holds at most 100 permissions). */
export const MAX_RESPONSE_BODY_BYTES = 8 * 1024 * 1024;
/** Bound on one proxied exchange: upstream headers and body. */
export const UPSTREAM_TIMEOUT_MS = 60_000;

// What the page may send upstream (besides Authorization, which is replaced by the key, and
// Content-Type, which is the forwarded body's own) and what comes back from upstream: exactly these.
const FORWARDED_REQUEST_HEADERS = ["accept", "openai-organization", "openai-project"];
const PASSED_BACK_HEADERS = ["content-type", "x-request-id", "retry-after", "retry-after-ms", "x-should-retry"];

export const INVALID_TOKEN_MESSAGE =
  "Missing or wrong console token. Open the console URL printed by `bash scripts/run.sh` again: the token is in its #token=… part, and it changes each time the server starts.";

/**
 * The proxy of one console server.
 * @param {object} options
 * @param {URL} options.upstreamURL the API's base URL.
 * @param {string} options.adminKey sent upstream; never answered or logged.
 * @param {string} options.token what a caller must send as its bearer token.
 * @param {{ validateCheckpoint, validatePermissionId, validateProjectIds }} options.ids the package's id rules.
 * @param {() => Set<string>} options.ownOrigins the console's own origins ("http://127.0.0.1:PORT", …).
 * @param {AbortController} options.closing aborting it ends every exchange in flight.
 * @param {(line: string) => void} options.writeLog one line per forwarded call.
 * @param {(request, response, refusal: Refusal) => void} options.refuse answers and logs a refusal.
 * @returns {(request, response, rawPath: string, rawQuery: string) => Promise<void>}
 */
export function createKeyProxy({ upstreamURL, adminKey, token, ids, ownOrigins, closing, writeLog, refuse }) {
  const upstreamBase = upstreamURL.href.replace(/\/+$/, "");
  const keyBytes = Buffer.from(adminKey, "latin1");
  const tokenDigest = digest(token);

  /** What may be forwarded, checked before anything is read or sent: a target, or a Refusal. */
  function admit(request, rawPath, rawQuery) {
    const matched = matchRoute(request.method, rawPath);
    if (matched instanceof Refusal) return matched;
    // A browser page of any other origin (another site, a "null" sandbox) is refused whatever it
    // sends: only the console's own page, or a client that is no page (no Origin), gets further.
    const origin = request.headers.origin;
    if (origin !== undefined && !ownOrigins().has(origin)) {
      return new Refusal(403, "This console's API only answers its own page.", { code: "foreign_origin", why: `foreign origin ${describe(origin, 100)}` });
    }
    if (!hasToken(request.headers.authorization)) {
      return new Refusal(401, INVALID_TOKEN_MESSAGE, {
        code: "invalid_console_token",
        headers: { "www-authenticate": 'Bearer realm="checkpoint-permissions console"' },
        why: request.headers.authorization === undefined ? "no console token" : "wrong console token",
      });
    }
    const target = writeUpstreamTarget(matched, rawQuery, ids);
    if (target instanceof Refusal) return target;
    const targetURL = `${upstreamBase}${target.path}${target.query ? `?${target.query}` : ""}`;
    // Belt and braces: the URL parser must keep the written path and query byte for byte (no dot
    // segment resolved, nothing re-encoded), so the call cannot land on any other route.
    const parsed = new URL(targetURL);
    if (parsed.pathname !== `${upstreamURL.pathname.replace(/\/+$/, "")}${target.path}` || parsed.search !== (target.query ? `?${target.query}` : "")) {
      return new Refusal(400, "The path cannot be forwarded as it is.", { why: "the URL parser would rewrite the target" });
    }
    return { targetURL, bodyRule: matched.rule.body };
  }

  async function proxy(request, response, rawPath, rawQuery) {
    const admitted = admit(request, rawPath, rawQuery);
    if (admitted instanceof Refusal) {
      request.resume(); // a refused body is drained, not read
      return refuse(request, response, admitted);
    }
    const started = Date.now();
    const lengthHeader = request.headers["content-length"];
    if (lengthHeader !== undefined && Number(lengthHeader) > MAX_REQUEST_BODY_BYTES) {
      request.resume();
      return refuse(request, response, tooLarge());
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
    let forwarded = false;
    try {
      let body;
      try {
        body = await readBounded(request, MAX_REQUEST_BODY_BYTES, abort.signal);
      } catch {
        // Too slow a body gets a 408; a page that left, or a server closing, gets nothing.
        if (abort.signal.reason instanceof ProxyTimeout && !response.destroyed) {
          refuse(request, response, new Refusal(408, "The request body did not arrive in time.", { headers: { connection: "close" } }));
        } else {
          response.destroy();
        }
        return;
      }
      if (body === null) return refuse(request, response, tooLarge());
      let upstreamBody;
      if (admitted.bodyRule === "createPermissions") {
        upstreamBody = checkCreateBody(body, ids);
        if (upstreamBody instanceof Refusal) return refuse(request, response, upstreamBody);
      }
      const headers = { authorization: `Bearer ${adminKey}` };
      if (upstreamBody !== undefined) headers["content-type"] = "application/json";
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = request.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      forwarded = true;
      let upstreamResponse;
      try {
        upstreamResponse = await fetch(admitted.targetURL, {
          method: request.method,
          headers,
          body: upstreamBody,
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
          : `The console could not reach the upstream API (${redact(describeFetchError(error), [adminKey])}).`, "server_error", null));
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
        if (value !== null) passed[name] = redact(value, [adminKey]);
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
      // Refusals have their own line; this one is for what reached (or tried to reach) upstream.
      if (forwarded) writeLog(`${new Date().toISOString()} ${request.method} ${describe(rawPath)} → ${status ?? "aborted"} ${describe(requestId, 100)} ${Date.now() - started}ms`);
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

function tooLarge() {
  return new Refusal(413, `The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`, { headers: { connection: "close" } });
}

class ProxyTimeout extends Error {}

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
  const mask = Buffer.from(REDACTED);
  const parts = [];
  let from = 0;
  for (let at = bytes.indexOf(keyBytes); at >= 0; at = bytes.indexOf(keyBytes, from)) {
    parts.push(bytes.subarray(from, at), mask);
    from = at + keyBytes.length;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

function describeFetchError(error) {
  const cause = error?.cause;
  return cause?.code ?? cause?.message ?? error?.message ?? "fetch failed";
}
