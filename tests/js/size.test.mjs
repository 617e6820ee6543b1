// The size budget: what one create call ships (wasm + glue + entry + errors), gzipped, through the
// lean entry. Deterministic for a given build, so it is asserted; speed is measured, never here.
//
// The budget depends on the toolchain, and is fixed for each. The package is built with std
// compiled from source (-Z build-std, optimize_for_size, panic=immediate-abort and other nightly
// flags). A machine that has rustup's wasm32 target uses that instead: its prebuilt std carries
// panic and formatting code that the first build leaves out, and it takes no nightly flags, about
// 4.5 KB gzipped more (measured: 26.7 and 31.1 KB).
// The target is 15 KB; see the README's size section for where the bytes go.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

import { SHIPPED, measure } from "../../scripts/size.mjs";

const pkgDir = fileURLToPath(new URL("../../pkg", import.meta.url));
const { toolchain } = JSON.parse(readFileSync(`${pkgDir}/.build.json`, "utf8"));
const BUDGET_GZIP_BYTES = (toolchain === "rustup" ? 32 : 27) * 1024;
const [oneCreateCall] = Object.keys(SHIPPED);

test(`${oneCreateCall} ships at most ${BUDGET_GZIP_BYTES / 1024} KB gzipped (${toolchain} toolchain)`, () => {
  const { files, total } = measure(pkgDir, SHIPPED[oneCreateCall]);
  const detail = files.map((f) => `${f.name} ${f.gzip} B`).join(", ");
  assert.ok(total.gzip <= BUDGET_GZIP_BYTES, `${total.gzip} B gzipped (${detail})`);
});
