// Arbitrary and hostile values thrown at every public function (fixed seed, bounded count): each
// call settles, resolving or rejecting with one of the package's error classes; nothing hangs;
// the package never writes to the console; and a valid call afterwards still works (no trap).
import assert from "node:assert/strict";
import { test } from "node:test";

import { CHECKPOINT, KEY, everythingAbout, pkg, seededRandom, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const CALLS = 600;
const SETTLE_MS = 5_000;


function hostileValues(baseURL) {
  const throwingGetter = Object.defineProperty({}, "project_ids", { get() { throw new Error("getter says no"); }, enumerable: true });
  const throwingEverywhere = new Proxy({}, { get() { throw new Error("get trap"); }, has() { throw new Error("has trap"); }, ownKeys() { throw new Error("ownKeys trap"); }, getOwnPropertyDescriptor() { throw new Error("gOPD trap"); } });
  const { proxy: revoked, revoke } = Proxy.revocable([], {});
  revoke();
  const arrayProxy = new Proxy(["proj_a"], { get(target, key) { if (key === "0") throw new Error("index trap"); return Reflect.get(target, key); } });
  return [
    undefined, null, 0, -1, NaN, Infinity, 1e308, 2n ** 70n, true, false, "", " ", ".", "..", "a/b", "\0", "\ud800", "\udfff\ud800",
    "x".repeat(1_000_000), Symbol("s"), () => {}, new Date(0), /re/, [], [[]], [1, 2], ["proj_a", null], Array(100_000).fill("proj_x"),
    Array.from({ length: 5 }, () => "\ud83d"), { project_ids: ["proj_a"] }, { project_ids: throwingEverywhere }, throwingGetter,
    throwingEverywhere, revoked, arrayProxy, { apiKey: KEY, baseURL }, { apiKey: KEY, baseURL, timeout: 0 }, { apiKey: KEY, baseURL: "ftp://x" },
    { apiKey: KEY, baseURL, headers: throwingEverywhere }, { apiKey: KEY, baseURL, signal: throwingEverywhere }, { apiKey: KEY, baseURL, signal: revoked },
    { apiKey: KEY, baseURL, fetch: () => { throw new Error("fetch threw"); } }, { apiKey: KEY, baseURL, fetch: async () => null },
    { apiKey: KEY, baseURL, fetch: async () => ({ status: "x" }) }, { apiKey: KEY, baseURL, fetch: async () => ({ status: 200, headers: null }) },
    { apiKey: KEY, baseURL, fetch: async () => ({ status: 200, headers: new Headers(), text: () => 42 }) },
    { apiKey: KEY, baseURL, fetch: async () => ({ status: 200, headers: { get() { throw new Error("get"); } }, text: async () => "{}" }) },
    { apiKey: KEY, baseURL, fetch: () => ({ then() { throw new Error("thenable"); } }) }, { apiKey: KEY, baseURL, maxRetries: 0, headers: [["x-a"]] },
    { apiKey: KEY, baseURL, maxRetries: 0, headers: new Map([["x-a", "1"]]) }, { apiKey: KEY, baseURL, concurrency: 1e9, dryRun: 1 },
    Object.create(null), new Proxy({ apiKey: KEY, baseURL, maxRetries: 0 }, {}),
  ];
}

test(`${CALLS} calls with arbitrary values all settle with the package's errors`, async () => {
  const next = seededRandom(20261129);
  const values = hostileValues(api.emulator.baseURL);
  const pick = () => values[Math.floor(next() * values.length)];
  const functions = ["createCheckpointPermissions", "listCheckpointPermissions", "deleteCheckpointPermission", "grantCheckpointPermissions", "revokeCheckpointPermissions", "syncCheckpointPermissions"];
  const consoleCalls = [];
  const originals = {};
  for (const method of ["log", "info", "warn", "error", "debug", "trace"]) {
    originals[method] = console[method];
    console[method] = (...args) => consoleCalls.push(args);
  }
  const outcomes = { resolved: 0, rejected: 0 };
  try {
    for (let i = 0; i < CALLS; i += 1) {
      const name = functions[Math.floor(next() * functions.length)];
      const args = [pick(), pick(), pick()];
      let timer;
      const settled = await Promise.race([
        Promise.resolve().then(() => pkg[name](...args)).then(() => "resolved", (error) => error),
        new Promise((resolve) => { timer = setTimeout(resolve, SETTLE_MS, "hung"); }),
      ]);
      clearTimeout(timer);
      assert.notEqual(settled, "hung", `call ${i}: ${name} did not settle`);
      if (settled === "resolved") {
        outcomes.resolved += 1;
      } else {
        outcomes.rejected += 1;
        assert.ok(settled instanceof pkg.OpenAIError, `call ${i}: ${name} rejected with ${settled?.name}: ${settled?.message}`);
        assert.ok(!everythingAbout(settled).includes(KEY), `call ${i}: the key leaked`);
      }
    }
  } finally {
    Object.assign(console, originals);
  }
  assert.deepEqual(consoleCalls, [], "the package writes nothing to the console");
  assert.ok(outcomes.rejected > CALLS / 2, JSON.stringify(outcomes));
  const page = await pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_after"] }, api.options());
  assert.equal(page.data[0].project_id, "proj_after", "the module still works");
});

test("a list that claims 2^32 - 1 empty items is refused at once, not read item by item", async () => {
  let reads = 0;
  const endless = new Proxy([], { get: (target, key) => (key === "length" ? 2 ** 32 - 1 : (reads += 1, "")) });
  const error = await api.rejection(pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: endless }, api.options()));
  assert.equal(error.field, "body.project_ids");
  assert.match(error.message, /at most 1000000 items/);
  assert.ok(reads < 10, `${reads} items were read`);
  assert.equal(api.emulator.requests.length, 0);
});

test("an audit log answer nested 100,000 objects deep is read without the wasm running out of stack", async () => {
  const depth = 100_000;
  const actor = `${'{"a":'.repeat(depth)}"x"${"}".repeat(depth)}`;
  const page = `{"object":"list","data":[{"id":"audit_1","type":"checkpoint.permission.created","effective_at":1,"actor":${actor}}],"first_id":"audit_1","last_id":"audit_1","has_more":false}`;
  const fetch = async () => new Response(page, { headers: { "content-type": "application/json" } });
  const answer = await pkg.listAuditLogs({}, { ...api.options(), fetch });
  assert.equal(answer.data.length, 1);
  assert.equal(answer.data[0].id, "audit_1");
  api.emulator.inject({ status: 200, body: { object: "list", data: [], first_id: null, last_id: null, has_more: false } });
  await pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_a"] }, api.options());
});

test("an array of 100,000 project ids is read and sent whole", async () => {
  const ids = Array.from({ length: 100_000 }, (_, i) => `proj_${i}`);
  api.emulator.inject({ status: 200, body: { object: "list", data: [], first_id: null, last_id: null, has_more: false } });
  await pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: ids }, api.options());
  assert.equal(api.emulator.requests[0].json.project_ids.length, 100_000);
});
