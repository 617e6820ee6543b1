// The enforcer's log: one JSON line per checkpoint and one summary line per run, written with
// console.log (console.error for failures) so Workers Logs indexes every field and can filter
// on the level. No line ever carries a secret.

/**
 * Starts the log of one run. `secrets` are blanked from every line as a last guard: the package
 * already redacts the key from its errors, but a line is built from messages the API wrote.
 * Its functions are plain closures, so `checkpoint` can be handed to the engine as onCheckpoint.
 */
export function startRunLog({ cron, scheduledTime, secrets = [], write = writeToConsole }) {
  const startedAt = Date.now();
  const scheduledAt = new Date(scheduledTime ?? startedAt).toISOString();
  const redact = redactor(secrets);
  const logged = new Set();
  let dryRun = null; // unknown until the settings are read

  // The event first and the run's identity next, so a line reads well unparsed too.
  const emit = (level, fields) => write(level, redact(JSON.stringify({ event: fields.event, cron, scheduledAt, dryRun, ...fields })));

  /** One checkpoint's outcome, as soon as the engine has finished it. */
  const checkpoint = (report) => {
    logged.add(report.checkpoint);
    const line = checkpointLine(report, dryRun);
    emit(line.outcome === "planned" || line.outcome === "applied" ? "log" : "error", line);
  };

  return {
    checkpoint,
    setDryRun(value) {
      dryRun = value;
    },
    /** One line per change the run puts back, naming who made it when the audit log tells. */
    drift({ changes, unknown }) {
      for (const change of changes) emit("log", { event: "access.drift", ...change });
      if (unknown) emit("log", { event: "access.drift", madeBy: null, note: `who made the drift is unknown: ${unknown}` });
    },
    /**
     * Logs any checkpoint not yet reported, then the summary; returns the failure counts.
     * `stoppedBy`: the error that ended the run early (a refused key), named in the summary.
     */
    finish(report, stoppedBy) {
      for (const entry of report.checkpoints) if (!logged.has(entry.checkpoint)) checkpoint(entry);
      const { failed, unreadable, notAttempted = 0 } = report.totals;
      const outcome = failed > 0 || unreadable > 0 || notAttempted > 0 ? "failed" : dryRun ? "planned" : "applied";
      emit(outcome === "failed" ? "error" : "log", {
        event: "access.run", outcome, inSync: report.inSync, totals: report.totals, durationMs: Date.now() - startedAt,
        ...(stoppedBy && { error: describeError(stoppedBy) }),
      });
      return { failed, unreadable, notAttempted };
    },
    /** The run stopped before any checkpoint could be reported: bad settings, a bad file. */
    runFailed(error) {
      emit("error", { event: "access.run", outcome: "failed", error: describeError(error), durationMs: Date.now() - startedAt });
    },
  };
}

function checkpointLine(report, dryRun) {
  const line = { event: "access.checkpoint", checkpoint: report.checkpoint };
  if (report.error) return { ...line, outcome: "unreadable", error: describeError(report.error) };
  // An authentication failure elsewhere stopped the run before this checkpoint was read.
  if (report.notAttempted) return { ...line, outcome: "not_attempted" };
  const failed = report.failed ?? [];
  Object.assign(line, {
    outcome: failed.length > 0 ? "failed" : dryRun ? "planned" : "applied",
    // An empty list revokes everyone: said outright rather than left to be read from `desired`.
    ...(report.desired.length === 0 && { nobody: true }),
    grant: report.grant,
    revoke: report.revoke.map((permission) => permission.project_id),
    keep: report.keep.length,
  });
  if (!dryRun) {
    line.granted = (report.created ?? []).map((permission) => permission.project_id);
    line.revoked = (report.revoked ?? []).map((permission) => permission.project_id);
  }
  if (failed.length > 0) {
    line.failed = failed.map(({ action, projectId, permissionId, error }) => ({ action, projectId, permissionId, ...describeError(error) }));
  }
  return line;
}

/** The fields worth a support ticket: status and request id; never the error's headers. */
function describeError(error) {
  return {
    name: error?.name,
    message: error?.message ?? String(error),
    status: error?.status,
    requestId: error?.requestID,
    field: error?.field,
  };
}

function redactor(secrets) {
  const present = secrets.filter((secret) => typeof secret === "string" && secret !== "");
  return (text) => present.reduce((redacted, secret) => redacted.split(secret).join("[redacted]"), text);
}

function writeToConsole(level, text) {
  if (level === "error") console.error(text);
  else console.log(text);
}
