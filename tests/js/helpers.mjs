// Shared by the package's JS tests: the built package, a fresh emulator per file, and tools to
// look at what a call did (requests seen, delays scheduled, errors thrown) without waiting.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { after, before, beforeEach } from "node:test";

import { startEmulator, DEFAULT_ADMIN_KEY } from "../emulator/emulator.mjs";

// The tests use the emulator's fake key only; a real key in the environment must not leak in.
delete process.env.OPENAI_ADMIN_KEY;

export * as pkg from "../../pkg/node.js";
export const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
export const KEY = DEFAULT_ADMIN_KEY;
/** A per-attempt timeout no backoff ever equals, so recorded timers tell the two apart. */
export const ATTEMPT_TIMEOUT_MS = 45_678;

/** One emulator for the test file, emptied before each test. */
export function useEmulator() {
  const handle = { emulator: undefined, errors: [] };
  before(async () => {
    handle.emulator = await startEmulator();
  });
  beforeEach(() => handle.emulator.reset());
  after(async () => {
    await handle.emulator.close();
    assertNoSecretIn(handle.errors, KEY);
  });
  handle.options = (extra = {}) => ({ apiKey: KEY, baseURL: handle.emulator.baseURL, timeout: ATTEMPT_TIMEOUT_MS, ...extra });
  /** Awaits a call that must reject; returns the error and keeps it for the secret check. */
  handle.rejection = async (promise) => {
    const outcome = await promise.then((value) => ({ value }), (error) => ({ error }));
    assert.ok("error" in outcome, `expected a rejection, got ${inspect(outcome.value)}`);
    handle.errors.push(outcome.error);
    return outcome.error;
  };
  return handle;
}

/**
 * Records the delays the package schedules with setTimeout and runs them at once, so retry
 * tests check exact delays without sleeping. Only the package's own timers are touched: they are
 * the ones set from the wasm glue's setTimeout import.
 */
export function recordPackageTimers() {
  const { setTimeout: originalSet, clearTimeout: originalClear } = globalThis;
  const record = { sleeps: [], attemptTimers: 0, pending: new Set() };
  // The caller of setTimeout (frame 3, after this arrow and the wrapper) is an import in the glue.
  const fromPackage = () => (new Error().stack?.split("\n    at ")[3] ?? "").includes("/checkpoint_permissions.js:");
  globalThis.setTimeout = function (callback, ms, ...rest) {
    if (!fromPackage()) return originalSet.call(this, callback, ms, ...rest);
    if (ms === ATTEMPT_TIMEOUT_MS) {
      record.attemptTimers += 1;
    } else {
      record.sleeps.push(ms);
      ms = 0;
    }
    const handle = originalSet.call(this, callback, ms, ...rest);
    record.pending.add(handle);
    return handle;
  };
  globalThis.clearTimeout = function (handle) {
    if (fromPackage()) record.pending.delete(handle);
    return originalClear.call(this, handle);
  };
  record.restore = () => {
    globalThis.setTimeout = originalSet;
    globalThis.clearTimeout = originalClear;
  };
  return record;
}

/** Everything an error exposes: message, stack, JSON, every property however hidden. */
export function everythingAbout(error) {
  return [
    String(error?.message),
    String(error?.stack),
    JSON.stringify(error),
    inspect(error, { showHidden: true, depth: 6, getters: false }),
  ].join("\n");
}

export function assertNoSecretIn(errors, secret) {
  for (const error of errors) {
    assert.ok(!everythingAbout(error).includes(secret), `the key leaked into ${error?.name}: ${error?.message}`);
  }
}

/** Mulberry32, a small seeded PRNG: a randomized test that fails can be replayed exactly. */
export function seededRandom(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
