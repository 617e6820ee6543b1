#!/usr/bin/env node
// Runs the emulator as a process for the demo and for other runtimes' tests:
//   node tests/emulator/cli.mjs [--port N] [--seed-demo] [--key KEY ...]
// Prints exactly one line once it listens, "OPENAI_BASE_URL=http://127.0.0.1:PORT/v1": the
// base URL as the package's baseURL option, openai-node and the package's CLI take it, so it can
// be exported as printed. Stops cleanly on SIGINT/SIGTERM. Control it over HTTP at the same
// origin, http://127.0.0.1:PORT/__emulator/* (outside /v1, where no API route can collide).

import { parseArgs } from "node:util";

import { DEFAULT_ADMIN_KEY, startEmulator } from "./emulator.mjs";

// Checkpoint ids shaped like real ones (including a step checkpoint) with 2–3 projects each.
const DEMO_SEED = {
  "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd": ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_iqGMw1llN8IrBb6SvvY5A1oF"],
  "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd:ckpt-step-90": ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_Xk2mP9qRs4TuVw7YzA1bC3dE", "proj_Lm8nO0pQ1rS2tU3vW4xY5zA6"],
  "ft:gpt-4o-2024-08-06:org:support-bot:C3xT8pLm": ["proj_Hj5kL7mN9pQ2rS4tU6vW8xY0", "proj_iqGMw1llN8IrBb6SvvY5A1oF"],
};

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "seed-demo": { type: "boolean", default: false },
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
  seed: values["seed-demo"] ? DEMO_SEED : undefined,
});
console.log(`OPENAI_BASE_URL=${emulator.baseURL}`);

async function stop() {
  await emulator.close();
  process.exit(0);
}
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
