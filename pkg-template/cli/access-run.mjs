// One run of the engine over an access file, as plan and apply both need it: with progress on a
// terminal, and with a failure turned back into the report it carries.
import { PartialFailureError } from "../access/node.js";
import { checkpointCount } from "./access-file.mjs";
import { silentProgress, terminalProgress } from "./progress.mjs";

/**
 * Runs `engineCall` (planAccess or applyAccess) on the file's text.
 * Resolves { report, error, stopped }: a report when the engine made one (even with failures
 * inside), an error when anything failed, and `stopped` when that error ended the run early (an
 * authentication failure: the report marks the checkpoints not attempted). Never rejects.
 */
export async function runAccess(engineCall, text, { callOptions, output }) {
  const progress = output.errIsTerminal ? terminalProgress(output.err, checkpointCount(text)) : silentProgress;
  try {
    const report = await engineCall(text, { ...callOptions, onCheckpoint: progress.onCheckpoint });
    return { report, error: undefined, stopped: false };
  } catch (error) {
    const report = error?.result?.checkpoints ? error.result : undefined;
    return { report, error, stopped: report !== undefined && !(error instanceof PartialFailureError) };
  } finally {
    progress.finish();
  }
}
