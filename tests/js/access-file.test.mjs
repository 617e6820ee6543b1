// Issue 13: which checkpoints the console's access panel reads from the file's text, for Export and
// the progress bar (www/access-file.mjs). The engine's own strict reading is tested in access.test.mjs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { checkpointsNamedIn } from "../../www/access-file.mjs";

const WEATHER = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const STEP_200 = `${WEATHER}:ckpt-step-200`;

test("an access file's checkpoints, in file order, whatever their lists hold", () => {
  const text = JSON.stringify({ $schema: "./x.json", checkpoints: { [STEP_200]: [], [WEATHER]: ["proj_a", 3] } }, null, 2);
  assert.deepEqual(checkpointsNamedIn(text), [STEP_200, WEATHER]);
});

test("text that is not an access file's JSON names no checkpoint", () => {
  const cases = ["", "   ", `{"checkpoints": {"${WEATHER}": [`, "null", "[]", "42", `"${WEATHER}"`,
    `{"checkpoint": {"${WEATHER}": []}}`, `{"checkpoints": null}`, `{"checkpoints": ["${WEATHER}"]}`, `{"checkpoints": "${WEATHER}"}`,
    `{"checkpoints": {}}`];
  for (const text of cases) assert.deepEqual(checkpointsNamedIn(text), [], JSON.stringify(text));
});
