// Issue 19: the package's warnings are said once per page, and not at all while the console's own
// note already says the organization's projects could not be read (www/warnings.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { unsaidWarnings } from "../../www/warnings.mjs";

const UNREADABLE = "The organization's projects could not be read (403 …): projects are shown by id.";

test("each warning once per page", () => {
  const said = new Set();
  assert.deepEqual(unsaidWarnings([UNREADABLE, UNREADABLE], { directoryNoted: false, said }), [UNREADABLE]);
  assert.deepEqual(unsaidWarnings([UNREADABLE, "another"], { directoryNoted: false, said }), ["another"]);
  assert.deepEqual(unsaidWarnings(undefined, { directoryNoted: false, said }), []);
});

test("none while the console's note says the projects are unreadable", () => {
  const said = new Set();
  assert.deepEqual(unsaidWarnings([UNREADABLE], { directoryNoted: true, said }), []);
  assert.equal(said.size, 0);
});
