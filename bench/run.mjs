// Benchmarks: this package against openai-node (the official SDK) and a hand-written fetch (the
// floor), in the same run, on the same emulator. Prints figures and ratios; asserts nothing
// (the size budget is asserted in the tests, where it is deterministic).
//
//   node --expose-gc bench/run.mjs            full run (≈ 2 min on 2 cores)
//   node --expose-gc bench/run.mjs --quick    fewer rounds and calls
//   … --baseline DIR   also measures another build of the package (DIR is its pkg/, e.g. an
//                      earlier commit built in a worktree), side by side in the same run: own cost
//                      per create call and the dry-run syncs
//   … --only-baseline  the side-by-side part alone
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const tools = process.env.TEST_TOOLS ?? join(root, "tests/tools/node_modules");
const requireTool = createRequire(join(tools, "noop.js"));
const quick = process.argv.includes("--quick");
const baselineIndex = process.argv.indexOf("--baseline");
const baselineDir = baselineIndex > 0 ? process.argv[baselineIndex + 1] : undefined;
const onlyBaseline = process.argv.includes("--only-baseline");
const KEY = "sk-fake-admin-test-0123456789abcdef";
const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

// Each contender: how to import it, and one create call.
const CONTENDERS = {
  "checkpoint-permissions": {
    source: `import { createCheckpointPermissions } from "checkpoint-permissions/create";
export const create = (baseURL, id) => createCheckpointPermissions("${CHECKPOINT}", { project_ids: [id] }, { apiKey: "${KEY}", baseURL });`,
  },
  "openai-node": {
    source: `import OpenAI from "openai";
let client;
export const create = (baseURL, id) => (client ??= new OpenAI({ adminAPIKey: "${KEY}", baseURL, dangerouslyAllowBrowser: true }))
  .fineTuning.checkpoints.permissions.create("${CHECKPOINT}", { project_ids: [id] });`,
  },
  "raw fetch": {
    source: `export const create = async (baseURL, id) => {
  const response = await fetch(baseURL + "/fine_tuning/checkpoints/${encodeURIComponent(CHECKPOINT).replace(/%3A/g, ":")}/permissions", {
    method: "POST", headers: { authorization: "Bearer ${KEY}", "content-type": "application/json" }, body: JSON.stringify({ project_ids: [id] }) });
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
};`,
  },
};

/**
 * A reference, not a contender: the raw call plus what every client adds, a per-call timeout
 * (an AbortController and a timer). Measured in the per-call loop only, to show what the floor
 * is for a call that can time out.
 */
const RAW_WITH_TIMEOUT = `export const create = async (baseURL, id) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 600000);
  try {
    const response = await fetch(baseURL + "/fine_tuning/checkpoints/${encodeURIComponent(CHECKPOINT).replace(/%3A/g, ":")}/permissions", {
      method: "POST", headers: { authorization: "Bearer ${KEY}", "content-type": "application/json" }, body: JSON.stringify({ project_ids: [id] }), signal: controller.signal });
    if (!response.ok) throw new Error(String(response.status));
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
};`;

/** A contender (or other source) as a module Node imports directly, its imports resolved to files. */
function nodeModule(name, source = CONTENDERS[name].source) {
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  const file = join(dir, "app.mjs");
  const resolved = source
    .replace('"checkpoint-permissions/create"', JSON.stringify(join(root, "pkg/create/node.js")))
    .replace('from "openai"', `from ${JSON.stringify(join(tools, "openai/index.mjs"))}`);
  writeFileSync(file, resolved);
  return file;
}

async function bundle(name) {
  const esbuild = requireTool("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  writeFileSync(join(dir, "app.mjs"), CONTENDERS[name].source);
  const outfile = join(dir, "out.mjs");
  await esbuild.build({
    entryPoints: [join(dir, "app.mjs")], bundle: true, minify: true, format: "esm", platform: "browser", outfile, logLevel: "silent",
    alias: { "checkpoint-permissions/create": join(root, "pkg/create/browser.js") }, nodePaths: [tools],
  });
  return outfile;
}

function sizes(bytes) {
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
}

async function startEmulator() {
  const child = spawn(process.execPath, [join(root, "tests/emulator/cli.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  const baseURL = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/^OPENAI_BASE_URL=(\S+)$/m);
      if (match) resolve(match[1]);
    });
    child.on("exit", () => reject(new Error("emulator exited")));
  });
  // The control routes (/__emulator/*) live at the origin, outside /v1.
  return { url: new URL(baseURL).origin, baseURL, stop: () => child.kill("SIGTERM") };
}

