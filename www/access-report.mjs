// How the console words an access report (what planAccess and applyAccess of the package's
// /access entry resolve with, or carry in a PartialFailureError's `result`). No DOM, so it is
// testable without a browser (tests/js/access-report.test.mjs). The access panel builds the
// elements, and errors-view.mjs words each error, because it redacts a key typed in the page.

import { projectInfo } from "./project-names.mjs";
import { plural } from "./words.mjs";

/**
 * One checkpoint of a report, as the panel lists it.
 * `state` colours it: "failed" (unreadable, a refused project, or a write failed), "changes" or
 * "same". `changes` are the plan's lines before an apply, and what was done after one; only a
 * revoke names its permission, the one thing a grant does not have before it happens. Each
 * change's `project` is { id, name, status }, from the console's `directory` or the entry's own
 * `projects`. `refused` are the desired projects that cannot be given access (the package's
 * problems, worded by it): nothing is written to a checkpoint that has any.
 */
export function checkpointView(entry, { applied, directory = null }) {
  const nobody = entry.desired.length === 0;
  const refused = entry.refused ?? [];
  if (entry.notAttempted) {
    return {
      checkpoint: entry.checkpoint,
      state: "failed",
      counts: "not attempted",
      nobody,
      unreadable: null,
      skipped: "The key was refused before this checkpoint was reached: nothing was read or written.",
      refused: [],
      changes: [],
      failed: [],
    };
  }
  if (entry.error) {
    return {
      checkpoint: entry.checkpoint,
      state: "failed",
      counts: "could not be read",
      nobody,
      unreadable: { text: `Its permissions could not be read, so nothing ${applied ? "was written to it" : "is planned for it"}:`, error: entry.error },
      skipped: null,
      refused: [],
      changes: [],
      failed: [],
    };
  }
  const names = { directory, named: entry.projects ?? null };
  const change = (kind, projectId, label, permissionId) => (
    { kind, sign: kind === "grant" ? "+" : "-", projectId, project: projectInfo(projectId, names), label, permissionId });
  const changes = applied
    ? [
      ...entry.created.map((permission) => change("grant", permission.project_id, "granted", null)),
      ...entry.revoked.map((permission) => change("revoke", permission.project_id, "revoked", permission.id)),
    ]
    : [
      ...entry.grant.map((projectId) => change("grant", projectId, "grant", null)),
      ...entry.revoke.map((permission) => change("revoke", permission.project_id, "revoke", permission.id)),
    ];
  const counts = applied
    ? `${entry.created.length} granted, ${entry.revoked.length} revoked, ${entry.failed.length} failed, ${entry.keep.length} kept`
    : `${entry.grant.length} to grant, ${entry.revoke.length} to revoke, ${entry.keep.length} kept${refused.length > 0 ? `, ${refused.length} refused` : ""}`;
  const state = entry.failed.length > 0 || refused.length > 0 ? "failed" : changes.length > 0 ? "changes" : "same";
  return { checkpoint: entry.checkpoint, state, counts, nobody, unreadable: null, skipped: null, refused, changes, failed: entry.failed };
}

/** The panel's status line once a plan or an apply has a report. */
export function reportStatus(report, { applied }) {
  const { checkpoints, grant, revoke, created, revoked, failed, unreadable, notAttempted = 0, refused = 0 } = report.totals;
  if (!applied) {
    if (unreadable > 0) return `Plan incomplete: ${unreadable} of ${plural(checkpoints, "checkpoint")} could not be read. Plan again in a moment.`;
    // A refused key stops the run: nothing was read, so nothing is known to be in sync.
    if (notAttempted > 0) return `Plan incomplete: ${notAttempted} of ${plural(checkpoints, "checkpoint")} not read, the key was refused. Fix the connection, then plan again.`;
    if (refused > 0) {
      return `Plan refused: ${refused} of ${plural(checkpoints, "checkpoint")} ${refused === 1 ? "wants" : "want"} a project that cannot be given access (below). Fix the file, then plan again.`;
    }
    if (grant + revoke === 0) return `In sync: ${plural(checkpoints, "checkpoint")}, all as the file says. Nothing to apply.`;
    return `Plan ready: ${plural(grant + revoke, "change")} in ${plural(checkpoints, "checkpoint")}. Review it, then apply.`;
  }
  const done = `${plural(created, "grant")}, ${plural(revoked, "revoke")}`;
  if (report.inSync) return `Applied: ${done}. The permissions now match the file.`;
  const left = [
    failed > 0 && `${failed} failed`,
    unreadable > 0 && `${plural(unreadable, "checkpoint")} unreadable`,
    notAttempted > 0 && `${plural(notAttempted, "checkpoint")} not attempted`,
    refused > 0 && `${plural(refused, "checkpoint")} refused`,
  ].filter(Boolean);
  return `Partly applied: ${done}; ${left.join(", ")}. Apply again to finish.`;
}

/** The title and sentence of the alert for a PartialFailureError that carries this report. */
export function partialFailureSummary(report) {
  const { created, revoked, failed, unreadable, refused = 0 } = report.totals;
  const problems = [
    failed > 0 && `${plural(failed, "change")} failed`,
    unreadable > 0 && `${plural(unreadable, "checkpoint")} could not be read`,
    refused > 0 && `${plural(refused, "checkpoint")} ${refused === 1 ? "wants" : "want"} a project that cannot be given access`,
  ].filter(Boolean);
  const done = created + revoked;
  return {
    title: failed > 0 ? "Some changes failed" : unreadable > 0 ? "Some checkpoints could not be read" : "Some projects cannot be given access",
    text: `${problems.join(" and ")}${done > 0 ? `; ${done} succeeded and stay done` : ""}.`,
  };
}

/** Whether a PartialFailureError's `result` is an access report (not a grant, revoke or sync result). */
export function isAccessReport(result) {
  return Array.isArray(result?.checkpoints) && typeof result?.totals === "object" && result.totals !== null;
}

/** The checkpoints whose permissions an apply changed, so views of them can be reloaded. */
export function changedCheckpoints(report) {
  return new Set(report.checkpoints
    .filter((entry) => entry.created.length + entry.revoked.length > 0)
    .map((entry) => entry.checkpoint));
}

/** How many checkpoints of a plan refuse a project: such a plan is not applied. */
export const refusedCheckpoints = (report) => report.totals.refused ?? report.checkpoints.filter((entry) => (entry.refused ?? []).length > 0).length;

/** How many writes a plan would make. */
export function plannedChanges(report) {
  return report.totals.grant + report.totals.revoke;
}
