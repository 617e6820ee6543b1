// How plan and apply report an error that left no report to show.
import { errorSummary } from "./error-fields.mjs";
import { documentText, reportDocument } from "./report-json.mjs";

/** In --json mode the document carries the error; otherwise one line on stderr. */
export function showFailure({ command, json, output }, error, { report, applied = false } = {}) {
  if (json) output.out(documentText(reportDocument({ command, report, applied, error })));
  else output.err(`checkpoint-permissions ${command}: ${errorSummary(error)}\n`);
}
