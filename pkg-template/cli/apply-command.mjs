// `apply ACCESS_FILE`: the plan first, then the writes, only once they are confirmed.
import { applyAccess, planAccess } from "../access/node.js";
import { readAccessFile } from "./access-file.mjs";
import { runAccess } from "./access-run.mjs";
import { showFailure } from "./command-failure.mjs";
import { askYesNo } from "./confirmation.mjs";
import { EXIT_FAILURE, EXIT_OK } from "./exit-codes.mjs";
import { documentText, reportDocument } from "./report-json.mjs";
import { outcomeText, planText } from "./report-text.mjs";

/** Apply stopped before writing anything; the message says why. */
export class NothingWrittenError extends Error {
  name = "NothingWrittenError";
}

/** `terminal`: the streams a question would be asked on ({ stdin, stderr }, each maybe a TTY). */
export async function applyCommand({ file, json, yes, callOptions, output, terminal = process }) {
  const context = { command: "apply", json, output };
  let text;
  try {
    text = readAccessFile(file);
  } catch (error) {
    showFailure(context, error);
    return EXIT_FAILURE;
  }

  const plan = await runAccess(planAccess, text, { callOptions, output });
  if (!plan.report) {
    showFailure(context, plan.error);
    return EXIT_FAILURE;
  }
  if (!json) output.out(planText(plan.report));
  if (plan.error) {
    const { unreadable, checkpoints } = plan.report.totals;
    const incomplete = `${unreadable} of ${checkpoints} checkpoints could not be read, and apply writes only after a complete plan`;
    return stopBeforeWriting(context, plan.report, new NothingWrittenError(`nothing was written: ${incomplete}`));
  }
  if (plan.report.inSync) return stopBeforeWriting(context, plan.report);
  // With --json the plan is in the document, printed at the end: a person asked to confirm reads it on stderr.
  const showPlanBeforeAsking = () => json && output.err(planText(plan.report));
  const refusal = await confirmationRefusal({ yes, terminal, showPlanBeforeAsking });
  if (refusal) return stopBeforeWriting(context, plan.report, refusal);

  const applied = await runAccess(applyAccess, text, { callOptions, output });
  if (!applied.report) {
    showFailure(context, applied.error, { applied: true });
    return EXIT_FAILURE;
  }
  output.out(json ? documentText(reportDocument({ command: "apply", report: applied.report, applied: true, error: applied.error })) : outcomeText(applied.report));
  return applied.report.inSync && !applied.error ? EXIT_OK : EXIT_FAILURE;
}

/** Ends an apply that writes nothing: in sync already (exit 0), or refused (exit 1). */
function stopBeforeWriting({ json, output }, report, refusal) {
  if (json) output.out(documentText(reportDocument({ command: "apply", report, error: refusal })));
  if (!refusal) return EXIT_OK;
  output.err(`checkpoint-permissions apply: ${refusal.message}\n`);
  return EXIT_FAILURE;
}

/** Undefined when apply may write; otherwise why it must not. */
async function confirmationRefusal({ yes, terminal, showPlanBeforeAsking }) {
  if (yes) return undefined;
  if (!(terminal.stdin.isTTY && terminal.stderr.isTTY)) {
    return new NothingWrittenError("nothing was written: there is no terminal to confirm on, so pass --yes to apply these changes");
  }
  showPlanBeforeAsking();
  const confirmed = await askYesNo("Apply these changes?", { input: terminal.stdin, output: terminal.stderr });
  return confirmed ? undefined : new NothingWrittenError("nothing was written: the changes were not confirmed");
}
