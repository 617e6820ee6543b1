// HTTP plumbing shared by the API routes, the control routes and the faults:
// reading requests exactly as received, OpenAI's error and page shapes, and writing
// "answers" with the headers every response of the emulator carries.
//
// An answer is a plain object { status, body, headers?, contentType? } where body is
// a string (sent as-is) or anything else (sent as JSON). Handlers return answers
// instead of writing to the response so that faults can reshape or replace them.

import { randomBytes } from "node:crypto";

export const EXPOSED_HEADERS = "x-request-id, retry-after, retry-after-ms, x-should-retry";
export const ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";

/** OpenAI's request ids look like "req_" followed by 32 hex digits. */
export function newRequestId() {
  return `req_${randomBytes(16).toString("hex")}`;
}

/** An OpenAI-shaped error: the four keys are always present, param and code may be null. */
export function errorAnswer(status, message, { type = "invalid_request_error", param = null, code = null, headers } = {}) {
  return { status, body: { error: { message, type, param, code } }, headers };
}

/** OpenAI's page shape: first_id/last_id are null when the page is empty. */
export function listPage(data, hasMore = false) {
  return {
    object: "list",
    data,
    first_id: data.at(0)?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: hasMore,
  };
}

/** "/a%2Fb/c?x=1" → { rawPath: "/a%2Fb/c", search: "x=1" } without any normalisation. */
export function splitTarget(target) {
  const queryStart = target.indexOf("?");
  return queryStart < 0
    ? { rawPath: target, search: "" }
    : { rawPath: target.slice(0, queryStart), search: target.slice(queryStart + 1) };
}

/**
 * Decodes each path segment on its own, so "%2F" stays inside its segment.
 * Throws URIError on malformed percent-encoding.
 */
export function decodeSegments(rawPath) {
  return rawPath.replace(/^\//, "").split("/").map((segment) => decodeURIComponent(segment));
}

/** Query string → object; a repeated key becomes an array of its values. */
export function queryObject(searchParams) {
  const query = {};
  for (const [key, value] of searchParams) {
    query[key] = Object.hasOwn(query, key) ? [query[key]].flat().concat(value) : value;
  }
  return query;
}

/** Header names lower-cased, values untouched; repeated headers joined with ", ". */
export function receivedHeaders(rawHeaders) {
  const headers = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${rawHeaders[i + 1]}` : rawHeaders[i + 1];
  }
  return headers;
}

export function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Parsed JSON, or undefined when the text is not JSON. */
export function parseJsonOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Headers that let a browser page on any origin read every answer, including the retry hints. */
export function corsHeaders() {
  return { "access-control-allow-origin": "*", "access-control-expose-headers": EXPOSED_HEADERS };
}

/** Answers an OPTIONS preflight: any origin, our methods, and whatever headers the page asked for. */
export function writePreflight(response, requestHeaders, requestId) {
  response.writeHead(204, {
    ...corsHeaders(),
    "access-control-allow-methods": ALLOWED_METHODS,
    "access-control-allow-headers": requestHeaders["access-control-request-headers"] ?? "authorization, content-type",
    "x-request-id": requestId,
  });
  response.end();
}

/**
 * Writes an answer. The options shape how the bytes go out, for faults:
 *  - truncate: cut the body in half and advertise only what is sent (a "complete" but broken JSON);
 *  - delayBodyMs: send the headers and the first half, wait, then the rest;
 *  - cutMidBody: advertise the full length, send half, then drop the connection.
 * `wait(ms)` is the emulator's abortable sleep, so closing it never waits on a delay.
 */
export async function writeAnswer(response, answer, { requestId, truncate = false, delayBodyMs = 0, cutMidBody = false, wait }) {
  const hasBody = answer.status !== 204 && answer.status !== 304;
  let bytes = hasBody ? Buffer.from(serializeBody(answer.body)) : Buffer.alloc(0);
  if (truncate) bytes = bytes.subarray(0, Math.floor(bytes.length / 2));

  const headers = { "x-request-id": requestId, ...corsHeaders() };
  if (hasBody) {
    headers["content-type"] = answer.contentType ?? "application/json";
    headers["content-length"] = String(bytes.length);
  }
  response.writeHead(answer.status, { ...headers, ...lowerCaseKeys(answer.headers) });

  if (delayBodyMs <= 0 && !cutMidBody) {
    response.end(bytes);
    return;
  }
  const half = Math.ceil(bytes.length / 2);
  await writeChunk(response, bytes.subarray(0, half));
  if (delayBodyMs > 0) await wait(delayBodyMs);
  if (cutMidBody) {
    // A plain close (FIN) rather than a TCP reset: the client must still receive the
    // headers and the first half before it notices the body is short.
    response.socket?.destroy();
  } else {
    response.end(bytes.subarray(half));
  }
}

/** Kills the connection without a response; a TCP reset where Node supports it. */
export function resetConnection(response) {
  const socket = response.socket;
  if (!socket) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

function writeChunk(response, chunk) {
  if (chunk.length === 0) {
    response.flushHeaders();
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => response.write(chunk, (error) => (error ? reject(error) : resolve())));
}

function serializeBody(body) {
  if (body === undefined) return "";
  // OpenAI pretty-prints its JSON; doing the same keeps byte counts (and halves) realistic.
  return typeof body === "string" ? body : JSON.stringify(body, null, 2);
}

function lowerCaseKeys(headers = {}) {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}