const control = (emulator, path, init) => fetch(`${emulator.url}/__emulator/${path}`, init).then((r) => r.json());

/**
 * Before / after: the same measures of two builds in one process, interleaved round by round, so
 * the machine's state weighs on both alike. `builds`: { name: pkg dir }.
 */
async function sideBySide(builds) {
  const rows = [];
  const ROUNDS = quick ? 3 : 7;
  const cannedPage = JSON.stringify({
    object: "list", data: [{ object: "checkpoint.permission", id: "cp_1", created_at: 1721764867, project_id: "proj_1" }],
    first_id: "cp_1", last_id: "cp_1", has_more: false,
  });
  const canned = () => Promise.resolve(new Response(cannedPage, { headers: { "content-type": "application/json", "x-request-id": "req_1" } }));
  const emptyPage = JSON.stringify({ object: "list", data: [], first_id: null, last_id: null, has_more: false });
  const empty = () => Promise.resolve(new Response(emptyPage, { headers: { "content-type": "application/json" } }));
  const modules = {};
  for (const [name, dir] of Object.entries(builds)) {
    modules[name] = { create: await import(join(dir, "create/node.js")), main: await import(join(dir, "node.js")) };
  }
  const options = (fetch) => ({ apiKey: KEY, baseURL: "http://127.0.0.1:9/v1", fetch });

  // Own cost of one create call: a canned Response, so only the package's own work is timed.
  const OWN_CALLS = quick ? 5000 : 20000;
  const ownCost = Object.fromEntries(Object.keys(modules).map((name) => [name, []]));
  for (const { create } of Object.values(modules)) {
    for (let i = 0; i < 3000; i += 1) await create.createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_1"] }, options(canned));
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, { create }] of Object.entries(modules)) {
      const started = performance.now();
      for (let i = 0; i < OWN_CALLS; i += 1) await create.createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_1"] }, options(canned));
      ownCost[name].push(((performance.now() - started) * 1000) / OWN_CALLS);
    }
  }
  rows.push([`own cost per create call, canned Response, µs (median of ${ROUNDS})`, ...Object.values(ownCost).map((values) => median(values).toFixed(1))]);

  // Sets, not lists: a dry-run sync of n ids against an empty checkpoint is all planning. The
  // organization has the n projects (given as `projects`, as the console passes what it read), so
  // the plan also looks each one up and names it; a build without the directory ignores them.
  const syncMs = (main, n) => async () => {
    const ids = Array.from({ length: n }, (_, i) => `proj_${i}`);
    const projects = ids.map((id, i) => ({ object: "organization.project", id, name: `Project ${i}`, created_at: 1721764867, archived_at: null, status: "active" }));
    const started = performance.now();
    const plan = await main.syncCheckpointPermissions(CHECKPOINT, ids, { ...options(empty), dryRun: true, projects });
    if (plan.grant.length !== n || plan.refused?.length) throw new Error(`${plan.grant.length} of ${n}, ${plan.refused?.length} refused`);
    return performance.now() - started;
  };
  const SYNC_ROUNDS = quick ? 3 : 5;
  // Warm-up: the first run of each build pays for the JIT and for growing the wasm memory.
  for (const { main } of Object.values(modules)) await syncMs(main, 10_000)();
  for (const n of [10_000, 100_000]) {
    const cells = [];
    for (const [name, { main }] of Object.entries(modules)) {
      // A list-based plan is quadratic: 100,000 ids would take minutes, so one bounded try tells.
      const first = await syncMs(main, n)();
      if (first > 20_000) {
        cells.push(`> 20 s (${(first / 1000).toFixed(0)} s once)`);
        continue;
      }
      const times = [first];
      for (let round = 1; round < SYNC_ROUNDS; round += 1) times.push(await syncMs(main, n)());
      cells.push(median(times).toFixed(1));
      modules[name][`sync${n}`] = median(times);
    }
    rows.push([`dry-run sync of ${n.toLocaleString("en")} ids, empty checkpoint, named projects, ms`, ...cells]);
  }
  rows.push(["  … 100,000 / 10,000 (at most 15×)", ...Object.values(modules).map((m) => (m.sync100000 ? ratio(m.sync100000, m.sync10000) : "—"))]);
  const names = Object.keys(modules);
  if (names.length === 2) {
    const [before, after] = names;
    rows.push([`own cost, ${after} / ${before}`, "", ratio(median(ownCost[after]), median(ownCost[before]))]);
  }
  const header = ["", ...names];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => String(row[i] ?? "").length)));
  const line = (row) => row.map((cell, i) => String(cell ?? "").padEnd(widths[i])).join("  ");
  console.log(`\nSide by side, in one process (Node ${process.version})\n`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

async function main() {
  const builds = { ...(baselineDir ? { baseline: baselineDir } : {}), "this build": join(root, "pkg") };
  if (onlyBaseline) return sideBySide(builds);
  const rows = [];
  const emulator = await startEmulator();
  try {
    // 1. Bytes shipped for one create call (browser bundles, minified).
    const shipped = {};
    for (const name of Object.keys(CONTENDERS)) {
      const js = readFileSync(await bundle(name));
      const wasm = name === "checkpoint-permissions" ? readFileSync(join(root, "pkg/create/checkpoint_permissions_bg.wasm")) : Buffer.alloc(0);
      const js_ = sizes(js);
      const wasm_ = sizes(wasm);
      shipped[name] = { raw: js_.raw + wasm_.raw, gzip: js_.gzip + wasm_.gzip, brotli: js_.brotli + wasm_.brotli };
    }
    rows.push(["bytes shipped, gzip", ...Object.values(shipped).map((s) => kb(s.gzip))]);
    rows.push(["bytes shipped, brotli", ...Object.values(shipped).map((s) => kb(s.brotli))]);
    rows.push(["bytes shipped, minified raw", ...Object.values(shipped).map((s) => kb(s.raw))]);

    // 2. Per-call time: sequential creates, median of rounds, contenders interleaved per round.
    const modules = {};
    for (const name of Object.keys(CONTENDERS)) modules[name] = await import(nodeModule(name));
    const ROUNDS = quick ? 3 : 5;
    const CALLS = quick ? 500 : 2000;
    const TIMED = "raw fetch with a timeout";
    const loop = { ...modules, [TIMED]: await import(nodeModule(TIMED, RAW_WITH_TIMEOUT)) };
    const perCall = Object.fromEntries(Object.keys(loop).map((name) => [name, []]));
    // Warm-up: JIT, and undici's connection pool, which all contenders share.
    for (const { create } of Object.values(loop)) {
      for (let i = 0; i < 300; i += 1) await create(emulator.baseURL, "proj_warm");
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, { create }] of Object.entries(loop)) {
        await create(emulator.baseURL, "proj_warm");
        const started = performance.now();
        for (let i = 0; i < CALLS; i += 1) await create(emulator.baseURL, `proj_${i % 100}`);
        perCall[name].push(((performance.now() - started) * 1000) / CALLS);
      }
    }
    const callMedian = Object.fromEntries(Object.entries(perCall).map(([name, values]) => [name, median(values)]));
    rows.push([`per call, µs (${CALLS} sequential, median of ${ROUNDS})`, ...Object.keys(CONTENDERS).map((name) => callMedian[name].toFixed(0))]);
    rows.push(["  … raw fetch with a per-call timeout (reference)", "", "", callMedian[TIMED].toFixed(0)]);

    // 2b. Each contender's own cost: the same calls answered at once by a canned Response, so
    // no network and no server share the time. Fresh module instances, because openai-node
    // keeps the fetch it found when its client was made.
    const cannedPage = JSON.stringify({
      object: "list", data: [{ object: "checkpoint.permission", id: "cp_1", created_at: 1721764867, project_id: "proj_1" }],
      first_id: "cp_1", last_id: "cp_1", has_more: false,
    });
    const realFetch = globalThis.fetch;
    globalThis.fetch = async () => new Response(cannedPage, { headers: { "content-type": "application/json", "x-request-id": "req_1" } });
    const ownCost = Object.fromEntries(Object.keys(CONTENDERS).map((name) => [name, []]));
    try {
      const canned = {};
      for (const name of Object.keys(CONTENDERS)) canned[name] = await import(nodeModule(name));
      for (const { create } of Object.values(canned)) {
        for (let i = 0; i < 2000; i += 1) await create(emulator.baseURL, "proj_warm");
      }
      const OWN_CALLS = quick ? 5000 : 20000;
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const [name, { create }] of Object.entries(canned)) {
          const started = performance.now();
          for (let i = 0; i < OWN_CALLS; i += 1) await create(emulator.baseURL, "proj_1");
          ownCost[name].push(((performance.now() - started) * 1000) / OWN_CALLS);
        }
      }
    } finally {
      globalThis.fetch = realFetch;
    }
    rows.push([`own cost per call, canned Response, µs (median of ${ROUNDS})`, ...Object.values(ownCost).map((values) => median(values).toFixed(1))]);

    // 3. Cold start: a fresh Node process imports the contender and completes one call.
    const PROCESSES = quick ? 5 : 11;
    const cold = {};
    for (const name of Object.keys(CONTENDERS)) {
      const file = nodeModule(name);
      const times = [];
      for (let i = 0; i < PROCESSES; i += 1) {
        const started = performance.now();
        const run = spawnSync(process.execPath, ["--input-type=module", "-e", `import { create } from ${JSON.stringify(file)}; await create(${JSON.stringify(emulator.baseURL)}, "proj_cold");`]);
        if (run.status !== 0) throw new Error(`${name}: ${run.stderr}`);
        times.push(performance.now() - started);
      }
      cold[name] = median(times);
    }
    rows.push([`cold start + one call, ms (median of ${PROCESSES} processes)`, ...Object.values(cold).map((ms) => ms.toFixed(1))]);
    const wasmBytes = readFileSync(join(root, "pkg/create/checkpoint_permissions_bg.wasm"));
    const compileTimes = [];
    for (let i = 0; i < 21; i += 1) {
      const started = performance.now();
      const glue = await import(`${join(root, "pkg/create/checkpoint_permissions.js")}?instance=${i}`);
      glue.initSync({ module: new WebAssembly.Module(wasmBytes) });
      compileTimes.push(performance.now() - started);
    }
    rows.push(["wasm compile + instantiate alone, ms", median(compileTimes).toFixed(2), "—", "—"]);

    // 4. Concurrency: 1,000 calls in flight at once.
    await control(emulator, "reset", { method: "POST" });
    const concurrency = {};
    // A first, unmeasured burst opens the connections the measured ones share.
    await Promise.all(Array.from({ length: 1000 }, (_, i) => modules["raw fetch"].create(emulator.baseURL, `proj_warm_${i}`)));
    await control(emulator, "reset", { method: "POST" });
    for (const [name, { create }] of Object.entries(modules)) {
      const started = performance.now();
      const ids = Array.from({ length: 1000 }, (_, i) => `proj_${name.replace(/\W/g, "")}_${i}`);
      await Promise.all(ids.map((id) => create(emulator.baseURL, id)));
      concurrency[name] = performance.now() - started;
    }
    const requests = await control(emulator, "requests");
    const creates = requests.filter((r) => r.method === "POST");
    const distinct = new Set(creates.map((r) => r.body));
    rows.push(["1,000 in flight: total ms", ...Object.values(concurrency).map((ms) => ms.toFixed(0))]);
    rows.push(["1,000 in flight: requests seen / distinct", `${creates.length} / ${distinct.size}`, "", ""]);

    // 5. Memory: wasm linear memory and JS heap, after warm-up and after many calls.
    const CALLS_FOR_MEMORY = quick ? 10_000 : 100_000;
    const { create: packageCreate } = modules["checkpoint-permissions"];
    const pkgModule = await import(join(root, "pkg/node.js"));
    const pkgGlue = await import(join(root, "pkg/checkpoint_permissions.js"));
    const memory = () => pkgGlue.initSync({ module: new Uint8Array() }).memory.buffer.byteLength;
    const options = { apiKey: KEY, baseURL: emulator.baseURL };
    const burst = async (n) => {
      for (let i = 0; i < n; i += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, j) => pkgModule.createCheckpointPermissions(CHECKPOINT, { project_ids: [`proj_m${(i + j) % 50}`] }, options)));
      }
    };
    await burst(2000);
    globalThis.gc?.();
    const before = { wasm: memory(), heap: process.memoryUsage().heapUsed };
    await burst(CALLS_FOR_MEMORY);
    globalThis.gc?.();
    const after = { wasm: memory(), heap: process.memoryUsage().heapUsed };
    rows.push([`wasm memory after warm-up → after ${CALLS_FOR_MEMORY} calls`, `${kb(before.wasm)} → ${kb(after.wasm)}`, "", ""]);
    rows.push([`JS heap after warm-up → after ${CALLS_FOR_MEMORY} calls${globalThis.gc ? "" : " (no --expose-gc)"}`, `${(before.heap / 1048576).toFixed(1)} → ${(after.heap / 1048576).toFixed(1)} MB`, "", ""]);
    void packageCreate;

    // 6. Big pages: a list page of 10,000 permissions, answered from memory.
    const page = JSON.stringify({
      object: "list", has_more: false, first_id: "cp_0", last_id: "cp_9999",
      data: Array.from({ length: 10_000 }, (_, i) => ({ object: "checkpoint.permission", id: `cp_${i}`, created_at: 1721764867 + i, project_id: `proj_${i}` })),
    });
    const answer = () => Promise.resolve(new Response(page, { headers: { "content-type": "application/json", "x-request-id": "req_bench" } }));
    const OpenAI = (await import(requireTool.resolve("openai"))).default;
    const sdk = new OpenAI({ adminAPIKey: KEY, baseURL: emulator.baseURL, fetch: answer, maxRetries: 0 });
    const parse = {
      "checkpoint-permissions": () => pkgModule.listCheckpointPermissions(CHECKPOINT, {}, { apiKey: KEY, baseURL: emulator.baseURL, fetch: answer }),
      "openai-node": () => sdk.fineTuning.checkpoints.permissions.retrieve(CHECKPOINT),
      "raw fetch": () => answer().then((r) => r.json()),
    };
    const parseTimes = {};
    for (const [name, run] of Object.entries(parse)) {
      const times = [];
      for (let i = 0; i < 15; i += 1) {
        const started = performance.now();
        const result = await run();
        if (result.data.length !== 10_000) throw new Error(`${name}: ${result.data.length}`);
        times.push(performance.now() - started);
      }
      parseTimes[name] = median(times);
    }
    const jsonParse = median(Array.from({ length: 15 }, () => { const s = performance.now(); JSON.parse(page); return performance.now() - s; }));
    rows.push(["10,000-permission page, ms (median of 15)", ...Object.values(parseTimes).map((ms) => ms.toFixed(1))]);
    rows.push(["  … ratio to JSON.parse alone", ...Object.values(parseTimes).map((ms) => ratio(ms, jsonParse))]);

    // Ratios.
    const [pkgName, sdkName, rawName] = Object.keys(CONTENDERS);
    rows.push(["ratios: gzip bytes vs openai-node / vs raw", `${ratio(shipped[pkgName].gzip, shipped[sdkName].gzip)} / ${ratio(shipped[pkgName].gzip, shipped[rawName].gzip)}`, "", ""]);
    rows.push(["ratios: per call vs raw fetch / vs openai-node", `${ratio(callMedian[pkgName], callMedian[rawName])} / ${ratio(callMedian[pkgName], callMedian[sdkName])}`, `${ratio(callMedian[sdkName], callMedian[rawName])} vs raw`, ""]);
    rows.push(["ratios: per call vs raw fetch with a timeout", ratio(callMedian[pkgName], callMedian[TIMED]), ratio(callMedian[sdkName], callMedian[TIMED]), ""]);
    const ownMedian = Object.fromEntries(Object.entries(ownCost).map(([name, values]) => [name, median(values)]));
    rows.push(["ratios: own cost vs raw fetch / vs openai-node", `${ratio(ownMedian[pkgName], ownMedian[rawName])} / ${ratio(ownMedian[pkgName], ownMedian[sdkName])}`, `${ratio(ownMedian[sdkName], ownMedian[rawName])} vs raw`, ""]);
    rows.push(["ratios: cold start vs openai-node / vs raw fetch", `${ratio(cold[pkgName], cold[sdkName])} / ${ratio(cold[pkgName], cold[rawName])}`, "", ""]);
  } finally {
    emulator.stop();
  }

  const header = ["", ...Object.keys(CONTENDERS)];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => String(row[i] ?? "").length)));
  const line = (row) => row.map((cell, i) => String(cell ?? "").padEnd(widths[i])).join("  ");
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}, ${(await import("node:os")).cpus().length} cores${quick ? ", --quick" : ""}\n`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  await sideBySide(builds);
}

await main();
