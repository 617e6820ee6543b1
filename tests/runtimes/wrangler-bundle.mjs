// Bundles a Worker the way wrangler does, for tests that must see what a deploy would run:
// esbuild with the workerd/worker/browser conditions, the package installed as
// node_modules/checkpoint-permissions, and each .wasm import left as an external CompiledWasm
// module. A bundler that tree-shook the entry's `initSync(…)` (a "sideEffects" list missing an
// entry) would break every call here and nowhere in an unbundled Miniflare run.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";

import { PKG, ROOT, importTool } from "./harness.mjs";

/**
 * Bundles `files` (paths under the repository; the first is the Worker's main module, the others
 * what it imports by relative path from the same folder). Resolves { modulesRoot, modules } for
 * Miniflare, and `remove()` to delete the work folder once Miniflare is disposed.
 */
export async function bundleLikeWrangler(files) {
  const esbuild = await importTool("esbuild");
  const work = mkdtempSync(join(tmpdir(), "cp-wrangler-"));
  try {
    mkdirSync(join(work, "node_modules"));
    symlinkSync(PKG, join(work, "node_modules", "checkpoint-permissions"), "dir");
    for (const file of files) copyFileSync(join(ROOT, file), join(work, basename(file)));
    const wasmFiles = new Map(); // name in the bundle → the package's file
    const wasmExternal = { name: "wasm-modules", setup(build) {
      build.onResolve({ filter: /\.wasm$/ }, (args) => {
        const real = realpathSync(resolve(args.resolveDir, args.path));
        wasmFiles.set(basename(real), real);
        return { path: `./${basename(real)}`, external: true };
      });
    } };
    const dist = join(work, "dist");
    await esbuild.build({
      entryPoints: [join(work, basename(files[0]))], bundle: true, format: "esm", platform: "neutral", target: "es2022",
      conditions: ["workerd", "worker", "browser"], mainFields: ["browser", "module", "main"],
      outfile: join(dist, "index.js"), plugins: [wasmExternal], logLevel: "silent",
    });
    return {
      modulesRoot: dist,
      modules: [
        { type: "ESModule", path: join(dist, "index.js"), contents: readFileSync(join(dist, "index.js")) },
        ...[...wasmFiles].map(([name, real]) => ({ type: "CompiledWasm", path: join(dist, name), contents: readFileSync(real) })),
      ],
      remove: () => rmSync(work, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
