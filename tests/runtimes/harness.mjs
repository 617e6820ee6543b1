// Node-side helpers for the runtime, bundler and Worker tests: where the pinned tools are, a tiny
// static server on 127.0.0.1, a bounded child process, Chromium through playwright-core, and the
// Miniflare module list for the package's workerd entry. Everything started here has a stop.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const PKG = join(ROOT, "pkg");

/** The pinned test tools' node_modules (env TEST_TOOLS, else tests/tools/node_modules). */
export const TOOLS = [process.env.TEST_TOOLS, join(ROOT, "tests/tools/node_modules")]
  .find((dir) => dir && existsSync(join(dir, "playwright-core"))) ?? join(ROOT, "tests/tools/node_modules");
export const toolBin = (name) => join(TOOLS, ".bin", name);
const toolRequire = createRequire(join(TOOLS, "noop.js"));
/** Imports a pinned tool by package name (ESM entry when it has one). */
export async function importTool(name) {
  return import(pathToFileURL(toolRequire.resolve(name)).href);
}
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/**
 * Serves files under `root` on 127.0.0.1 (GET only, no listing, nothing outside root), plus
 * `extra` exact-path answers: { "/index.html": "<!doctype html>…" }.
 */
export async function startStaticServer(root, extra = {}) {
  const base = realpathSync(root);
  const sockets = new Set();
  const server = createServer((request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    } catch {
      return end(response, 400, "bad path");
    }
    if (request.method !== "GET" && request.method !== "HEAD") return end(response, 405, "method");
    if (path in extra) return end(response, 200, extra[path], TYPES[extname(path)] ?? "text/html; charset=utf-8");
    const file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return end(response, 403, "outside");
    if (!existsSync(file) || !statSync(file).isFile()) return end(response, 404, "not found");
    end(response, 200, readFileSync(file), TYPES[extname(file)] ?? "application/octet-stream");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((done, fail) => server.once("error", fail).listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => {
      server.close(() => done());
      for (const socket of sockets) socket.destroy();
    }),
  };
}

function end(response, status, body, type = "text/plain") {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}

/**
 * Runs a command to completion, killed after `timeoutMs`. Resolves { code, signal, stdout,
 * stderr, timedOut, error } and never rejects: a command that cannot start is an outcome.
 */
export function runProcess(command, args, { timeoutMs = 60_000, cwd = ROOT, env = process.env } = {}) {
  return new Promise((done) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let child;
    try {
      child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      done({ code: null, stdout, stderr, error });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      done({ code: null, stdout, stderr, error, timedOut });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Headless Debian Chromium through playwright-core; close it with browser.close(). */
export async function launchChromium() {
  const playwright = await importTool("playwright-core");
  const { chromium } = playwright.chromium ? playwright : playwright.default;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Resolves `promise`, or rejects with `what` after `ms`. */
export async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms} ms`)), ms);
    })]);
  } finally {
    clearTimeout(timer);
  }
}

// What each workerd entry imports, relative to pkg/. The /access entry has its own glue and wasm
// (built with the access feature) and shares the main entry's error classes.
const WORKERD_ENTRY_MODULES = {
  ".": { scripts: ["workerd.js", "api.js", "calls.js", "errors.js", "checkpoint_permissions.js"], wasm: "checkpoint_permissions_bg.wasm" },
  access: {
    scripts: ["access/workerd.js", "access/api.js", "access/calls.js", "access/errors.js", "access/checkpoint_permissions.js", "errors.js"],
    wasm: "access/checkpoint_permissions_bg.wasm",
  },
};

/**
 * Miniflare modules for one of the package's workerd entries (`entry`: "." for
 * "checkpoint-permissions", "access" for "checkpoint-permissions/access") as a Workers project
 * loads it: the glue and the entry as ESModule modules and the .wasm as a CompiledWasm module.
 * Paths are absolute, so with modulesRoot ROOT the modules are named "pkg/workerd.js" etc.
 * `aliasAs` also registers a module under a bare name an app imports, e.g.
 * "examples/worker/checkpoint-permissions" for `import … from "checkpoint-permissions"` in
 * examples/worker/*.js, re-exporting the entry.
 */
export function workerdPackageModules({ entry = ".", aliasAs } = {}) {
  const files = WORKERD_ENTRY_MODULES[entry];
  if (!files) throw new TypeError(`no workerd entry "${entry}"`);
  const mod = (type, path, contents = readFileSync(join(ROOT, path))) => ({ type, path: join(ROOT, path), contents });
  const modules = [
    ...files.scripts.map((file) => mod("ESModule", `pkg/${file}`)),
    mod("CompiledWasm", `pkg/${files.wasm}`),
  ];
  if (aliasAs) {
    // workerd resolves a bare specifier next to the importing module, so the alias lives there.
    const target = relative(dirname(join(ROOT, aliasAs)), join(PKG, entry, "workerd.js"));
    modules.push(mod("ESModule", aliasAs, `export * from "./${target}";\n`));
  }
  return modules;
}
/**
 * Packs pkg/ with npm and installs the tarball into the empty folder `work` (made an ESM app):
 * what a user gets, the `files` list included. The package has no dependencies, so the install
 * needs no registry.
 */
export function installPackedPackage(work) {
  const run = (args) => execFileSync("npm", args, { cwd: work, encoding: "utf8", timeout: 60_000 });
  const tarball = run(["pack", PKG, "--pack-destination", work, "--silent"]).trim().split("\n").pop();
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  run(["install", "--offline", "--no-audit", "--no-fund", "--silent", join(work, tarball)]);
}

export const moduleFile = (path) => ({ type: "ESModule", path: join(ROOT, path), contents: readFileSync(join(ROOT, path)) });
