// One run of the engine over an access file, as plan and apply both need it: with progress on a
// terminal, and with a partial failure turned back into the report it carries.
import { PartialFailureError } from "../access/node.js";
import { checkpointCount } from "./access-file.mjs";
import { silentProgress, terminalProgress } from "./progress.mjs";

/**
 * Runs `engineCall` (planAccess or applyAccess) on the file's text.
 * Resolves { report, error }: a report when the engine made one (even with failures inside),
 * an error when anything failed. Never rejects.
 */
export async function runAccess(engineCall, text, { callOptions, output }) {
  const progress = output.errIsTerminal ? terminalProgress(output.err, checkpointCount(text)) : silentProgress;
  try {
    const report = await engineCall(text, { ...callOptions, onCheckpoint: progress.onCheckpoint });
    return { report, error: undefined };
  } catch (error) {
    return { report: error instanceof PartialFailureError ? error.result : undefined, error };
  } finally {
    progress.finish();
  }
}
