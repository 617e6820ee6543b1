// A request the console server refuses: the answer (OpenAI's error shape for the API, plain text
// for files) and one log line saying why, so a probe leaves a trace. The line holds the time, the
// method, the path (bounded, control characters replaced) and the status; never the query (it may
// hold someone's email), the console token or the admin key.

import { COMMON_HEADERS, sendJson } from "./answers.mjs";
import { redact } from "./redact.mjs";

/** A refused request: the answer's status and body, extra headers, and why (for the log). */
export class Refusal {
  constructor(status, message, { type = "invalid_request_error", param = null, code = null, headers = {}, why = message } = {}) {
    this.status = status;
    this.body = { error: { message, type, param, code } };
    this.headers = headers;
    this.why = why;
  }

  /** A refusal answered in plain text (the static files' 404 and 405). */
  static plain(status, text, { headers = {}, why = text.trim() } = {}) {
    const refusal = new Refusal(status, text, { headers, why });
    refusal.body = undefined;
    refusal.text = text;
    return refusal;
  }
}

/**
 * Answers `refusal` and logs it. `secrets` (the console token, the admin key) are masked in the
 * line, however the caller managed to put them in the path.
 * @returns {(request, response, refusal: Refusal) => void}
 */
export function createRefuse(writeLog, secrets) {
  return (request, response, refusal) => {
    writeLog(refusalLine(request, refusal, secrets));
    const headOnly = request.method === "HEAD";
    // The answer may quote the caller's path; a secret in it is masked there too.
    if (refusal.body !== undefined) return sendJson(response, refusal.status, JSON.parse(redact(JSON.stringify(refusal.body), secrets)), refusal.headers, headOnly);
    const bytes = Buffer.from(refusal.text);
    response.writeHead(refusal.status, {
      ...COMMON_HEADERS,
      "content-type": "text/plain; charset=utf-8",
      "content-length": String(bytes.length),
      ...refusal.headers,
    });
    response.end(headOnly ? undefined : bytes);
  };
}

export function refusalLine(request, refusal, secrets = []) {
  const target = request.url ?? "";
  const queryStart = target.indexOf("?");
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  // Masked before the cut too: a secret cut in half would no longer match.
  const shownPath = describe(redact(path, secrets));
  const why = describe(redact(refusal.why, secrets), 300, { spaces: true });
  return redact(`${new Date().toISOString()} refused ${describe(request.method ?? "-", 20)} ${shownPath} → ${refusal.status} ${why}`, secrets);
}


/**
 * A caller's text as shown in an answer or a log: bounded, with every control, format and
 * separator character replaced (a newline in a path must not forge a second log line). Spaces
 * are kept only when `spaces` is set, for the server's own words.
 */
export function describe(text, limit = 300, { spaces = false } = {}) {
  const clean = String(text).replace(/[\p{C}\p{Z}]/gu, (char) => (spaces && char === " " ? " " : "?"));
  return clean.length > limit ? `${clean.slice(0, limit)}…` : clean;
}
