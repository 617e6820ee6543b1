// Issue 19: what the project picker offers for a few typed letters (www/project-search.mjs): by
// name (start, word, anywhere) before by id, never an archived project, those already listed
// marked, at most a few with a count of the rest.
import assert from "node:assert/strict";
import { test } from "node:test";

import { indexProjects } from "../../www/project-names.mjs";
import { noMatchText, searchProjects, searchable } from "../../www/project-search.mjs";

const project = (id, name, status = "active") => ({ id, name, status, archived_at: status === "archived" ? 1 : null });
const directory = indexProjects([
  project("proj_abGMw1llN8IrBb6SvvY5A1iH", "Weather forecasts"),
  project("proj_Xk2mP9qRs4TuVw7YzA1bC3dE", "Forecast experiments"),
  project("proj_Hj5kL7mN9pQ2rS4tU6vW8xY0", "Support bot"),
  project("proj_Rs6bXq1Hn8Kv3Tw9Pz5Lc2Jm", "Research sandbox"),
  project("proj_Lg7cHt2Bq9Wm4Xs1Kv6Np3Zr", "Legacy chatbot", "archived"),
  project("proj_Ec1a1r000000000000000000", "Éclair bakery"),
  project("proj_weat00000000000000000000", null),
]);
const ids = (result) => result.matches.map((match) => match.id);
const names = (result) => result.matches.map((match) => match.name ?? match.id);

test("'weat' offers Weather forecasts first, then an id that holds it", () => {
  const result = searchProjects(directory, "weat");
  assert.deepEqual(names(result), ["Weather forecasts", "proj_weat00000000000000000000"]);
  assert.equal(result.more, 0);
});

test("a name's start beats a word's start, which beats the middle of a name, which beats an id", () => {
  assert.deepEqual(names(searchProjects(directory, "fore")), ["Forecast experiments", "Weather forecasts"]);
  assert.deepEqual(names(searchProjects(directory, "bo")), ["Support bot", "Research sandbox"], "a word of the name, then the middle of one");
  assert.deepEqual(names(searchProjects(directory, "ECAS")), ["Forecast experiments", "Weather forecasts"], "any case, anywhere in the name");
  assert.deepEqual(ids(searchProjects(directory, "hj5kl7")), ["proj_Hj5kL7mN9pQ2rS4tU6vW8xY0"], "a piece of the id");
  assert.deepEqual(ids(searchProjects(directory, "proj_Rs6bXq1Hn8Kv3Tw9Pz5Lc2Jm")), ["proj_Rs6bXq1Hn8Kv3Tw9Pz5Lc2Jm"], "a whole pasted id");
  assert.deepEqual(names(searchProjects(directory, "eclair")), ["Éclair bakery"], "accents aside");
  assert.equal(searchable("  Éclair \t Bot "), "eclair bot");
});

test("an archived project is never offered, and the no-match text says it is archived", () => {
  assert.deepEqual(ids(searchProjects(directory, "legacy")), []);
  assert.deepEqual(ids(searchProjects(directory, "proj_Lg7c")), []);
  assert.equal(noMatchText(directory, "legacy"), "No active project matches: Legacy chatbot is archived and cannot be given access.");
  assert.match(noMatchText(directory, "zzz"), /^No project matches\. Paste its id if it is new, or refresh the projects\.$/);
});

test("projects already in the field are marked; a blank query or no projects offer nothing; a limit counts the rest", () => {
  const listed = searchProjects(directory, "forecast", { listed: new Set(["proj_abGMw1llN8IrBb6SvvY5A1iH"]) });
  assert.deepEqual(listed.matches.map((match) => [match.name, match.listed]), [["Forecast experiments", false], ["Weather forecasts", true]]);
  assert.deepEqual(searchProjects(directory, "  "), { matches: [], more: 0 });
  assert.deepEqual(searchProjects(null, "weat"), { matches: [], more: 0 });
  const limited = searchProjects(directory, "proj_", { limit: 2 });
  assert.equal(limited.matches.length, 2);
  assert.equal(limited.more, 4, "6 active projects match, 2 shown");
});
