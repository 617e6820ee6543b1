// How plan and apply report an error that left no report to show.
import { errorSummary } from "./error-fields.mjs";
import { documentText, reportDocument } from "./report-json.mjs";
import { exitCodeOf, runStatus } from "./run-status.mjs";

/** In --json mode the document carries the error; otherwise one line on stderr. Returns the exit code. */
export function showFailure({ command, json, output }, error, { report, applied = false } = {}) {
  const status = runStatus({ command, report, error });
  if (json) output.out(documentText(reportDocument({ command, status, report, applied, error })));
  else output.err(`checkpoint-permissions ${command}: ${errorSummary(error)}\n`);
  return exitCodeOf(status);
}
