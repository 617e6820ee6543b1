// Enforces "access as code" on a schedule: a Cron Trigger reads the desired access file (who may
// use which fine-tuned checkpoint) from KV, plans it against OpenAI and, unless DRY_RUN=true,
// applies the plan, so access changed by hand is put back on the next run.
//
// Bindings: ACCESS (KV; the file is the text value of the key "access.json"), OPENAI_ADMIN_KEY
// (secret). Optional vars: OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, DRY_RUN.
import { PartialFailureError, applyAccess, planAccess } from "checkpoint-permissions/access";

import { driftAuthors } from "./drift-authors.js";
import { startRunLog } from "./run-log.js";

const ACCESS_FILE_KEY = "access.json";
// Per attempt. The package's default (10 minutes) would let one hung request use up most of a
// Cron run's wall time, and a run stopped by the platform logs no summary.
const REQUEST_TIMEOUT_MS = 30_000;

/** A setting the Worker cannot run without; it names the binding to fix. */
class ConfigurationError extends Error {
  name = "ConfigurationError";
}

export default {
  async scheduled(controller, env) {
    await enforceAccess(env, controller);
  },
};

/**
 * One run. Resolves when the state matched or now matches the file (or, in a dry run, when the
 * plan could be made); otherwise throws after logging, so the Cron event shows as failed.
 */
async function enforceAccess(env, { cron, scheduledTime }) {
  const log = startRunLog({ cron, scheduledTime, secrets: [env.OPENAI_ADMIN_KEY] });
  let report;
  let stoppedBy;
  let options;
  try {
    let dryRun;
    ({ dryRun, options } = readSettings(env));
    log.setDryRun(dryRun);
    const desired = await readAccessFile(env);
    const enforce = dryRun ? planAccess : applyAccess;
    report = await enforce(desired, { ...options, onCheckpoint: log.checkpoint });
  } catch (error) {
    // A partial failure, or an authentication failure that stopped the run, still carries every
    // checkpoint's outcome: log them all, then fail.
    if (!error?.result?.checkpoints) {
      log.runFailed(error);
      throw error;
    }
    report = error.result;
    if (!(error instanceof PartialFailureError)) stoppedBy = error;
  }
  const { failed, unreadable, notAttempted } = log.finish(report, stoppedBy);
  // Who made the drift this run puts back: read only once the run is over and summed up, so a
  // slow or unreadable audit log never delays or fails the enforcement or its summary.
  if (!stoppedBy) log.drift(await driftAuthors(report, options));
  if (failed > 0 || unreadable > 0 || notAttempted > 0) {
    throw new Error(
      `Access not enforced: ${unreadable} checkpoint(s) unreadable, ${notAttempted} not attempted, ${failed} write(s) failed. See the log lines of this run.`,
    );
  }
}

function readSettings(env) {
  if (!env.OPENAI_ADMIN_KEY) throw new ConfigurationError("OPENAI_ADMIN_KEY is not set (wrangler secret put OPENAI_ADMIN_KEY).");
  if (!env.ACCESS) throw new ConfigurationError("The KV binding ACCESS is missing (see wrangler.toml).");
  const options = { apiKey: env.OPENAI_ADMIN_KEY, timeout: REQUEST_TIMEOUT_MS };
  if (env.OPENAI_BASE_URL) options.baseURL = env.OPENAI_BASE_URL;
  if (env.OPENAI_ORG_ID) options.organization = env.OPENAI_ORG_ID;
  if (env.OPENAI_PROJECT_ID) options.project = env.OPENAI_PROJECT_ID;
  return { dryRun: parseDryRun(env.DRY_RUN), options };
}

// Strict on purpose: a typo such as DRY_RUN = "ture" must not silently turn a report into writes.
function parseDryRun(value) {
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new ConfigurationError(`DRY_RUN must be "true" or "false", not ${JSON.stringify(String(value))}.`);
}

// As text, not get(…, "json"): the package detects a checkpoint listed twice only in the text,
// since JSON.parse silently keeps the last of two equal keys.
async function readAccessFile(env) {
  const text = await env.ACCESS.get(ACCESS_FILE_KEY, "text");
  if (text === null) {
    throw new ConfigurationError(`The KV namespace bound as ACCESS has no key "${ACCESS_FILE_KEY}" (wrangler kv key put --binding ACCESS ${ACCESS_FILE_KEY} --path access.json --remote).`);
  }
  return text;
}
