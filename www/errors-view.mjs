// Errors in words: a title, the API's message, what to do, the HTTP status and the request id.
// Never the key: a key typed in the page is redacted from whatever text comes back.

import { isAccessReport, partialFailureSummary } from "./access-report.mjs";
import { consoleTokenRefused } from "./connection.mjs";
import { code, element } from "./dom.mjs";
import { failureSummary, writesDone } from "./failures.mjs";
import { session } from "./session.mjs";

const TITLES = {
  InvalidInputError: "This input cannot be sent",
  BadRequestError: "The API refused the request",
  AuthenticationError: "Not signed in to the API",
  PermissionDeniedError: "Not allowed",
  NotFoundError: "Not found",
  ConflictError: "Conflict",
  UnprocessableEntityError: "The API could not process the request",
  RateLimitError: "Too many requests",
  InternalServerError: "The API had a problem",
  APIError: "The API answered with an error",
  MalformedResponseError: "The API's answer was not understood",
  APIConnectionError: "No connection",
  APIConnectionTimeoutError: "No answer in time",
  APIUserAbortError: "Cancelled",
  PartialFailureError: "Some changes failed",
  StalePlanError: "The permissions changed since you reviewed",
};

export const RUN_SH_URL_HINT = "Open the console URL printed by bash scripts/run.sh again (it ends in #token=…).";

/** { title, status, text, hint, requestID } for an error, ready to show. */
export function describeError(error) {
  const status = typeof error?.status === "number" ? error.status : undefined;
  if (consoleTokenRefused(error)) {
    // The server's own message says what to do too; the page says it once, its way.
    return {
      title: "The console server refused this page's token",
      status,
      text: `It was restarted, or this tab holds an old token. ${RUN_SH_URL_HINT}`,
      hint: "",
      requestID: error.requestID,
    };
  }
  let title = TITLES[error?.name] ?? "Something went wrong";
  let text = String(error?.message ?? error ?? "Unknown error");
  if (error?.name === "PartialFailureError" && isAccessReport(error.result)) {
    ({ title, text } = partialFailureSummary(error.result));
  } else if (error?.name === "PartialFailureError" && error.result) {
    text = failureSummary(error.result.failed ?? [], writesDone(error));
  }
  if (status !== undefined && text.startsWith(`${status} `)) text = text.slice(String(status).length + 1);
  text = redact(text);
  return { title, status, text, hint: hintFor(error), requestID: error?.requestID };
}

function redact(text) {
  const { connection } = session;
  return connection?.mode === "direct" && connection.apiKey ? text.split(connection.apiKey).join("[redacted]") : text;
}

function hintFor(error) {
  const direct = session.connection?.mode === "direct";
  switch (error?.name) {
    case "AuthenticationError":
      return direct ? "Check the admin key in the connection panel." : "The console server's admin key was refused by the API.";
    case "PermissionDeniedError": return "The admin key is not allowed to change this checkpoint.";
    case "NotFoundError": return "Check the checkpoint id.";
    case "RateLimitError": return "The API is rate limiting this key, even after automatic retries. Wait a moment and try again.";
    case "InternalServerError": return "The API kept failing after automatic retries. Try again in a moment; nothing else is needed.";
    case "APIConnectionError": return direct ? "api.openai.com could not be reached from this browser." : "The console server could not be reached. Is it still running?";
    case "APIConnectionTimeoutError": return "Try again.";
    case "MalformedResponseError": return "A write may have happened: reload the list before trying again.";
    case "PartialFailureError": {
      // An access plan refused for its projects has nothing to retry: the file must change.
      const totals = isAccessReport(error.result) ? error.result.totals : null;
      if (totals && totals.failed === 0 && totals.unreadable === 0 && totals.refused > 0) return "Fix the projects the plan refuses, then plan again.";
      return "Retrying redoes only what failed.";
    }
    default: return "";
  }
}

export function showErrorBox(box, error) {
  const { title, status, text, hint, requestID } = describeError(error);
  box.replaceChildren(element("p", "alert-title", status === undefined ? title : `${title} · HTTP ${status}`), element("p", "", text));
  if (hint) box.append(element("p", "alert-hint", hint));
  if (requestID) box.append(element("p", "alert-meta", "Request ID: ", code(requestID)));
  box.hidden = false;
}

export function hideBox(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** An error inside a list: "HTTP 500: The server had an error… (request req_…)". */
export function errorDetails(error) {
  const { text, status, requestID } = describeError(error);
  const details = [`${status === undefined ? "" : `HTTP ${status}: `}${text}`];
  if (requestID) details.push(" (request ", code(requestID), ")");
  return details;
}
