// An access report as a person reads it: the plan before writing, and the outcome after. Each
// ends with one summary line chosen by the run's status, the word --json reports.

import { errorSummary } from "./error-fields.mjs";
import { APPLIED, CHANGES, IN_SYNC, PARTIAL } from "./run-status.mjs";

const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Every checkpoint with what would change, then one summary line. `status`: the plan's. */
export function planText(report, status) {
  const lines = [];
  for (const checkpoint of report.checkpoints) {
    if (checkpoint.error) {
      lines.push(`${checkpoint.checkpoint}`, `  ! could not read its permissions, so nothing is planned for it: ${errorSummary(checkpoint.error)}`);
      continue;
    }
    lines.push(`${checkpoint.checkpoint} (${checkpoint.grant.length} to grant, ${checkpoint.revoke.length} to revoke, ${checkpoint.keep.length} kept)`);
    if (checkpoint.desired.length === 0) lines.push("  ! nobody may use this checkpoint: the file lists no project");
    for (const projectId of checkpoint.grant) lines.push(`  + ${projectId} grant`);
    for (const permission of checkpoint.revoke) lines.push(`  - ${permission.project_id} revoke (${permission.id})`);
  }
  lines.push("", planSummary(status, report.totals));
  return `${lines.join("\n")}\n`;
}

function planSummary(status, { checkpoints, grant, revoke, keep, unreadable }) {
  const changes = `${grant} to grant, ${revoke} to revoke, ${keep} kept`;
  if (status === IN_SYNC) return `No changes: ${plural(checkpoints, "checkpoint")}, all as the file says (${keep} kept).`;
  if (status === CHANGES) return `Plan: ${changes}, in ${plural(checkpoints, "checkpoint")}.`;
  // A plan fails with a report only when checkpoints could not be read.
  const incomplete = `Plan incomplete: ${unreadable} of ${plural(checkpoints, "checkpoint")} could not be read.`;
  return unreadable === checkpoints ? incomplete : `${incomplete} The others: ${changes}.`;
}

/** The checkpoints where something was written, failed or could not be read, then a summary line. `status`: the apply's. */
export function outcomeText(report, status) {
  const lines = [];
  for (const checkpoint of report.checkpoints) {
    if (checkpoint.error) {
      lines.push(`${checkpoint.checkpoint}`, `  ! could not read its permissions, so nothing was written to it: ${errorSummary(checkpoint.error)}`);
      continue;
    }
    const { created, revoked, failed } = checkpoint;
    if (created.length + revoked.length + failed.length === 0) continue;
    lines.push(`${checkpoint.checkpoint} (${created.length} granted, ${revoked.length} revoked, ${failed.length} failed)`);
    for (const permission of created) lines.push(`  + ${permission.project_id} granted`);
    for (const permission of revoked) lines.push(`  - ${permission.project_id} revoked (${permission.id})`);
    for (const failure of failed) {
      const which = failure.permissionId ? ` (${failure.permissionId})` : "";
      lines.push(`  x ${failure.projectId} ${failure.action} failed${which}: ${errorSummary(failure.error)}`);
    }
  }
  if (lines.length > 0) lines.push("");
  lines.push(outcomeSummary(status, report.totals));
  return `${lines.join("\n")}\n`;
}

function outcomeSummary(status, { created, revoked, failed, unreadable }) {
  const done = `${created} granted, ${revoked} revoked`;
  const notDone = `${failed} failed, ${unreadable} unreadable. The permissions do not match the file yet: run apply again.`;
  switch (status) {
    case APPLIED:
      return `Applied: ${done}. The permissions now match the file.`;
    // Someone else made the changes between the plan and the writes.
    case IN_SYNC:
      return "No changes: the permissions already match the file, and nothing was written.";
    case PARTIAL:
      return `Partly applied: ${done}; ${notDone}`;
    default:
      return `Nothing applied: no write succeeded; ${notDone}`;
  }
}
