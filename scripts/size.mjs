// Prints what one createCheckpointPermissions call costs to ship: the wasm, the wasm-bindgen glue,
// the entry and the error classes, raw / gzip / brotli. Used by the build and the size budget test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";

export const SHIPPED_FOR_ONE_CALL = ["checkpoint_permissions_bg.wasm", "checkpoint_permissions.js", "browser.js", "api.js", "errors.js"];

export function measure(pkgDir) {
  const files = SHIPPED_FOR_ONE_CALL.map((name) => {
    const bytes = readFileSync(join(pkgDir, name));
    return {
      name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const total = (key) => files.reduce((sum, file) => sum + file[key], 0);
  return { files, total: { name: "total", raw: total("raw"), gzip: total("gzip"), brotli: total("brotli") } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, total } = measure(process.argv[2] ?? "pkg");
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  console.log(`${"file".padEnd(32)}${"raw".padStart(9)}${"gzip".padStart(9)}${"brotli".padStart(9)}`);
  for (const row of [...files, total]) console.log(`${row.name.padEnd(32)}${kb(row.raw)}${kb(row.gzip)}${kb(row.brotli)}`);
  console.log(`one create call ships ${(total.gzip / 1024).toFixed(1)} KB gzipped`);
}
