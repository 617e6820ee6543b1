// The /access entry's declarations, as a CI script would use them.
import {
  applyAccess, exportAccess, planAccess, PartialFailureError, InvalidInputError, StalePlanError, AuthenticationError,
  type AccessFile, type AccessPartialFailure, type AccessReport, type AccessStopped, type CheckpointAccessReport,
} from "../../pkg/access/index.js";

export async function enforce(text: string, apply: boolean): Promise<number> {
  const progress = (report: CheckpointAccessReport) => console.error(report.checkpoint, report.grant.length, report.revoke.length, report.error?.message);
  try {
    const report: AccessReport = apply
      ? await applyAccess(text, { checkpointConcurrency: 8, concurrency: 2, onCheckpoint: progress, maxRetries: 1 })
      : await planAccess(JSON.parse(text) as AccessFile, { apiKey: "sk-fake-admin" });
    return report.inSync ? 0 : report.totals.grant + report.totals.revoke > 0 ? 2 : 1;
  } catch (error) {
    if (error instanceof InvalidInputError) console.error(error.field);
    if (error instanceof AuthenticationError) console.error((error as AccessStopped).result.totals.notAttempted);
    if (error instanceof StalePlanError) console.error(error.changes.length, error.plan);
    if (error instanceof PartialFailureError) {
      const report = (error as AccessPartialFailure).result;
      for (const checkpoint of report.checkpoints) for (const failure of checkpoint.failed) console.error(failure.projectId, failure.error.message);
    }
    return 1;
  }
}

export async function applySaved(plan: AccessReport): Promise<boolean> {
  const report = await applyAccess(null, { plan, checkpointConcurrency: 2 });
  return report.checkpoints.every((checkpoint) => !checkpoint.notAttempted);
}

export async function snapshot(checkpoints: string[]): Promise<string> {
  const file: AccessFile = await exportAccess(checkpoints, { checkpointConcurrency: 2 });
  return JSON.stringify(file, null, 2);
}

// @ts-expect-error: the file is text or an object, never a number
planAccess(3);
// @ts-expect-error: onCheckpoint is a function
applyAccess("{}", { onCheckpoint: "log" });
