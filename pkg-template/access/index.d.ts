// The `/access` entry: every call of the main entry, plus access as code.
import type { AccessFile, AccessReport, AuthenticationError, BatchOptions, CheckpointAccessReport, PartialFailureError, PermissionDeniedError } from "../index.js";

export * from "../index.js";

/**
 * What `planAccess` and `applyAccess` reject with when a checkpoint could not be read or a write
 * failed: a `PartialFailureError` whose `result` is the report
 * (`if (error instanceof PartialFailureError) report = (error as AccessPartialFailure).result`).
 */
export type AccessPartialFailure = PartialFailureError & { readonly result: AccessReport };

/**
 * What `planAccess` and `applyAccess` reject with when the key was refused (401 or 403): every
 * later request would fail the same way, so the run stops at once. `result` is the report, the
 * checkpoints not reached marked `notAttempted`.
 */
export type AccessStopped = (AuthenticationError | PermissionDeniedError) & { readonly result: AccessReport };

export interface AccessOptions extends BatchOptions {
  /** Checkpoints planned or applied at once, 1–32 (default 4). */
  checkpointConcurrency?: number;
  /** Called as each checkpoint finishes, for progress; what it throws, or a promise it returns rejects with, is ignored. */
  onCheckpoint?: (report: CheckpointAccessReport) => void;
}

export interface ApplyAccessOptions extends AccessOptions {
  /**
   * A `planAccess` result (or its JSON read back): write exactly its grants and revokes. If any
   * checkpoint's permissions changed since, nothing is written and the call rejects with
   * `StalePlanError` (its `plan` is a fresh `AccessReport`). With a plan, `desired` may be `null`;
   * if given, it must be the file the plan was made from.
   */
  plan?: AccessReport;
}

/**
 * What `applyAccess` would do, writing nothing. `desired` is the file's JSON text (a checkpoint
 * listed twice is caught only in text) or the object parsed from it. A bad file rejects with
 * `InvalidInputError` naming the place; an unreadable checkpoint with `PartialFailureError`.
 */
export function planAccess(desired: AccessFile | string, options?: AccessOptions): Promise<AccessReport>;

/**
 * Makes every checkpoint's access exactly what the file says. Rejects with `PartialFailureError`
 * (its `result` is the report) when a checkpoint could not be read or a write failed; running it
 * again finishes the job.
 */
export function applyAccess(desired: AccessFile | string | null, options?: ApplyAccessOptions): Promise<AccessReport>;

/** Today's access to these checkpoints, as a file that `planAccess` reports as in sync. */
export function exportAccess(checkpoints: readonly string[], options?: Omit<AccessOptions, "onCheckpoint" | "concurrency">): Promise<AccessFile>;
