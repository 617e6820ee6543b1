// Issue 18: the permissions table's filter matches any part of a project id, and the table says
// what it shows: never "no project has access" for a filter that matched nothing, never an old
// checkpoint's count (www/filter.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { filterPermissions, matchesFilter, tableSummary } from "../../www/filter.mjs";

const permission = (project_id) => ({ object: "checkpoint.permission", id: `cp_${project_id}`, created_at: 1, project_id });

test("the filter matches any part of a project id, in any case; blank matches all", () => {
  const id = "proj_abGMw1llN8IrBb6SvvY5A1iH";
  for (const filter of ["proj_abGMw1llN8IrBb6SvvY5A1iH", "5A1iH", "5a1ih", "GMw1", "proj_", " 5A1iH ", "", "  "]) {
    assert.equal(matchesFilter(id, filter), true, JSON.stringify(filter));
  }
  for (const filter of ["5A1iHx", "proj-ab", "cp_", "abGMw1 llN8"]) assert.equal(matchesFilter(id, filter), false, JSON.stringify(filter));
});

test("filtering keeps the order of the permissions", () => {
  const rows = ["proj_page10", "proj_other", "proj_page11", "proj_PAGE12"].map(permission);
  assert.deepEqual(filterPermissions(rows, "page1").map((row) => row.project_id), ["proj_page10", "proj_page11", "proj_PAGE12"]);
});

test("an empty filtered result says that nothing matches, not that nobody has access", () => {
  const some = tableSummary({ phase: "loaded", filter: "zzz", shown: 0, total: 23 });
  assert.equal(some.empty, 'No permission matches "zzz": none of the 23 project ids on this checkpoint contains it.');
  assert.doesNotMatch(some.empty, /No project has access/);
  assert.equal(tableSummary({ phase: "loaded", filter: "zzz", shown: 0, total: 0 }).empty,
    'No permission matches "zzz": no project has access to this checkpoint at all.');
  assert.equal(tableSummary({ phase: "loaded", filter: "page1", shown: 3, total: 23 }).status, '3 of 23 permissions match "page1" (part of the project id).');
});

test("unfiltered: the count shown, or that nobody has access", () => {
  assert.deepEqual(tableSummary({ phase: "loaded", shown: 0 }), { status: "", empty: "No project has access to this checkpoint." });
  assert.deepEqual(tableSummary({ phase: "loaded", shown: 1 }), { status: "1 permission shown.", empty: null });
  assert.deepEqual(tableSummary({ phase: "loaded", shown: 20, hasMore: true }), { status: "20 permissions shown, more available.", empty: null });
});

test("no checkpoint, an invalid one, one being typed, loading or failed: no count, and the reason", () => {
  const cases = {
    none: /Enter a checkpoint/,
    invalid: /Nothing is shown: the checkpoint must be a fine-tuned model/,
    typing: /The checkpoint changed/,
    loading: /Loading/,
    failed: /could not be loaded .* Nothing is shown rather than an old list/,
  };
  for (const [phase, pattern] of Object.entries(cases)) {
    const summary = tableSummary({ phase, shown: 2, total: 2, filter: "x", problem: "must be a fine-tuned model or checkpoint name (ft:…) or a checkpoint id (ft-…)" });
    assert.equal(summary.status, "", `${phase}: no count of rows that are not this checkpoint's`);
    assert.match(summary.empty, pattern, phase);
    assert.doesNotMatch(summary.empty, /No project has access/, phase);
  }
});

test("with the organization's projects, the filter matches part of a name too, and says so", () => {
  const names = { proj_a: "Weather forecasts", proj_b: "Éclair bakery" };
  const rows = ["proj_a", "proj_b", "proj_c"].map(permission);
  assert.deepEqual(filterPermissions(rows, "CAST", (id) => names[id] ?? null).map((row) => row.project_id), ["proj_a"]);
  assert.deepEqual(filterPermissions(rows, "eclair", (id) => names[id] ?? null).map((row) => row.project_id), ["proj_b"], "accents aside");
  assert.deepEqual(filterPermissions(rows, "CAST").map((row) => row.project_id), [], "without names, ids only");
  assert.equal(matchesFilter("proj_a", "proj_", "Weather"), true);
  assert.equal(tableSummary({ phase: "loaded", filter: "cast", shown: 1, total: 3, byName: true }).status, '1 of 3 permissions match "cast" (part of the project\'s name or id).');
  assert.equal(tableSummary({ phase: "loaded", filter: "zzz", shown: 0, total: 3, byName: true }).empty,
    'No permission matches "zzz": none of the 3 projects on this checkpoint has it in its name or id.');
});
