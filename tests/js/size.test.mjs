// The size budget: what one create call ships (wasm + glue + entry + errors), gzipped, through the
// lean entry. Deterministic for a given build, so it is asserted; speed is measured, never here.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

import { SHIPPED, measure } from "../../scripts/size.mjs";

const BUDGET_GZIP_BYTES = 40 * 1024;
const [oneCreateCall] = Object.keys(SHIPPED);

test(`${oneCreateCall} ships at most ${BUDGET_GZIP_BYTES / 1024} KB gzipped`, () => {
  const { files, total } = measure(fileURLToPath(new URL("../../pkg", import.meta.url)), SHIPPED[oneCreateCall]);
  const detail = files.map((f) => `${f.name} ${f.gzip} B`).join(", ");
  assert.ok(total.gzip <= BUDGET_GZIP_BYTES, `${total.gzip} B gzipped (${detail})`);
});
