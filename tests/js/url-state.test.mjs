// Issue 18: the console's view lives in the address bar (checkpoint, filter, order) and the
// console token arrives in the fragment and must never stay there (www/url-state.mjs). The page
// itself is driven in tests/js/console.browser.test.mjs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { DEFAULT_ORDER, readView, takeToken, viewAddress, viewSearch } from "../../www/url-state.mjs";

const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";

test("a view survives the round trip through the query string, whatever its text holds", () => {
  const views = [
    { checkpoint: CHECKPOINT, filter: "", order: "descending" },
    { checkpoint: `${CHECKPOINT}:ckpt-step-200`, filter: "5A1iH", order: "ascending" },
    { checkpoint: "ft:a:b@c", filter: "a b&c=d#e+f%g", order: "descending" },
    { checkpoint: "ft:ünïcode", filter: "proj_", order: "ascending" },
    { checkpoint: "foo", filter: " ", order: "descending" }, // an invalid checkpoint is kept: the page says why it shows nothing
  ];
  for (const view of views) assert.deepEqual(readView(viewSearch(view)), view, JSON.stringify(view));
});

test("a link stays readable and short: colons as they are, defaults left out", () => {
  assert.equal(viewSearch({ checkpoint: CHECKPOINT, filter: "", order: DEFAULT_ORDER }), `?checkpoint=${CHECKPOINT}`);
  assert.equal(viewSearch({ checkpoint: "ft:a", filter: "iH", order: "ascending" }), "?checkpoint=ft:a&filter=iH&order=ascending");
  assert.equal(viewSearch({ checkpoint: null, filter: "", order: DEFAULT_ORDER }), "");
});

test("an address naming no view, or an unknown order, reads as the default view", () => {
  assert.deepEqual(readView(""), { checkpoint: null, filter: "", order: DEFAULT_ORDER });
  assert.deepEqual(readView("?order=sideways&other=1"), { checkpoint: null, filter: "", order: DEFAULT_ORDER });
  assert.equal(readView("?checkpoint=").checkpoint, "", "an empty checkpoint is named, and flagged by the page");
});

test("the token is taken out of the fragment; whatever else the fragment holds stays", () => {
  assert.deepEqual(takeToken("#token=abc_DEF-123"), { token: "abc_DEF-123", hash: "" });
  assert.deepEqual(takeToken("#main&token=abc"), { token: "abc", hash: "#main" });
  assert.deepEqual(takeToken("#token=abc&x=1&y"), { token: "abc", hash: "#x=1&y" });
  assert.deepEqual(takeToken("#token=a%2Bb"), { token: "a+b", hash: "" });
  assert.deepEqual(takeToken("#main"), { token: null, hash: "#main" });
  assert.deepEqual(takeToken(""), { token: null, hash: "" });
  assert.deepEqual(takeToken("#token="), { token: null, hash: "" }, "an empty token is no token, and is removed too");
  assert.deepEqual(takeToken("#tokens=abc"), { token: null, hash: "#tokens=abc" });
});

test("the address of a view never carries the token, even when the current fragment does", () => {
  const view = { checkpoint: CHECKPOINT, filter: "", order: DEFAULT_ORDER };
  assert.equal(viewAddress("/", view, "#token=secret"), `/?checkpoint=${CHECKPOINT}`);
  assert.equal(viewAddress("/", view, "#main&token=secret"), `/?checkpoint=${CHECKPOINT}#main`);
  assert.equal(viewAddress("/console/", { ...view, filter: "x" }, ""), `/console/?checkpoint=${CHECKPOINT}&filter=x`);
});
