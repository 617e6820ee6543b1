// Issue 13: which checkpoints the console's access panel reads from the file's text, for Export and
// the progress bar (www/access-file.mjs). The engine's own strict reading is tested in access.test.mjs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { checkpointsNamedIn, checkpointsToExport } from "../../www/access-file.mjs";

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

test("Export refreshes the checkpoints a file names, also while it is half edited", () => {
  const file = JSON.stringify({ checkpoints: { [STEP_200]: [], [WEATHER]: ["proj_a"] } }, null, 2);
  assert.deepEqual(checkpointsToExport(file), [STEP_200, WEATHER]);
  // Cut off mid-list, a comma missing, a key still being typed: the keys already there still count.
  const halfEdited = `{\n  "checkpoints": {\n    "${STEP_200}": ["proj_a",\n    "${WEATHER}": ["proj_b" "proj_c"],\n    "${STEP_200}": [],\n    "ft:gpt-4o-mi`;
  assert.deepEqual(checkpointsToExport(halfEdited), [STEP_200, WEATHER]);
  assert.deepEqual(checkpointsToExport(`{"checkpoints": {"ft-AF1WoRqd3aJAHsqc9NY7iL8F": [`), ["ft-AF1WoRqd3aJAHsqc9NY7iL8F"]);
  assert.deepEqual(checkpointsToExport(`{"checkpoints": {"ft:a\\u003ab": []`), ["ft:a:b"], "an escape in a key is read as JSON reads it");
});

test("text that names no checkpoint, or is not an access file, gives none: Export then takes the one shown", () => {
  for (const text of ["", "   ", "hello", `{"checkpoints": {}}`, `{"$schema": "./x.json", "checkpoints": {`, `{"proj_a": ["ft:x"]}`, `"ft:x"`]) {
    assert.deepEqual(checkpointsToExport(text), [], JSON.stringify(text));
  }
});
