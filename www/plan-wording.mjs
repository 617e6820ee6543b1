// How the console words plans, stale plans and retries: the sync panel's plan, the confirmation
// of a grant, what changed behind a reviewed plan's back, and a retry as it happens. No DOM, so
// Node tests it (tests/js/plan-wording.test.mjs). An access report's wording is access-report.mjs.

import { plural, seconds } from "./words.mjs";

/** Said when a write is asked for before the checkpoint above is settled: the panels send nothing. */
export const NO_CHECKPOINT_YET = "Nothing was sent: enter a valid checkpoint above and let its list load.";

/** Said when a reviewed plan's confirmation is cancelled. */
export const NOT_APPLIED = "Not applied: nothing was written.";

/** The groups of a sync plan, or of what applying it did, as the panel shows them. */
export function syncPlanGroups(plan, { applied }) {
  const projects = (permissions) => permissions.map((permission) => permission.project_id);
  return applied
    ? [
      { label: "Granted", kind: "grant", ids: projects(plan.created) },
      { label: "Revoked", kind: "revoke", ids: projects(plan.revoked) },
      { label: "Kept", kind: "keep", ids: projects(plan.keep ?? []) },
    ]
    : [
      { label: "Will be granted", kind: "grant", ids: [...plan.grant] },
      { label: "Will be revoked", kind: "revoke", ids: projects(plan.revoke) },
      { label: "Keep access", kind: "keep", ids: projects(plan.keep) },
    ];
}

/** How many writes a sync plan makes. */
export const plannedWrites = (plan) => plan.grant.length + plan.revoke.length;

/** The sync panel's status line once a plan is shown. */
export function syncPlanStatus(plan) {
  const refused = plan.refused?.length ?? 0;
  if (refused > 0) {
    return `The plan cannot be applied: ${plural(refused, "project")} in the list cannot be given access (see the plan). Fix the list, then preview again.`;
  }
  const writes = plannedWrites(plan);
  return writes === 0
    ? "Already in sync: nothing to apply."
    : `Plan ready: ${plural(writes, "change")} (${plan.grant.length} to grant, ${plan.revoke.length} to revoke). Review it, then apply.`;
}

/** The sync panel's status line after a plan was applied in full. */
export const syncAppliedStatus = (result) => `Applied: ${plural(result.created.length, "grant")}, ${plural(result.revoked.length, "revoke")}.`;

/**
 * What changed since a plan was reviewed (a StalePlanError's `changes`), one line per permission:
 * "+" a permission there now that the plan did not see, "-" one it saw that is gone.
 */
export function staleLines(changes) {
  return changes.map((change) => ({
    checkpoint: change.checkpoint,
    lines: [
      ...change.added.map((permission) => ({ kind: "grant", sign: "+", projectId: permission.project_id, permissionId: permission.id, label: "granted since you reviewed" })),
      ...change.removed.map((permission) => ({ kind: "revoke", sign: "-", projectId: permission.project_id, permissionId: permission.id, label: "revoked since you reviewed" })),
    ],
  }));
}

/** The sentence over those lines. */
export function staleSummary(changes) {
  const added = changes.reduce((sum, change) => sum + change.added.length, 0);
  const removed = changes.reduce((sum, change) => sum + change.removed.length, 0);
  const where = changes.length === 1 ? "" : ` on ${plural(changes.length, "checkpoint")}`;
  return `The permissions changed since you reviewed${where} (${added} granted, ${removed} revoked since), so nothing was written. Review the new plan.`;
}

/** A retry as it happens (the package's onRetry notice): "HTTP 503: retrying, attempt 2 of 3 in 0.5 s." */
export function retryNotice({ attempt, maxAttempts, delayMs, status }) {
  const what = typeof status === "number" ? `HTTP ${status}` : "No answer";
  return `${what}: retrying, attempt ${attempt} of ${maxAttempts} in ${seconds(delayMs)}.`;
}

