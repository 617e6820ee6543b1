// Issue 18: the console checks ids as they are typed with the package's own rules, so every id of
// the shared fixture (tests/fixtures/ids.json) is accepted or refused with exactly the package's
// problem (www/id-check.mjs, given the Node entry's validators as the page gives its own).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { validateCheckpoint, validateProjectIds } from "../../pkg/access/node.js";
import { checkCheckpoint, checkProjectId, checkProjectIdsText, problemOf } from "../../www/id-check.mjs";

const ids = JSON.parse(readFileSync(new URL("../fixtures/ids.json", import.meta.url), "utf8"));

test("every valid checkpoint of the fixture passes; every invalid one gets the fixture's problem", () => {
  for (const id of ids.checkpoint.valid) assert.equal(checkCheckpoint(id, validateCheckpoint), null, id);
  for (const { id, problem } of ids.checkpoint.invalid) assert.equal(checkCheckpoint(id, validateCheckpoint), problem, JSON.stringify(id));
});

test("every valid project id of the fixture passes; every invalid one gets the fixture's problem", () => {
  for (const id of ids.project.valid) assert.equal(checkProjectId(id, validateProjectIds), null, id);
  for (const { id, problem } of ids.project.invalid) assert.equal(checkProjectId(id, validateProjectIds), problem, JSON.stringify(id));
});

test("pasted text: each invalid id is named with its problem, in order; the valid ones are kept", () => {
  const valid = ids.project.valid.filter((id) => !/[\s,]/.test(id));
  // Whitespace and commas separate ids, so the fixture's ids that hold them cannot arrive whole in text.
  const invalid = ids.project.invalid.filter(({ id }) => id !== "" && !/[\s,]/.test(id));
  const text = [...valid, ...invalid.map(({ id }) => id)].join("\n");
  const { ids: read, problems } = checkProjectIdsText(text, validateProjectIds);
  assert.deepEqual(read, [...valid, ...invalid.map(({ id }) => id)]);
  assert.deepEqual(problems.map(({ id, problem }) => [id, problem]), invalid.map(({ id, problem }) => [id, problem]));
});

test("the typos of issue 18 are flagged: hello, proj-typo-123 and the checkpoint foo", () => {
  const { problems } = checkProjectIdsText("proj_abGMw1llN8IrBb6SvvY5A1iH hello, proj-typo-123", validateProjectIds);
  assert.deepEqual(problems.map(({ id, problem }) => `${id} ${problem}`), [
    "hello must be a project id (proj_…)",
    "proj-typo-123 must be a project id (proj_…)",
  ]);
  assert.equal(checkCheckpoint("foo", validateCheckpoint), "must be a fine-tuned model or checkpoint name (ft:…) or a checkpoint id (ft-…)");
});

test("a control character inside an id is shown escaped", () => {
  const { problems } = checkProjectIdsText("proj_with\bbackspace bad\u0007bell", validateProjectIds);
  assert.deepEqual(problems.map(({ shown }) => shown), ["proj_with\\bbackspace", "bad\\u0007bell"]);
});

test("problemOf drops exactly the field the package put first", () => {
  assert.equal(problemOf({ message: "projectIds[3] must not be empty", field: "projectIds[3]" }), "must not be empty");
  assert.equal(problemOf({ message: "checkpoint must not contain \"/\"", field: "checkpoint" }), "must not contain \"/\"");
  assert.equal(problemOf({ message: "something else entirely", field: "checkpoint" }), "something else entirely");
  assert.equal(problemOf(new Error("no field")), "no field");
});
