// `plan ACCESS_FILE`: what apply would change, and an exit code that says whether it would.
import { planAccess } from "../access/node.js";
import { readAccessFile } from "./access-file.mjs";
import { runAccess } from "./access-run.mjs";
import { showFailure } from "./command-failure.mjs";
import { documentText, reportDocument } from "./report-json.mjs";
import { planText } from "./report-text.mjs";
import { FAILED, exitCodeOf, runStatus } from "./run-status.mjs";
import { runWarnings } from "./run-warnings.mjs";
import { savePlan } from "./saved-plan.mjs";

/** `out`: where to save the plan, for `apply --plan` to write exactly it. */
export async function planCommand({ file, out, json, callOptions, output }) {
  const warnings = runWarnings({ command: "plan", json, output });
  const context = { command: "plan", json, output, warnings };
  let text;
  try {
    text = readAccessFile(file);
  } catch (error) {
    return showFailure(context, error);
  }
  const { report, error, stopped } = await runAccess(planAccess, text, { callOptions, output });
  warnings.add(report?.warnings);
  if (!report || stopped) return showFailure(context, error, { report });
  const status = runStatus({ command: "plan", report, error });
  if (out !== undefined) {
    // An incomplete plan cannot be applied exactly: some checkpoints' permissions are unknown.
    if (status === FAILED) output.err(`checkpoint-permissions plan: the plan is incomplete, so it was not saved to ${out}\n`);
    else {
      try {
        savePlan(out, report);
      } catch (saveError) {
        return showFailure(context, saveError, { report });
      }
    }
  }
  output.out(json ? documentText(reportDocument({ command: "plan", status, report, error, warnings: warnings.list })) : planText(report, status));
  return exitCodeOf(status);
}
