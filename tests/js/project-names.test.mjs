// Issue 19: names beside ids (www/project-names.mjs): the organization's projects by id, what is
// known of one id (active, archived, not a project of the organization, or nothing without the
// projects), and how a project reads in one line.
import assert from "node:assert/strict";
import { test } from "node:test";

import { directorySummary, indexProjects, projectInfo, projectText, statusWords } from "../../www/project-names.mjs";

const project = (id, name, fields = {}) => ({ object: "organization.project", id, name, created_at: 1, archived_at: null, status: "active", ...fields });
const WEATHER = project("proj_abGMw1llN8IrBb6SvvY5A1iH", "Weather forecasts");
const LEGACY = project("proj_Lg7cHt2Bq9Wm4Xs1Kv6Np3Zr", "Legacy chatbot", { status: "archived", archived_at: 1_709_290_800 });
const NAMELESS = project("proj_Nn0000000000000000000000", null);

test("the projects by id, an archived one as archived (its archived_at decides too), a blank name as none", () => {
  const directory = indexProjects([WEATHER, LEGACY, NAMELESS, project("proj_Ar0000000000000000000000", "Gone", { status: null, archived_at: 5 }), project("proj_Bl0000000000000000000000", "  ")]);
  assert.deepEqual(directory.get(WEATHER.id), { id: WEATHER.id, name: "Weather forecasts", status: "active" });
  assert.equal(directory.get(LEGACY.id).status, "archived");
  assert.equal(directory.get("proj_Ar0000000000000000000000").status, "archived");
  assert.equal(directory.get(NAMELESS.id).name, null);
  assert.equal(directory.get("proj_Bl0000000000000000000000").name, null);
  assert.equal(directorySummary(directory), "5 projects, 2 archived");
  assert.equal(directorySummary(indexProjects([WEATHER])), "1 project");
});

test("one id: named from the directory, else from a report's own projects; unknown only when the projects were read", () => {
  const directory = indexProjects([WEATHER, LEGACY]);
  assert.deepEqual(projectInfo(WEATHER.id, { directory }), { id: WEATHER.id, name: "Weather forecasts", status: "active" });
  assert.deepEqual(projectInfo(LEGACY.id, { directory }), { id: LEGACY.id, name: "Legacy chatbot", status: "archived" });
  assert.deepEqual(projectInfo("proj_typo", { directory }), { id: "proj_typo", name: null, status: "unknown" });
  assert.deepEqual(projectInfo("proj_typo"), { id: "proj_typo", name: null, status: null }, "no projects read: the bare id, nothing claimed");
  const named = { proj_new: { name: "Created since", status: "active" }, proj_x: { name: null, status: "unknown" } };
  assert.deepEqual(projectInfo("proj_new", { directory, named }), { id: "proj_new", name: "Created since", status: "active" }, "a plan read newer projects");
  assert.deepEqual(projectInfo("proj_x", { named }), { id: "proj_x", name: null, status: "unknown" });
});

test("one line of text, and the status words", () => {
  assert.equal(projectText({ id: WEATHER.id, name: "Weather forecasts", status: "active" }), `Weather forecasts (${WEATHER.id})`);
  assert.equal(projectText({ id: LEGACY.id, name: "Legacy chatbot", status: "archived" }), `Legacy chatbot (${LEGACY.id}, archived)`);
  assert.equal(projectText({ id: "proj_x", name: null, status: "unknown" }), "proj_x (not a project of this organization)");
  assert.equal(projectText({ id: "proj_x", name: null, status: null }), "proj_x");
  assert.equal(statusWords("active"), "");
  assert.equal(statusWords(null), "");
});
