// Issue 4: one conformance suite (tests/runtimes/conformance.mjs), run in six real runtimes
// against the local API emulator on 127.0.0.1: Node, Deno, Bun, workerd (Miniflare), a Chromium
// page and a dedicated Web Worker in it. A runtime that cannot start is a failure, not a skip.
// Ends with a per-runtime pass/fail table.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";
import { runConformance } from "../runtimes/conformance.mjs";
import {
  ROOT, importTool, launchChromium, moduleFile, runProcess, startStaticServer, toolBin, withTimeout,
  workerdPackageModules,
} from "../runtimes/harness.mjs";

delete process.env.OPENAI_ADMIN_KEY;
const RUNTIME_TIMEOUT_MS = 60_000;
const table = [];
let emulator;
let target;

before(async () => {
  emulator = await startEmulator();
  target = { baseURL: emulator.baseURL, apiKey: DEFAULT_ADMIN_KEY, control: `${emulator.url}/__emulator` };
});

after(async () => {
  await emulator?.close();
  const rows = table.map(({ runtime, results, failure }) => {
    const passed = results.filter((r) => r.ok).length;
    const ok = !failure && results.length > 0 && passed === results.length;
    return `| ${runtime.padEnd(22)} | ${ok ? "PASS" : "FAIL"} | ${`${passed}/${results.length}`.padEnd(5)} | ${failure ?? results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`).join("; ")}`;
  });
  console.log(["", "| runtime                | result | checks | failures", "|---|---|---|---", ...rows].join("\n"));
});

/** Records a runtime's outcome for the table, then asserts every check passed. */
async function conformanceIn(runtime, produce) {
  let results = [];
  let failure;
  try {
    results = await withTimeout(produce(), RUNTIME_TIMEOUT_MS, runtime);
    if (!Array.isArray(results) || results.length === 0) failure = `no results: ${JSON.stringify(results)?.slice(0, 300)}`;
  } catch (error) {
    failure = `could not run: ${String(error?.message ?? error).slice(0, 500)}`;
  }
  table.push({ runtime, results, failure });
  assert.equal(failure, undefined, `${runtime}: ${failure}`);
  for (const result of results) assert.ok(result.ok, `${runtime} — ${result.name}: ${result.detail}`);
  assert.equal(results.length, 6);
}

/** Runs tests/runtimes/cli-runner.mjs in a CLI runtime and reads its CONFORMANCE_RESULT line. */
async function cliRuntime(command, args) {
  const outcome = await runProcess(command, args, { timeoutMs: RUNTIME_TIMEOUT_MS - 5_000 });
  const line = outcome.stdout.split("\n").find((l) => l.startsWith("CONFORMANCE_RESULT="));
  if (!line) {
    const why = outcome.error?.message ?? (outcome.timedOut ? "timed out" : `exit ${outcome.code}`);
    throw new Error(`${command}: ${why}\n${(outcome.stderr || outcome.stdout).slice(-800)}`);
  }
  return JSON.parse(line.slice("CONFORMANCE_RESULT=".length));
}
const cliArgs = (entry) => ["tests/runtimes/cli-runner.mjs", entry, target.baseURL, target.apiKey, target.control];

test("Node (pkg/node.js)", () => conformanceIn("node", async () => {
  const pkg = await import("../../pkg/node.js");
  return runConformance(pkg, target);
}));

test("Deno (pkg/browser.js)", () => conformanceIn("deno", () => cliRuntime(toolBin("deno"), [
  "run", "--no-config", "--no-prompt", "--allow-net=127.0.0.1",
  `--allow-read=${ROOT}pkg,${ROOT}tests/runtimes`, ...cliArgs("../../pkg/browser.js"),
])));

test("Bun (pkg/node.js)", () => conformanceIn("bun", () => cliRuntime(toolBin("bun"), ["run", ...cliArgs("../../pkg/node.js")])));

test("workerd via Miniflare (pkg/workerd.js, CompiledWasm)", () => conformanceIn("workerd (miniflare)", async () => {
  const { Miniflare } = await importTool("miniflare");
  const mf = new Miniflare({
    modulesRoot: ROOT,
    modules: [moduleFile("tests/runtimes/workerd-entry.mjs"), moduleFile("tests/runtimes/conformance.mjs"), ...workerdPackageModules()],
    compatibilityDate: "2025-09-01",
  });
  try {
    const response = await mf.dispatchFetch(`http://runner/?${new URLSearchParams(target)}`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`worker answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text);
  } finally {
    await mf.dispose();
  }
}));

// Chromium is shared by the page and the worker; both load pkg/browser.js from a static server
// on another origin than the emulator, so the calls are real cross-origin requests with CORS.
let browser;
let site;
const page = async () => {
  site ??= await startStaticServer(ROOT, { "/": "<!doctype html><title>conformance</title>" });
  browser ??= await launchChromium();
  const tab = await browser.newPage();
  await tab.goto(`${site.url}/`, { timeout: 15_000 });
  return tab;
};
after(async () => {
  await browser?.close();
  await site?.close();
});

test("Chromium page (pkg/browser.js)", () => conformanceIn("chromium page", async () => {
  const tab = await page();
  try {
    return await tab.evaluate(async (target) => {
      const pkg = await import("/pkg/browser.js");
      const { runConformance } = await import("/tests/runtimes/conformance.mjs");
      return runConformance(pkg, target);
    }, target);
  } finally {
    await tab.close();
  }
}));

test("Chromium dedicated Web Worker (pkg/browser.js)", () => conformanceIn("chromium web worker", async () => {
  const tab = await page();
  try {
    const answer = await tab.evaluate((target) => new Promise((resolve) => {
      const worker = new Worker("/tests/runtimes/web-worker.mjs", { type: "module" });
      const timer = setTimeout(() => resolve({ failure: "the worker did not answer within 45 s" }), 45_000);
      const finish = (value) => {
        clearTimeout(timer);
        worker.terminate();
        resolve(value);
      };
      worker.onmessage = ({ data }) => finish(data);
      worker.onerror = (event) => finish({ failure: `worker error: ${event.message}` });
      worker.postMessage({ entry: new URL("/pkg/browser.js", location.href).href, ...target });
    }), target);
    if (answer.failure) throw new Error(answer.failure);
    return answer.results;
  } finally {
    await tab.close();
  }
}));
