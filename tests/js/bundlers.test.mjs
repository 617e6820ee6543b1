// Issue 4: a tiny app (tests/bundlers/app/) importing the package by its name builds with Vite,
// esbuild and webpack 5, as unconfigured as possible, and each bundle runs once against the
// emulator: Vite's in Chromium, esbuild's and webpack's in Node. The package resolves to pkg/
// through a symlink in a temporary node_modules (nothing comes from a registry).
// The Node bundles also check that the package's "sideEffects" list keeps the node entry's
// top-level `initSync(...)`: without it the call would fall back to fetching the wasm from a
// file: URL, which Node's fetch refuses.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";

import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";
import { PKG, ROOT, importTool, launchChromium, runProcess, startStaticServer, withTimeout } from "../runtimes/harness.mjs";

const sizes = [];
let emulator;
let work;
let app;

before(async () => {
  emulator = await startEmulator();
  work = mkdtempSync(join(tmpdir(), "cp-bundlers-"));
  app = join(work, "app");
  cpSync(join(ROOT, "tests/bundlers/app"), app, { recursive: true });
  mkdirSync(join(app, "node_modules"));
  symlinkSync(PKG, join(app, "node_modules", "checkpoint-permissions"), "dir");
});
after(async () => {
  await emulator?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  console.log(["", "| bundle | file | bytes | gzipped |", "|---|---|---|---|",
    ...sizes.map(({ bundle, file, bytes, gzipped }) => `| ${bundle} | ${file} | ${bytes} | ${gzipped} |`)].join("\n"));
});

/** Records every output file's size (and gzipped size) under `dir`. */
function recordSizes(bundle, dir) {
  const walk = (d) => readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
  const files = walk(dir);
  for (const file of files) {
    const bytes = readFileSync(file);
    sizes.push({ bundle, file: file.slice(dir.length + 1), bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length });
  }
  return files.map((file) => file.slice(dir.length + 1));
}

function checkAppResult(outcome, label) {
  assert.ok(outcome?.result, `${label}: ${outcome?.error ?? JSON.stringify(outcome)}`);
  assert.deepEqual(outcome.result, { created: "proj_bundled_app", listed: ["proj_bundled_app"], refused: "InvalidInputError(checkpoint)" });
  const seen = emulator.requests.map((r) => `${r.method} ${r.headers.authorization === `Bearer ${DEFAULT_ADMIN_KEY}`}`);
  assert.deepEqual(seen, ["POST true", "GET true"], `${label}: the emulator saw ${seen}`);
}

/** Runs a Node bundle once against the emulator; returns the app's outcome. */
async function runNodeBundle(file) {
  emulator.reset();
  const outcome = await runProcess(process.execPath, [file, emulator.baseURL, DEFAULT_ADMIN_KEY], { timeoutMs: 30_000, cwd: work });
  const line = outcome.stdout.split("\n").find((l) => l.startsWith("APP_RESULT="));
  return line ? JSON.parse(line.slice("APP_RESULT=".length)) : { error: `no result (exit ${outcome.code}): ${outcome.stderr.slice(-600)}` };
}

test("Vite: production build, loaded in Chromium", async () => {
  const vite = await importTool("vite");
  const outDir = join(work, "vite-dist");
  await withTimeout(vite.build({ root: app, configFile: false, logLevel: "warn", build: { outDir, emptyOutDir: true } }), 60_000, "vite build");
  const files = recordSizes("vite (browser)", outDir);
  // Vite handled the glue's new URL("…_bg.wasm", import.meta.url) itself: the wasm is a hashed asset.
  assert.ok(files.some((f) => /^assets\/checkpoint_permissions_bg-.*\.wasm$/.test(f)), `no wasm asset in ${files}`);

  emulator.reset();
  const site = await startStaticServer(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const query = new URLSearchParams({ baseURL: emulator.baseURL, token: DEFAULT_ADMIN_KEY });
    await page.goto(`${site.url}/index.html?${query}`, { timeout: 15_000 });
    await page.waitForFunction(() => window.__appResult !== undefined, null, { timeout: 20_000 });
    checkAppResult(await page.evaluate(() => window.__appResult), "vite");
  } finally {
    await browser.close();
    await site.close();
  }
});

async function esbuildBundle(name, extra = {}) {
  const esbuild = await importTool("esbuild");
  const outdir = join(work, name);
  await esbuild.build({ entryPoints: [join(app, "node-main.js")], bundle: true, platform: "node", format: "esm", outfile: join(outdir, "app.mjs"), logLevel: "warning", ...extra });
  // esbuild leaves new URL("…_bg.wasm", import.meta.url) as it is and ships no file: put it beside the bundle.
  copyFileSync(join(PKG, "checkpoint_permissions_bg.wasm"), join(outdir, "checkpoint_permissions_bg.wasm"));
  recordSizes(`esbuild (${name})`, outdir);
  return join(outdir, "app.mjs");
}

test("esbuild: bundle for Node, unconfigured, wasm copied beside it", async () => {
  const file = await esbuildBundle("esbuild-node");
  checkAppResult(await runNodeBundle(file), "esbuild");
});

async function webpackBundle(name, extra = {}) {
  const { default: webpack } = await importTool("webpack");
  const path = join(work, name);
  const stats = await withTimeout(new Promise((resolve, reject) => {
    webpack({ mode: "production", context: app, entry: "./node-main.js", target: "node", output: { path, clean: true }, ...extra },
      (error, result) => (error ? reject(error) : resolve(result)));
  }), 60_000, "webpack");
  const info = stats.toJson({ all: false, errors: true });
  assert.deepEqual(info.errors.map((e) => e.message), []);
  const files = recordSizes(`webpack (${name})`, path);
  // webpack 5 turned new URL("…_bg.wasm", import.meta.url) into an emitted asset/resource itself.
  assert.ok(files.some((f) => f.endsWith(".wasm")), `no wasm asset in ${files}`);
  return join(path, "main.js");
}

test("webpack 5: Node API, target node, unconfigured", async () => {
  const file = await webpackBundle("webpack-node");
  checkAppResult(await runNodeBundle(file), "webpack");
});
