// Faults: queued misbehaviours that upcoming requests run into instead of (or on top of)
// the real handler. See normalizeFault for the accepted forms.

import { errorAnswer } from "./http.mjs";

const FAULT_KEYS = new Set([
  "status", "headers", "body", "contentType", // replace the answer
  "delayHeadersMs", "delayBodyMs", // slow the answer down
  "reset", "truncate", // break the answer
  "match", "times", // which requests, how many
]);
const RESETS = new Set(["before-headers", "mid-body"]);

/**
 * Checks a fault and returns a normalised copy:
 * { match: { method?, pathIncludes? }, remaining, delayHeadersMs, delayBodyMs, reset, truncate,
 *   replacement (an answer, or null to use the real handler's), changesState }.
 * Throws TypeError on anything it does not understand, so a typo never silently does nothing.
 */
export function normalizeFault(fault) {
  if (typeof fault !== "object" || fault === null || Array.isArray(fault)) throw new TypeError("a fault must be an object");
  const unknown = Object.keys(fault).filter((key) => !FAULT_KEYS.has(key));
  if (unknown.length > 0) throw new TypeError(`unknown fault field(s): ${unknown.join(", ")}`);

  const { status, headers, body, contentType, delayHeadersMs = 0, delayBodyMs = 0, reset, truncate = false, match = {}, times = 1 } = fault;
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) throw new TypeError("fault.status must be an HTTP status code");
  if (headers !== undefined && (typeof headers !== "object" || headers === null)) throw new TypeError("fault.headers must be an object");
  if (contentType !== undefined && typeof contentType !== "string") throw new TypeError("fault.contentType must be a string");
  for (const [name, ms] of Object.entries({ delayHeadersMs, delayBodyMs })) {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new TypeError(`fault.${name} must be a number of milliseconds >= 0`);
  }
  if (reset !== undefined && !RESETS.has(reset)) throw new TypeError(`fault.reset must be one of: ${[...RESETS].join(", ")}`);
  if (typeof truncate !== "boolean") throw new TypeError("fault.truncate must be a boolean");
  if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) throw new TypeError("fault.times must be a positive integer");
  if (typeof match !== "object" || match === null) throw new TypeError("fault.match must be an object");
  for (const key of ["method", "pathIncludes"]) {
    if (match[key] !== undefined && typeof match[key] !== "string") throw new TypeError(`fault.match.${key} must be a string`);
  }

  const replaces = status !== undefined || body !== undefined;
  if (!replaces && (headers !== undefined || contentType !== undefined)) {
    throw new TypeError("fault.headers and fault.contentType shape a replacement answer: give a status or a body too");
  }
  const breaks = reset !== undefined || truncate;
  if (!replaces && !breaks && delayHeadersMs === 0 && delayBodyMs === 0) throw new TypeError("a fault must do something");

  return {
    match: { method: match.method?.toUpperCase(), pathIncludes: match.pathIncludes },
    remaining: times,
    delayHeadersMs,
    delayBodyMs,
    reset,
    truncate,
    replacement: replaces ? replacementAnswer({ status, headers, body, contentType }) : null,
    // Only a fault that merely delays the real answer lets the real handler touch the state;
    // an answer the client never (fully) gets must not have had side effects.
    changesState: !replaces && !breaks,
  };
}

/** FIFO queue; each request takes the first fault that matches it. */
export class FaultQueue {
  #faults = [];

  add(fault) {
    this.#faults.push(normalizeFault(fault));
  }

  /** Consumes one use of the first fault matching the request, and returns it (or undefined). */
  take(method, rawPath, decodedPath) {
    const index = this.#faults.findIndex((fault) => matches(fault.match, method, rawPath, decodedPath));
    if (index < 0) return undefined;
    const fault = this.#faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(index, 1);
    return fault;
  }

  get size() {
    return this.#faults.length;
  }

  clear() {
    this.#faults.length = 0;
  }
}

// pathIncludes is looked for in both the raw and the decoded path, so a test may write
// either "a%2Fb" or "a/b".
function matches(match, method, rawPath, decodedPath) {
  if (match.method !== undefined && match.method !== method) return false;
  if (match.pathIncludes === undefined) return true;
  return rawPath.includes(match.pathIncludes) || decodedPath.includes(match.pathIncludes);
}

function replacementAnswer({ status = 200, headers, body, contentType }) {
  return {
    status,
    headers,
    contentType,
    body: body ?? defaultBodyFor(status),
  };
}

// What OpenAI typically says for each status, so a bare { status } fault looks real.
const DEFAULT_ERRORS = {
  400: ["Bad request.", "invalid_request_error", null],
  401: ["Incorrect API key provided.", "invalid_request_error", "invalid_api_key"],
  403: ["You are not allowed to perform this operation.", "invalid_request_error", "permission_denied"],
  404: ["Not found.", "invalid_request_error", null],
  409: ["Conflict.", "invalid_request_error", null],
  429: ["Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"],
  500: ["The server had an error while processing your request. Sorry about that!", "server_error", null],
  502: ["Bad gateway.", "server_error", null],
  503: ["The server is overloaded or not ready yet.", "server_error", null],
  504: ["Gateway timeout.", "server_error", null],
};

function defaultBodyFor(status) {
  if (status < 400) return {};
  const [message, type, code] = DEFAULT_ERRORS[status]
    ?? [`HTTP ${status}.`, status >= 500 ? "server_error" : "invalid_request_error", null];
  return errorAnswer(status, message, { type, code }).body;
}
