// `plan ACCESS_FILE`: what apply would change, and an exit code that says whether it would.
import { planAccess } from "../access/node.js";
import { readAccessFile } from "./access-file.mjs";
import { runAccess } from "./access-run.mjs";
import { showFailure } from "./command-failure.mjs";
import { EXIT_CHANGES_PENDING, EXIT_FAILURE, EXIT_OK } from "./exit-codes.mjs";
import { documentText, reportDocument } from "./report-json.mjs";
import { planText } from "./report-text.mjs";

export async function planCommand({ file, json, callOptions, output }) {
  const context = { command: "plan", json, output };
  let text;
  try {
    text = readAccessFile(file);
  } catch (error) {
    showFailure(context, error);
    return EXIT_FAILURE;
  }
  const { report, error } = await runAccess(planAccess, text, { callOptions, output });
  if (!report) {
    showFailure(context, error);
    return EXIT_FAILURE;
  }
  output.out(json ? documentText(reportDocument({ command: "plan", report, error })) : planText(report));
  if (error) return EXIT_FAILURE;
  return report.inSync ? EXIT_OK : EXIT_CHANGES_PENDING;
}
