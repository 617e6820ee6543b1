// `apply ACCESS_FILE`: the plan first, then exactly its writes, only once they are confirmed.
import { applyAccess, planAccess } from "../access/node.js";
import { readAccessFile } from "./access-file.mjs";
import { runAccess } from "./access-run.mjs";
import { showFailure } from "./command-failure.mjs";
import { askYesNo } from "./confirmation.mjs";
import { documentText, reportDocument } from "./report-json.mjs";
import { outcomeText, planText } from "./report-text.mjs";
import { IN_SYNC, exitCodeOf, runStatus } from "./run-status.mjs";
import { runWarnings } from "./run-warnings.mjs";
import { readSavedPlan } from "./saved-plan.mjs";

/** Apply stopped before writing anything; the message says why. */
export class NothingWrittenError extends Error {
  name = "NothingWrittenError";
}

/**
 * `terminal`: the streams a question would be asked on ({ stdin, stderr }, each maybe a TTY).
 * `plan`: a plan saved by `plan --out`, to write exactly (then `file` is optional).
 */
export async function applyCommand({ file, plan: planPath, json, yes, callOptions, output, terminal = process }) {
  const context = { command: "apply", json, output, warnings: runWarnings({ command: "apply", json, output }) };
  if (planPath !== undefined) return applySavedPlan({ context: { ...context, savedPlan: true }, file, planPath, yes, callOptions, terminal });
  let text;
  try {
    text = readAccessFile(file);
  } catch (error) {
    return showFailure(context, error);
  }

  const plan = await runAccess(planAccess, text, { callOptions, output });
  context.warnings.add(plan.report?.warnings);
  if (!plan.report || plan.stopped) return showFailure(context, plan.error, { report: plan.report });
  const planStatus = runStatus({ command: "plan", report: plan.report, error: plan.error });
  if (!json) output.out(planText(plan.report, planStatus));
  if (plan.error) {
    return stopBeforeWriting(context, plan.report, new NothingWrittenError(`nothing was written: ${incompleteness(plan.report.totals)}`));
  }
  if (planStatus === IN_SYNC) return stopBeforeWriting(context, plan.report);
  // With --json the plan is in the document, printed at the end: a person asked to confirm reads it on stderr.
  const showPlanBeforeAsking = () => json && output.err(planText(plan.report, planStatus));
  const refusal = await confirmationRefusal({ yes, terminal, showPlanBeforeAsking });
  if (refusal) return stopBeforeWriting(context, plan.report, refusal);

  // Exactly the plan shown and confirmed. If a permission changed meanwhile, nothing is written:
  // when the fresh plan has nothing left to do (someone else made these changes) that is in sync;
  // otherwise the changes are said, for a new plan to be reviewed.
  const applied = await runAccess((_, options) => applyAccess(text, { ...options, plan: plan.report }), text, { callOptions, output });
  const fresh = applied.error?.name === "StalePlanError" ? applied.error.plan : undefined;
  if (fresh?.inSync) return showOutcome(context, { report: fresh, error: undefined, stopped: false });
  return showOutcome(context, applied);
}

/** Why a plan that made a report is not one apply may write from, in the words of its totals. */
function incompleteness({ checkpoints, unreadable, refused = 0 }) {
  const why = [];
  if (unreadable > 0) why.push(`${unreadable} of ${checkpoints} checkpoints could not be read`);
  if (refused > 0) why.push(`${refused} of ${checkpoints} checkpoints want a project that cannot be given access (the plan lists why)`);
  return `${why.length > 0 ? why.join(", and ") : "the plan is incomplete"}, and apply writes only after a complete plan`;
}

/** The writes' outcome, `applied` being what runAccess made of applyAccess. Returns the exit code. */
function showOutcome(context, applied) {
  const { json, output, warnings } = context;
  warnings.add(applied.report?.warnings);
  if (!applied.report || applied.stopped) return showFailure(context, applied.error, { report: applied.report, applied: true });
  const { report, error } = applied;
  const status = runStatus({ command: "apply", report, error });
  output.out(json ? documentText(reportDocument({ command: "apply", status, report, applied: true, error, warnings: warnings.list })) : outcomeText(report, status));
  return exitCodeOf(status);
}

/** `apply --plan`: shows the saved plan, asks, then writes exactly it, or nothing if it is stale. */
async function applySavedPlan({ context, file, planPath, yes, callOptions, terminal }) {
  const { json, output } = context;
  let saved;
  let text = null;
  try {
    saved = readSavedPlan(planPath);
    if (file !== undefined) text = readAccessFile(file);
  } catch (error) {
    return showFailure(context, error);
  }
  // The engine checks what the file holds; a document without checkpoints cannot even be shown.
  if (!Array.isArray(saved?.checkpoints) || typeof saved?.totals !== "object") {
    return showFailure(context, new NothingWrittenError(`nothing was written: ${planPath} is not a plan saved by plan --out`));
  }
  const planStatus = runStatus({ command: "plan", report: saved });
  if (!json) output.out(planText(saved, planStatus));
  if (planStatus !== IN_SYNC) {
    const showPlanBeforeAsking = () => json && output.err(planText(saved, planStatus));
    const refusal = await confirmationRefusal({ yes, terminal, showPlanBeforeAsking });
    if (refusal) return stopBeforeWriting(context, saved, refusal);
  }
  // A saved plan that is in sync still goes to the engine: it checks that nothing changed since.
  const applied = await runAccess((_, options) => applyAccess(text, { ...options, plan: saved }), text ?? "", { callOptions, output });
  return showOutcome(context, applied);
}

/** Ends an apply that writes nothing, given the plan's report: in sync already, or refused. */
function stopBeforeWriting({ json, output, warnings }, report, refusal) {
  const status = runStatus({ command: "apply", report, error: refusal });
  if (json) output.out(documentText(reportDocument({ command: "apply", status, report, error: refusal, warnings: warnings.list })));
  if (refusal) output.err(`checkpoint-permissions apply: ${refusal.message}\n`);
  return exitCodeOf(status);
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
