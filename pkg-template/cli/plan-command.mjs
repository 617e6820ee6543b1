// `plan ACCESS_FILE`: what apply would change, and an exit code that says whether it would.
import { planAccess } from "../access/node.js";
import { readAccessFile } from "./access-file.mjs";
import { runAccess } from "./access-run.mjs";
import { showFailure } from "./command-failure.mjs";
import { documentText, reportDocument } from "./report-json.mjs";
import { planText } from "./report-text.mjs";
import { exitCodeOf, runStatus } from "./run-status.mjs";

export async function planCommand({ file, json, callOptions, output }) {
  const context = { command: "plan", json, output };
  let text;
  try {
    text = readAccessFile(file);
  } catch (error) {
    return showFailure(context, error);
  }
  const { report, error, stopped } = await runAccess(planAccess, text, { callOptions, output });
  if (!report || stopped) return showFailure(context, error, { report });
  const status = runStatus({ command: "plan", report, error });
  output.out(json ? documentText(reportDocument({ command: "plan", status, report, error })) : planText(report, status));
  return exitCodeOf(status);
}
