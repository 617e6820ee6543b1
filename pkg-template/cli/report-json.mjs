// The --json document: one shape for every outcome of plan and apply, so tools read it without
// guessing. Fields are picked one by one, so the document changes only when this file does.
// The shape is documented in the README ("Access as code").

import { errorFields } from "./error-fields.mjs";

export const JSON_FORMAT_VERSION = 1;

/**
 * @param {object} outcome
 * @param {"plan"|"apply"} outcome.command
 * @param {string} outcome.status what the run came to (run-status.mjs)
 * @param {object} [outcome.report] the engine's AccessReport, when there is one
 * @param {boolean} [outcome.applied] whether apply wrote (or tried to)
 * @param {unknown} [outcome.error] what stopped the command, or made it fail
 * @param {string[]} [outcome.warnings] what the run said once (run-warnings.mjs)
 */
export function reportDocument({ command, status, report, applied = false, error, warnings = [] }) {
  return {
    version: JSON_FORMAT_VERSION,
    command,
    status,
    applied,
    inSync: Boolean(report?.inSync),
    totals: report ? totalsOf(report.totals) : null,
    checkpoints: report ? report.checkpoints.map(checkpointOf) : [],
    warnings: [...warnings],
    error: error === undefined ? null : errorFields(error),
  };
}

export function documentText(document) {
  return `${JSON.stringify(document, null, 2)}\n`;
}

const TOTALS = ["checkpoints", "grant", "revoke", "keep", "created", "revoked", "failed", "unreadable", "notAttempted", "refused"];

function totalsOf(totals) {
  return Object.fromEntries(TOTALS.map((name) => [name, totals?.[name] ?? 0]));
}

function checkpointOf(checkpoint) {
  return {
    checkpoint: checkpoint.checkpoint,
    desired: [...checkpoint.desired],
    grant: [...checkpoint.grant],
    revoke: checkpoint.revoke.map(permissionOf),
    keep: checkpoint.keep.map(permissionOf),
    created: checkpoint.created.map(permissionOf),
    revoked: checkpoint.revoked.map(permissionOf),
    failed: checkpoint.failed.map((failure) => ({
      action: failure.action,
      projectId: failure.projectId,
      permissionId: failure.permissionId ?? null,
      error: errorFields(failure.error),
    })),
    projects: projectsOf(checkpoint.projects),
    refused: (checkpoint.refused ?? []).map(refusalOf),
    error: checkpoint.error ? errorFields(checkpoint.error) : null,
    notAttempted: Boolean(checkpoint.notAttempted),
  };
}

/** `{ "proj_…": { name, status } }`; `{}` when the organization's projects could not be read. */
function projectsOf(projects) {
  return Object.fromEntries(Object.entries(projects ?? {}).map(([id, info]) => [id, { name: info?.name ?? null, status: info?.status ?? null }]));
}

function refusalOf({ projectId, status, message, didYouMean }) {
  return { projectId, status, message, didYouMean: didYouMean ? { id: didYouMean.id, name: didYouMean.name ?? null } : null };
}

function permissionOf({ object, id, created_at, project_id }) {
  return { object, id, created_at, project_id };
}
