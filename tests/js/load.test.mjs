// Load: 1,000 concurrent calls and a 10,000-call soak against the emulator, bounded in count and
// time. No error, no duplicate, and the wasm memory stays flat after warm-up. Prints the figures.
import assert from "node:assert/strict";
import { test } from "node:test";

import { initSync } from "../../pkg/checkpoint_permissions.js";
import { CHECKPOINT, pkg, useEmulator } from "./helpers.mjs";

const api = useEmulator();
/** The wasm instance the Node entry created (initSync returns it once initialised). */
const wasmMemory = () => initSync({ module: new Uint8Array() }).memory.buffer.byteLength;

test("1,000 calls in flight at once all complete, none lost or duplicated", async () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `proj_concurrent_${i}`);
  const started = performance.now();
  const pages = await Promise.all(ids.map((id) => pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: [id] }, api.options())));
  const ms = performance.now() - started;
  assert.deepEqual(pages.map((page) => page.data[0].project_id), ids);
  const stored = api.emulator.state.get(CHECKPOINT);
  assert.equal(stored.length, 1000);
  assert.equal(new Set(stored.map((p) => p.id)).size, 1000, "no duplicate permission");
  assert.equal(api.emulator.requests.length, 1000, "exactly one request each");
  console.log(`load: 1,000 concurrent creates in ${ms.toFixed(0)} ms`);
});

test("a 10,000-call soak: no error, wasm memory flat after warm-up", async () => {
  const CALLS = 10_000;
  const IN_FLIGHT = 50;
  const run = async (from, to) => {
    for (let i = from; i < to; i += IN_FLIGHT) {
      const batch = Array.from({ length: Math.min(IN_FLIGHT, to - i) }, (_, j) =>
        pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: [`proj_soak_${(i + j) % 200}`] }, api.options()));
      const pages = await Promise.all(batch);
      assert.ok(pages.every((page) => page.data.length === 1));
    }
  };
  await run(0, 1000);
  const warmedUp = wasmMemory();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  await run(1000, CALLS);
  const ms = performance.now() - started;
  const after = wasmMemory();
  assert.equal(after, warmedUp, "wasm memory did not grow");
  assert.equal(api.emulator.state.get(CHECKPOINT).length, 200, "repeated grants of the same 200 projects created no duplicates");
  const heapMb = (n) => (n / 1024 / 1024).toFixed(1);
  console.log(`load: ${CALLS - 1000} soak calls in ${ms.toFixed(0)} ms (${(((CALLS - 1000) / ms) * 1000).toFixed(0)} calls/s); ` +
    `wasm memory ${after / 1024} KB before and after; JS heap ${heapMb(heapBefore)} → ${heapMb(process.memoryUsage().heapUsed)} MB`);
});
