// An access report as a person reads it: the plan before writing, and the outcome after. Each
// ends with one summary line chosen by the run's status, the word --json reports. Projects are
// named as the report names them (project-names.mjs).

import { errorSummary } from "./error-fields.mjs";
import { printable } from "./printable.mjs";
import { labelFrom } from "./project-names.mjs";
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
    const project = labelFrom(checkpoint.projects);
    lines.push(`${checkpoint.checkpoint} (${checkpoint.grant.length} to grant, ${checkpoint.revoke.length} to revoke, ${checkpoint.keep.length} kept)`);
    if (checkpoint.desired.length === 0) lines.push("  ! nobody may use this checkpoint: the file lists no project");
    lines.push(...refusalLines(checkpoint, "nothing will be written to this checkpoint until the file is fixed"));
    for (const projectId of checkpoint.grant) lines.push(`  + ${project(projectId)} grant`);
    for (const permission of checkpoint.revoke) lines.push(`  - ${project(permission.project_id)} revoke (${permission.id})`);
  }
  lines.push("", planSummary(status, report));
  return `${lines.join("\n")}\n`;
}

/** The projects of a checkpoint that cannot be given access, each in the package's words (with its "did you mean"). */
function refusalLines(checkpoint, consequence) {
  const refused = checkpoint.refused ?? [];
  if (refused.length === 0) return [];
  return [...refused.map((problem) => `  ! refused: ${printable(problem.message)}`), `  ! ${consequence}`];
}

function planSummary(status, { totals, checkpoints: reports }) {
  const { checkpoints, grant, revoke, keep, unreadable, refused = 0 } = totals;
  if (status === IN_SYNC) return `No changes: ${plural(checkpoints, "checkpoint")}, all as the file says (${keep} kept).`;
  if (status === CHANGES) return `Plan: ${grant} to grant, ${revoke} to revoke, ${keep} kept, in ${plural(checkpoints, "checkpoint")}.`;
  // A plan fails with a report only when checkpoints could not be read or want a project that
  // cannot be given access.
  const why = [];
  if (unreadable > 0) why.push(`${unreadable} of ${plural(checkpoints, "checkpoint")} could not be read`);
  if (refused > 0) why.push(`${refused} of ${plural(checkpoints, "checkpoint")} want a project that cannot be given access`);
  const incomplete = `Plan incomplete: ${why.join(", and ")}.`;
  const others = reports.filter((report) => !report.error && !(report.refused?.length > 0));
  if (others.length === 0) return incomplete;
  const count = (pick) => others.reduce((sum, report) => sum + pick(report).length, 0);
  return `${incomplete} The others: ${count((r) => r.grant)} to grant, ${count((r) => r.revoke)} to revoke, ${count((r) => r.keep)} kept.`;
}

/** The checkpoints where something was written, failed, refused or could not be read, then a summary line. `status`: the apply's. */
export function outcomeText(report, status) {
  const lines = [];
  for (const checkpoint of report.checkpoints) {
    if (checkpoint.error) {
      lines.push(`${checkpoint.checkpoint}`, `  ! could not read its permissions, so nothing was written to it: ${errorSummary(checkpoint.error)}`);
      continue;
    }
    const { created, revoked, failed } = checkpoint;
    const refusals = refusalLines(checkpoint, "nothing was written to this checkpoint: fix the file and apply again");
    if (created.length + revoked.length + failed.length + refusals.length === 0) continue;
    const project = labelFrom(checkpoint.projects);
    lines.push(`${checkpoint.checkpoint} (${created.length} granted, ${revoked.length} revoked, ${failed.length} failed)`);
    lines.push(...refusals);
    for (const permission of created) lines.push(`  + ${project(permission.project_id)} granted`);
    for (const permission of revoked) lines.push(`  - ${project(permission.project_id)} revoked (${permission.id})`);
    for (const failure of failed) {
      const which = failure.permissionId ? ` (${failure.permissionId})` : "";
      lines.push(`  x ${project(failure.projectId)} ${failure.action} failed${which}: ${errorSummary(failure.error)}`);
    }
  }
  if (lines.length > 0) lines.push("");
  lines.push(outcomeSummary(status, report.totals));
  return `${lines.join("\n")}\n`;
}

function outcomeSummary(status, { created, revoked, failed, unreadable, refused = 0 }) {
  const done = `${created} granted, ${revoked} revoked`;
  // Running apply again cannot get past a refusal: the file has to change first.
  const notDone = refused > 0
    ? `${failed} failed, ${unreadable} unreadable, ${plural(refused, "checkpoint")} refused. The permissions do not match the file yet: fix the refused projects in the file, then run apply again.`
    : `${failed} failed, ${unreadable} unreadable. The permissions do not match the file yet: run apply again.`;
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
