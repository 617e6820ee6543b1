// The writes that failed, as every panel lists them (revoke, grant, sync, access file), and
// whether a fresh plan may be applied as "Retry the failed ones" without a new confirmation.
// No DOM, so Node tests it (tests/js/failures.test.mjs).

import { isAccessReport } from "./access-report.mjs";
import { plural } from "./words.mjs";

/** A write: { checkpoint, action: "grant" | "revoke", projectId, permissionId (revokes) }. */
const write = (checkpoint, action, projectId, permissionId = null) => ({ checkpoint, action, projectId, permissionId });

/** The writes of a sync plan (a dry-run result), or of one checkpoint of an access plan. */
export function planWrites(plan) {
  return [
    ...plan.grant.map((projectId) => write(plan.checkpoint, "grant", projectId)),
    ...plan.revoke.map((permission) => write(plan.checkpoint, "revoke", permission.project_id, permission.id)),
  ];
}

/** The writes of an access plan, checkpoint after checkpoint. */
export function accessPlanWrites(report) {
  return report.checkpoints.flatMap((entry) => (entry.error || entry.notAttempted ? [] : planWrites(entry)));
}

/**
 * The writes that failed, each with its error. A PartialFailureError names its failures (in
 * `result.failed`, or per checkpoint in an access report); any other error stopped the call before
 * it wrote, so every write it was asked for (`intended`) failed with that error.
 */
export function failedWrites(error, intended, { checkpoint = null } = {}) {
  const result = error?.result;
  if (isAccessReport(result)) {
    // Per checkpoint: the writes it lists as failed, and every planned write of one that was
    // not read or not reached (none of those was made).
    return result.checkpoints.flatMap((entry) => {
      const listed = entry.failed.map((failure) => fromFailure(failure, entry.checkpoint));
      if (!entry.error && !entry.notAttempted) return listed;
      const missed = intended.filter((one) => one.checkpoint === entry.checkpoint).map((one) => ({ ...one, error: entry.error ?? error }));
      return [...listed, ...missed];
    });
  }
  if (error?.name === "PartialFailureError" && Array.isArray(result?.failed)) {
    return result.failed.map((failure) => fromFailure(failure, checkpoint));
  }
  return intended.map((one) => ({ ...one, error }));
}

function fromFailure(failure, checkpoint) {
  return { ...write(failure.checkpoint ?? checkpoint, failure.action, failure.projectId, failure.permissionId ?? null), error: failure.error };
}

/** How many writes a failed call still made: they stay done. */
export function writesDone(error) {
  const result = error?.result;
  if (isAccessReport(result)) return result.totals.created + result.totals.revoked;
  return (result?.created?.length ?? 0) + (result?.revoked?.length ?? 0);
}

/** The sentence over a failure list. */
export function failureSummary(failed, done = 0) {
  if (failed.length === 0) return done > 0 ? `Every change succeeded (${done}).` : "Nothing failed.";
  return done > 0
    ? `${plural(failed.length, "change")} failed; ${done} succeeded and ${done === 1 ? "stays" : "stay"} done.`
    : `${plural(failed.length, "change")} failed; nothing was written.`;
}

/**
 * Whether every write of a fresh plan is one that failed (grants by project, revokes by
 * permission): applying it then writes only what the admin confirmed and saw fail, so "Retry the
 * failed ones" may apply it at once. Anything else must be confirmed again.
 */
export function writesWithin(writes, failed) {
  const key = (one) => `${one.action} ${one.checkpoint ?? ""} ${one.action === "revoke" ? one.permissionId : one.projectId}`;
  const allowed = new Set(failed.map(key));
  return writes.every((one) => allowed.has(key(one)));
}
