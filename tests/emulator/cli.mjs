#!/usr/bin/env node
// Runs the emulator as a process for the demo and for other runtimes' tests:
//   node tests/emulator/cli.mjs [--port N] [--seed-demo] [--no-audit-logging] [--key KEY ...]
// Prints exactly one line once it listens, "OPENAI_BASE_URL=http://127.0.0.1:PORT/v1": the
// base URL as the package's baseURL option, openai-node and the package's CLI take it, so it can
// be exported as printed. Stops cleanly on SIGINT/SIGTERM. Control it over HTTP at the same
// origin, http://127.0.0.1:PORT/__emulator/* (outside /v1, where no API route can collide).
//
// --seed-demo: a named project directory (some archived, some with no access yet) and a few
// checkpoints shared with some of them over the past weeks, by three different actors, so the
// console has names to pick from and a history to show.
// --no-audit-logging: the organization has no audit log (its list answers a 400).

import { parseArgs } from "node:util";

import { DEFAULT_ADMIN_KEY, startEmulator } from "./emulator.mjs";

const DAY = 86_400;
// Projects are older than any grant below (those are dated relative to now).
const DEMO_PROJECTS = [
  { id: "proj_abGMw1llN8IrBb6SvvY5A1iH", name: "Weather forecasts", status: "active", created_at: 1_704_103_200 },
  { id: "proj_Hj5kL7mN9pQ2rS4tU6vW8xY0", name: "Support bot", status: "active", created_at: 1_705_312_800 },
  { id: "proj_iqGMw1llN8IrBb6SvvY5A1oF", name: "Shared evaluation", status: "active", created_at: 1_706_781_600 },
  { id: "proj_Xk2mP9qRs4TuVw7YzA1bC3dE", name: "Forecast experiments", status: "active", created_at: 1_709_204_400 },
  { id: "proj_Lm8nO0pQ1rS2tU3vW4xY5zA6", name: "Mobile app", status: "active", created_at: 1_711_962_000 },
  { id: "proj_Mk4tCp9Wq2Lr7Ns5Vx3Bz8Dy", name: "Marketing copy", status: "active", created_at: 1_714_554_000 },
  { id: "proj_Rs6bXq1Hn8Kv3Tw9Pz5Lc2Jm", name: "Research sandbox", status: "active", created_at: 1_717_232_400 },
  { id: "proj_Lg7cHt2Bq9Wm4Xs1Kv6Np3Zr", name: "Legacy chatbot", status: "archived", created_at: 1_672_567_200, archived_at: 1_709_290_800 },
  { id: "proj_Hk3aTh0n2024Qw8Ez5Rt1Yu6", name: "Hackathon 2024", status: "archived", created_at: 1_713_430_800, archived_at: 1_714_035_600 },
  { id: "proj_Od5pPl8Dt3Gv6Nb1Xc9Mz4Ks", name: "Old data pipeline", status: "archived", created_at: 1_680_343_200, archived_at: 1_719_824_400 },
];

const OWNER_SESSION = { type: "session", session: { user: { id: "user-mAr1aOwner0000000000000", email: "maria@example.com" }, ip_address: "192.0.2.10" } };
const CI_SERVICE_ACCOUNT = { type: "api_key", api_key: { id: "key_ciDeployKey000001", type: "service_account", service_account: { id: "svc_acct_ciDeploy00000000001" } } };

// Checkpoint ids shaped like real ones (including a step checkpoint) with 2–3 projects each;
// `actor` absent = the admin key the emulator accepts.
const DEMO_GRANTS = [
  { checkpoint: "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd", projectIds: ["proj_abGMw1llN8IrBb6SvvY5A1iH"], daysAgo: 45, actor: OWNER_SESSION },
  { checkpoint: "ft:gpt-4o-2024-08-06:org:support-bot:C3xT8pLm", projectIds: ["proj_Hj5kL7mN9pQ2rS4tU6vW8xY0"], daysAgo: 30, actor: OWNER_SESSION },
  { checkpoint: "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd", projectIds: ["proj_iqGMw1llN8IrBb6SvvY5A1oF"], daysAgo: 20 },
  {
    checkpoint: "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd:ckpt-step-90",
    projectIds: ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_Xk2mP9qRs4TuVw7YzA1bC3dE", "proj_Lm8nO0pQ1rS2tU3vW4xY5zA6"],
    daysAgo: 12,
    actor: CI_SERVICE_ACCOUNT,
  },
  { checkpoint: "ft:gpt-4o-2024-08-06:org:support-bot:C3xT8pLm", projectIds: ["proj_iqGMw1llN8IrBb6SvvY5A1oF"], daysAgo: 3 },
];

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "seed-demo": { type: "boolean", default: false },
    "no-audit-logging": { type: "boolean", default: false },
    key: { type: "string", multiple: true },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer between 0 and 65535, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}

const emulator = await startEmulator({
  port,
  keys: values.key ?? [DEFAULT_ADMIN_KEY],
  projects: values["seed-demo"] ? DEMO_PROJECTS : undefined,
  auditLogging: !values["no-audit-logging"],
});
if (values["seed-demo"]) {
  const now = Math.floor(Date.now() / 1000);
  for (const { checkpoint, projectIds, daysAgo, actor } of DEMO_GRANTS) {
    emulator.seed(checkpoint, projectIds, { effectiveAt: now - daysAgo * DAY, ...(actor ? { actor } : {}) });
  }
}
console.log(`OPENAI_BASE_URL=${emulator.baseURL}`);

async function stop() {
  await emulator.close();
  process.exit(0);
}
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
