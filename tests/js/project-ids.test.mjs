// Issue 13: the console reads pasted project ids split on commas and on any whitespace
// (www/project-ids.mjs). The page itself is driven in tests/js/console.browser.test.mjs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { parseProjectIds, replaceProjectId, withProjectId } from "../../www/project-ids.mjs";

const A = "proj_abGMw1llN8IrBb6SvvY5A1iH";
const B = "proj_iqGMw1llN8IrBb6SvvY5A1oF";
const C = "proj_Xk2mP9qRs4TuVw7YzA1bC3dE";

test("ids separated by spaces, tabs, newlines or commas, in any mix, are read one by one", () => {
  const cases = {
    "spaces": `${A} ${B}  ${C}`,
    "tabs (a spreadsheet column pasted as a row)": `${A}\t${B}\t${C}`,
    "newlines": `${A}\n${B}\n${C}`,
    "Windows newlines": `${A}\r\n${B}\r\n${C}\r\n`,
    "commas": `${A},${B},${C}`,
    "commas and spaces": `${A}, ${B} ,${C}`,
    "a mix, with blanks around": `\n  ${A},\t${B}\n\n , ,${C}  \n`,
    "no-break spaces (copied from a web page)": `${A}\u00a0${B}\u00a0\u00a0${C}`,
  };
  for (const [shape, text] of Object.entries(cases)) assert.deepEqual(parseProjectIds(text), [A, B, C], shape);
});

test("blanks give no ids, and repeats keep the first one", () => {
  for (const text of ["", " ", "\n\t\r\n", ", ,,\n,"]) assert.deepEqual(parseProjectIds(text), [], JSON.stringify(text));
  assert.deepEqual(parseProjectIds(`${B} ${A}\n${B},${A}`), [B, A]);
});

test("anything that is not a separator stays inside the id, for validation to flag", () => {
  assert.deepEqual(parseProjectIds(`${A};${B}`), [`${A};${B}`]);
  assert.deepEqual(parseProjectIds(`"${A}"`), [`"${A}"`]);
});

test("a picked project is added on a line of its own, once; what was typed is kept", () => {
  assert.equal(withProjectId("", A), `${A}\n`);
  assert.equal(withProjectId(`${B}, ${C},\n `, A), `${B}, ${C}\n${A}\n`);
  assert.equal(withProjectId(`${A} ${B}`, B), `${A} ${B}`, "already there: unchanged");
  assert.deepEqual(parseProjectIds(withProjectId(withProjectId(B, A), C)), [B, A, C]);
});

test("a did-you-mean replaces the typed id wherever it is, and nothing else", () => {
  const typo = "proj_abGMw1llN8IrBb6SvvY5A1iX";
  assert.equal(replaceProjectId(`${B}\n${typo}, ${C}\t${typo}`, typo, A), `${B}\n${A}, ${C}\t${A}`);
  assert.equal(replaceProjectId(`${typo}x ${B}`, typo, A), `${typo}x ${B}`, "only whole ids");
});
