// Deploying on Cloudflare Workers as the package README says (issue 17). The esbuild command and
// the wrangler.toml files are read from pkg-template/README.md, so the README and this test
// cannot drift. A tiny Worker is bundled by that exact command against the packed package, and
// workerd (through Miniflare) loads the bundle as the README's unbundled deploy does, the .wasm as
// a CompiledWasm module, then makes a real create call against the local API emulator. The build
// the README warns about (no conditions) is shown to die at startup as it says. wrangler's own
// bundling of a Worker is tested in worker-proxy.test.mjs (bundleLikeWrangler).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { after, before, test } from "node:test";

import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";
import { ROOT, importTool, installPackedPackage, runProcess, toolBin, withTimeout } from "../runtimes/harness.mjs";

const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const STEP_TIMEOUT_MS = 30_000;

const WORKER = `
import { createCheckpointPermissions } from "checkpoint-permissions";

export default {
  async fetch(request, env) {
    const { checkpoint, project_ids } = await request.json();
    try {
      const page = await createCheckpointPermissions(checkpoint, { project_ids },
        { apiKey: env.OPENAI_ADMIN_KEY, baseURL: env.OPENAI_BASE_URL, maxRetries: 0 });
      return Response.json({ page, requestId: page._request_id });
    } catch (error) {
      return Response.json({ error: error.name, message: error.message }, { status: 500 });
    }
  },
};
`;

// ---------------------------------------------------------------- what the README says

const section = workersSection(readFileSync(join(ROOT, "pkg-template/README.md"), "utf8"));
const esbuildArgs = esbuildCommandArgs(section);
const entryPoints = esbuildArgs.filter((arg) => !arg.startsWith("-"));
const [entry] = entryPoints;
const outdir = esbuildArgs.find((arg) => arg.startsWith("--outdir="))?.slice("--outdir=".length);
const [wranglerToml, unbundledToml] = tomlBlocks(section);
const wasmRules = miniflareModulesRules(section);

