// What a plan or an apply came to, in one word a CI can branch on. The --json document's
// `status`, the text's summary line and the exit code all follow from this one decision, so they
// cannot disagree. The definitions are in the README ("--json").
import { EXIT_CHANGES_PENDING, EXIT_FAILURE, EXIT_OK } from "./exit-codes.mjs";

export const IN_SYNC = "in_sync"; // plan and apply: nothing to change, nothing written
export const CHANGES = "changes"; // plan: apply would change something
export const APPLIED = "applied"; // apply: writes succeeded and the permissions now match the file
export const PARTIAL = "partial"; // apply: some writes succeeded, but something failed or could not be read
export const FAILED = "failed"; // plan: any error; apply: no write succeeded, and the file is not matched

const EXIT_CODES = { [IN_SYNC]: EXIT_OK, [CHANGES]: EXIT_CHANGES_PENDING, [APPLIED]: EXIT_OK, [PARTIAL]: EXIT_FAILURE, [FAILED]: EXIT_FAILURE };

/**
 * @param {object} outcome
 * @param {"plan"|"apply"} outcome.command
 * @param {object} [outcome.report] the engine's AccessReport, when it made one: for an apply that
 *   stopped before writing, the plan's
 * @param {unknown} [outcome.error] what stopped the command, or made it fail
 */
export function runStatus({ command, report, error }) {
  const failed = error !== undefined || report === undefined;
  if (command === "plan") {
    if (failed) return FAILED;
    return report.inSync ? IN_SYNC : CHANGES;
  }
  // Counted from the report, not from which phase ran: an apply whose writes all failed wrote
  // nothing, and one that found nothing left to do (someone else fixed it since the plan) is in
  // sync, whatever it tried.
  const written = report ? report.totals.created + report.totals.revoked : 0;
  if (!failed && report.inSync) return written > 0 ? APPLIED : IN_SYNC;
  return written > 0 ? PARTIAL : FAILED;
}

export function exitCodeOf(status) {
  return EXIT_CODES[status];
}
