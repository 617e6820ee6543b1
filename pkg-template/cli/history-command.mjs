// `history CHECKPOINT [--since WHEN]`: who granted or revoked which project's access, and when,
// from the organization's audit log.
import { checkpointAccessHistory } from "../access/node.js";
import { sinceSeconds } from "./durations.mjs";
import { errorFields, errorSummary } from "./error-fields.mjs";
import { EXIT_FAILURE, EXIT_OK } from "./exit-codes.mjs";
import { historyText } from "./history-text.mjs";
import { JSON_FORMAT_VERSION, documentText } from "./report-json.mjs";
import { runWarnings } from "./run-warnings.mjs";

/**
 * `since`: what parseSince made of --since, or undefined for the whole log. Returns the exit code.
 * An organization with audit logging off gets the package's AuditLoggingDisabledError, whose
 * message says where to turn it on: shown as it is.
 */
export async function historyCommand({ checkpoint, since, json, callOptions, output }) {
  const warnings = runWarnings({ command: "history", json, output });
  const nowSeconds = Math.floor(Date.now() / 1000);
  const query = since === undefined ? {} : { since: sinceSeconds(since, nowSeconds) };
  let history;
  let error;
  try {
    history = await checkpointAccessHistory(checkpoint, query, callOptions);
  } catch (caught) {
    error = caught;
  }
  warnings.add(history?.warnings);
  if (json) output.out(documentText(historyDocument({ checkpoint, query, history, warnings: warnings.list, error })));
  else if (error) output.err(`checkpoint-permissions history: ${errorSummary(error)}\n`);
  else output.out(historyText(history, nowSeconds));
  return error ? EXIT_FAILURE : EXIT_OK;
}

/** The --json document; fields are picked one by one, so it changes only when this does. */
function historyDocument({ checkpoint, query, history, warnings, error }) {
  return {
    version: JSON_FORMAT_VERSION,
    command: "history",
    checkpoint: history?.checkpoint ?? checkpoint,
    since: history ? history.since : (query.since ?? null),
    until: history?.until ?? null,
    events: history ? history.events.map(eventOf) : [],
    warnings,
    error: error === undefined ? null : errorFields(error),
  };
}

function eventOf({ action, permissionId, projectId, projectName, actor, effectiveAt, eventId }) {
  return { action, permissionId, projectId, projectName: projectName ?? null, actor: actor ? actorOf(actor) : null, effectiveAt, eventId };
}

function actorOf({ kind, label, email, id, name, keyId }) {
  return { kind, label, email: email ?? null, id: id ?? null, name: name ?? null, keyId: keyId ?? null };
}