/** The README's "## Cloudflare Workers" section, up to the next "## " heading. */
function workersSection(readme) {
  const start = readme.indexOf("\n## Cloudflare Workers\n");
  assert.ok(start >= 0, 'pkg-template/README.md has a "## Cloudflare Workers" section');
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The section's one `npx esbuild …` line, as the arguments after `npx esbuild`. */
function esbuildCommandArgs(text) {
  const lines = text.split("\n").filter((line) => line.startsWith("npx esbuild "));
  assert.equal(lines.length, 1, "the section shows exactly one esbuild command");
  // Splitting on spaces is what a shell does only when nothing is quoted, escaped or expanded.
  assert.doesNotMatch(lines[0], /["'`\\$*?;&|<>(){}~]/, lines[0]);
  return lines[0].trim().split(/\s+/).slice(2);
}

/** Each ```toml block of the section as { key: value } (the flat `key = value` lines it uses). */
function tomlBlocks(text) {
  return [...text.matchAll(/```toml\n([\s\S]*?)```/g)].map(([, body]) => Object.fromEntries(
    body.split("\n").filter((line) => /^\w+ = /.test(line)).map((line) => {
      const [, key, value] = /^(\w+) = (.*)$/.exec(line);
      return [key, JSON.parse(value)];
    }),
  ));
}

/** The `modulesRules: […]` the section gives for Miniflare, read as data. */
function miniflareModulesRules(text) {
  const match = /`modulesRules: (\[[^`]*\])`/.exec(text);
  assert.ok(match, "the README gives Miniflare's modulesRules");
  return JSON.parse(match[1].replace(/(\w+):/g, '"$1":'));
}

test("the README's commands and wrangler.toml files agree with one another", () => {
  assert.equal(entryPoints.length, 1, `one entry point in ${esbuildArgs.join(" ")}`);
  assert.ok(outdir, "the command names its --outdir");
  assert.equal(wranglerToml.main, entry, "wrangler bundles the same worker the esbuild command does");
  assert.equal(wranglerToml.no_bundle, undefined);
  assert.equal(unbundledToml.no_bundle, true, "the self-bundled Worker is deployed without wrangler's bundling");
  assert.equal(unbundledToml.main, `${outdir}/${basename(entry)}`, "the unbundled deploy's main is the file esbuild writes");
  assert.equal(unbundledToml.compatibility_date, wranglerToml.compatibility_date);
  assert.deepEqual(wasmRules, [{ type: "CompiledWasm", include: ["**/*.wasm"] }], "wrangler's default rule for .wasm files");
});

// ---------------------------------------------------------------- the README's build, run

let emulator;
let work;

before(async () => {
  emulator = await startEmulator();
  work = mkdtempSync(join(tmpdir(), "cp-workers-deploy-"));
  installPackedPackage(work);
  mkdirSync(dirname(join(work, entry)), { recursive: true });
  writeFileSync(join(work, entry), WORKER);
});

after(async () => {
  await emulator?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs esbuild (the pinned one, for the README's `npx esbuild`) in the app folder. */
async function esbuild(args) {
  const outcome = await runProcess(toolBin("esbuild"), args, { cwd: work, timeoutMs: STEP_TIMEOUT_MS });
  assert.equal(outcome.code, 0, `esbuild ${args.join(" ")}: ${outcome.stderr || outcome.error?.message}`);
}

/** The bundle in workerd as an unbundled deploy loads it: its imports collected, .wasm compiled. */
async function workerd(Miniflare, scriptPath, extra = {}) {
  return new Miniflare({
    // Module names are paths relative to modulesRoot, and workerd refuses a name with "..".
    scriptPath, modulesRoot: work, modules: true, modulesRules: wasmRules, compatibilityDate: unbundledToml.compatibility_date,
    bindings: { OPENAI_ADMIN_KEY: DEFAULT_ADMIN_KEY, OPENAI_BASE_URL: emulator.baseURL }, ...extra,
  });
}

test("the README's esbuild command bundles a Worker that creates a permission in workerd", { timeout: 90_000 }, async () => {
  await esbuild(esbuildArgs);
  const wasmFiles = readdirSync(join(work, outdir)).filter((file) => file.endsWith(".wasm"));
  assert.equal(wasmFiles.length, 1, `one .wasm next to the bundle: ${wasmFiles}`);
  assert.ok(readFileSync(join(work, outdir, wasmFiles[0])).equals(readFileSync(join(work, "node_modules/checkpoint-permissions/checkpoint_permissions_bg.wasm"))),
    "it is the main entry's wasm, copied as it is");

  const { Miniflare } = await importTool("miniflare");
  const mf = await workerd(Miniflare, join(work, unbundledToml.main));
  try {
    const response = await withTimeout(mf.dispatchFetch("http://worker/", {
      method: "POST", body: JSON.stringify({ checkpoint: CHECKPOINT, project_ids: ["proj_workers"] }),
    }), STEP_TIMEOUT_MS, "the bundled Worker");
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const { page, requestId } = JSON.parse(text);
    assert.equal(page.object, "list");
    assert.equal(page.data.length, 1);
    assert.equal(page.data[0].object, "checkpoint.permission");
    assert.equal(page.data[0].project_id, "proj_workers");
    assert.match(page.data[0].id, /^cp_/);

    assert.equal(emulator.requests.length, 1);
    const [request] = emulator.requests;
    assert.equal(request.method, "POST");
    assert.equal(request.path, `/v1/fine_tuning/checkpoints/${CHECKPOINT}/permissions`);
    assert.equal(request.headers.authorization, `Bearer ${DEFAULT_ADMIN_KEY}`);
    assert.deepEqual(request.json, { project_ids: ["proj_workers"] });
    assert.equal(requestId, request.requestId);
  } finally {
    await mf.dispose();
  }
});

test("without the conditions, as the README warns, the bundle takes the browser entry and dies at startup", { timeout: 90_000 }, async () => {
  const claimed = "TypeError: Invalid URL string";
  assert.ok(section.includes(claimed), "the README says how the naive build fails");
  const workersOnly = (arg) => arg.startsWith("--conditions=") || arg.startsWith("--loader:.wasm=");
  assert.equal(esbuildArgs.filter(workersOnly).length, 2);
  const naiveOutdir = "dist-naive";
  await esbuild([...esbuildArgs.filter((arg) => !workersOnly(arg) && !arg.startsWith("--outdir=")), `--outdir=${naiveOutdir}`]);
  assert.deepEqual(readdirSync(join(work, naiveOutdir)).filter((file) => file.endsWith(".wasm")), [], "the browser entry fetches its wasm: none is copied");

  const { Miniflare } = await importTool("miniflare");
  let runtimeOutput = "";
  const mf = await workerd(Miniflare, join(work, naiveOutdir, basename(entry)), {
    handleRuntimeStdio(stdout, stderr) {
      for (const stream of [stdout, stderr]) stream.on("data", (chunk) => (runtimeOutput += chunk));
    },
  });
  try {
    await assert.rejects(withTimeout(mf.ready, STEP_TIMEOUT_MS, "the naive bundle's startup"), /failed to start/);
    assert.ok(runtimeOutput.includes(claimed), runtimeOutput.slice(-1000));
  } finally {
    await mf.dispose().catch(() => {}); // a runtime that never started rejects its disposal too
  }
});
