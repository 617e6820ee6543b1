// The size budget: what one create call ships (wasm + glue + entry + errors), gzipped.
// Deterministic for a given build, so it is asserted; speed is measured elsewhere, never here.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

import { measure } from "../../scripts/size.mjs";

const BUDGET_GZIP_BYTES = 40 * 1024;

test(`one create call ships at most ${BUDGET_GZIP_BYTES / 1024} KB gzipped`, () => {
  const { files, total } = measure(fileURLToPath(new URL("../../pkg", import.meta.url)));
  const detail = files.map((f) => `${f.name} ${f.gzip} B`).join(", ");
  assert.ok(total.gzip <= BUDGET_GZIP_BYTES, `${total.gzip} B gzipped (${detail})`);
});
