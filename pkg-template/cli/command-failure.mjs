// How plan and apply report an error that left no report to show, or that stopped the run (an
// authentication failure): one line, whatever number of checkpoints met it.
import { errorSummary } from "./error-fields.mjs";
import { documentText, reportDocument } from "./report-json.mjs";
import { exitCodeOf, runStatus } from "./run-status.mjs";

/**
 * In --json mode the document carries the error; otherwise one line on stderr. Returns the exit code.
 * `warnings`: the run's, when it has any (run-warnings.mjs), which already told them in text mode.
 */
export function showFailure({ command, json, output, warnings, savedPlan = false }, error, { report, applied = false } = {}) {
  const status = runStatus({ command, report, error });
  if (json) output.out(documentText(reportDocument({ command, status, report, applied, error, warnings: warnings?.list })));
  else output.err(`checkpoint-permissions ${command}: ${errorSummary(error)}${stoppedDetail(report)}\n${nextStep(error, savedPlan)}`);
  return exitCodeOf(status);
}

/** "; the run stopped: 3 of 4 checkpoints not attempted", when the run stopped early. */
function stoppedDetail(report) {
  const notAttempted = report?.totals?.notAttempted ?? 0;
  if (notAttempted === 0) return "";
  return `; the run stopped: ${notAttempted} of ${report.totals.checkpoints} checkpoints not attempted`;
}

/** What to do about a stale plan, in the command line's terms: a saved one, or the one apply showed. */
function nextStep(error, savedPlan) {
  if (error?.name !== "StalePlanError") return "";
  return savedPlan
    ? "Run checkpoint-permissions plan --out again to review the changes and save a fresh plan.\n"
    : "Run checkpoint-permissions apply again to review the new plan.\n";
}
