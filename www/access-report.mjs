// How the console words an access report (what planAccess and applyAccess of the package's
// /access entry resolve with, or carry in a PartialFailureError's `result`). No DOM, so it is
// testable without a browser (tests/js/access-report.test.mjs). The access panel builds the
// elements, and errors-view.mjs words each error, because it redacts a key typed in the page.

const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/**
 * One checkpoint of a report, as the panel lists it.
 * `state` colours it: "failed" (unreadable, or a write failed), "changes" or "same".
 * `changes` are the plan's lines before an apply, and what was done after one; only a revoke
 * names its permission, the one thing a grant does not have before it happens.
 */
export function checkpointView(entry, { applied }) {
  const nobody = entry.desired.length === 0;
  if (entry.notAttempted) {
    return {
      checkpoint: entry.checkpoint,
      state: "failed",
      counts: "not attempted",
      nobody,
      unreadable: null,
      skipped: "The key was refused before this checkpoint was reached: nothing was read or written.",
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
      changes: [],
      failed: [],
    };
  }
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
    : `${entry.grant.length} to grant, ${entry.revoke.length} to revoke, ${entry.keep.length} kept`;
  const state = entry.failed.length > 0 ? "failed" : changes.length > 0 ? "changes" : "same";
  return { checkpoint: entry.checkpoint, state, counts, nobody, unreadable: null, skipped: null, changes, failed: entry.failed };
}

function change(kind, projectId, label, permissionId) {
  return { kind, sign: kind === "grant" ? "+" : "-", projectId, label, permissionId };
}

/** The panel's status line once a plan or an apply has a report. */
export function reportStatus(report, { applied }) {
  const { checkpoints, grant, revoke, created, revoked, failed, unreadable, notAttempted = 0 } = report.totals;
  if (!applied) {
    if (unreadable > 0) return `Plan incomplete: ${unreadable} of ${plural(checkpoints, "checkpoint")} could not be read. Plan again in a moment.`;
    if (grant + revoke === 0) return `In sync: ${plural(checkpoints, "checkpoint")}, all as the file says. Nothing to apply.`;
    return `Plan ready: ${plural(grant + revoke, "change")} in ${plural(checkpoints, "checkpoint")}. Review it, then apply.`;
  }
  const done = `${plural(created, "grant")}, ${plural(revoked, "revoke")}`;
  if (report.inSync) return `Applied: ${done}. The permissions now match the file.`;
  const left = [
    failed > 0 && `${failed} failed`,
    unreadable > 0 && `${plural(unreadable, "checkpoint")} unreadable`,
    notAttempted > 0 && `${plural(notAttempted, "checkpoint")} not attempted`,
  ].filter(Boolean);
  return `Partly applied: ${done}; ${left.join(", ")}. Apply again to finish.`;
}

/** The title and sentence of the alert for a PartialFailureError that carries this report. */
export function partialFailureSummary(report) {
  const { created, revoked, failed, unreadable } = report.totals;
  const problems = [
    failed > 0 && `${plural(failed, "change")} failed`,
    unreadable > 0 && `${plural(unreadable, "checkpoint")} could not be read`,
  ].filter(Boolean);
  const done = created + revoked;
  return {
    title: failed > 0 ? "Some changes failed" : "Some checkpoints could not be read",
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

/** How many writes a plan would make. */
export function plannedChanges(report) {
  return report.totals.grant + report.totals.revoke;
}
