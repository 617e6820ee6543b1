// Prints what a call costs to ship, raw / gzip / brotli: everything a browser loads for one create
// call through the lean `/create` entry, for any call through the main entry, and for access as
// code through the `/access` entry. Used by the build and by the size budget test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";

const LOADED_BY_ENTRY = ["checkpoint_permissions_bg.wasm", "checkpoint_permissions.js", "browser.js", "api.js", "errors.js"];
const LOADED_BY_FULL_ENTRY = [...LOADED_BY_ENTRY, "calls.js"];

export const SHIPPED = {
  "one create call (checkpoint-permissions/create)": [...LOADED_BY_ENTRY.map((name) => `create/${name}`), "errors.js"],
  "any call (checkpoint-permissions)": LOADED_BY_FULL_ENTRY,
  "access as code (checkpoint-permissions/access)": [...LOADED_BY_FULL_ENTRY.map((name) => `access/${name}`), "errors.js"],
};

export function measure(pkgDir, files) {
  const rows = files.map((name) => {
    const bytes = readFileSync(join(pkgDir, name));
    return {
      name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const total = (key) => rows.reduce((sum, row) => sum + row[key], 0);
  return { files: rows, total: { name: "total", raw: total("raw"), gzip: total("gzip"), brotli: total("brotli") } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkgDir = process.argv[2] ?? "pkg";
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  for (const [what, files] of Object.entries(SHIPPED)) {
    const { files: rows, total } = measure(pkgDir, files);
    console.log(`\n${what.padEnd(40)}${"raw".padStart(9)}${"gzip".padStart(9)}${"brotli".padStart(9)}`);
    for (const row of [...rows, total]) console.log(`  ${row.name.padEnd(38)}${kb(row.raw)}${kb(row.gzip)}${kb(row.brotli)}`);
    console.log(`${what} ships ${(total.gzip / 1024).toFixed(1)} KB gzipped`);
  }
}
