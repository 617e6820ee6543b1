// Issue 13: which checkpoints the console's access panel reads from the file's text, for Export and
// the progress bar (www/access-file.mjs). The engine's own strict reading is tested in access.test.mjs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { checkpointsNamedIn, checkpointsToExport, insertProjectId } from "../../www/access-file.mjs";

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

test("a picked project goes in at the cursor, quoted, with a comma beside a neighbouring id", () => {
  const A = "proj_abGMw1llN8IrBb6SvvY5A1iH";
  const B = "proj_iqGMw1llN8IrBb6SvvY5A1oF";
  const empty = `{"checkpoints": {"${WEATHER}": []}}`;
  const intoEmpty = insertProjectId(empty, empty.indexOf("[") + 1, A);
  assert.equal(intoEmpty.text, `{"checkpoints": {"${WEATHER}": ["${A}"]}}`);
  assert.equal(intoEmpty.caret, empty.indexOf("[") + 1 + A.length + 2);
  const afterOne = insertProjectId(intoEmpty.text, intoEmpty.caret, B);
  assert.deepEqual(JSON.parse(afterOne.text).checkpoints[WEATHER], [A, B], "after an id: a comma before");
  const before = `{"checkpoints": {"${WEATHER}": [ "${A}"]}}`;
  const beforeOne = insertProjectId(before, before.indexOf("[") + 1, B);
  assert.deepEqual(JSON.parse(beforeOne.text).checkpoints[WEATHER], [B, A], "before an id: a comma after");
  // A cursor inside an id moves past it: one id is never cut in two.
  const inside = insertProjectId(before, before.indexOf(A) + 5, B);
  assert.deepEqual(JSON.parse(inside.text).checkpoints[WEATHER], [A, B]);
});

test("into an empty field: a whole file giving the checkpoint shown that project; without one, the quoted id alone", () => {
  const A = "proj_abGMw1llN8IrBb6SvvY5A1iH";
  const file = insertProjectId("  ", 0, A, { checkpoint: WEATHER });
  assert.deepEqual(JSON.parse(file.text), { checkpoints: { [WEATHER]: [A] } });
  assert.equal(file.text.slice(file.caret - A.length - 1, file.caret), `${A}"`);
  assert.equal(insertProjectId("", 0, A).text, `"${A}"`);
});
