// The build step that gives the wasm's imports one-letter names (scripts/short-imports.mjs).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { renameInGlue, shortName, shortenImports } from "../../scripts/short-imports.mjs";

test("short names are distinct identifiers, one letter first", () => {
  assert.deepEqual([0, 25, 26, 51, 52, 53, 103, 104].map(shortName), ["a", "z", "A", "Z", "aa", "ab", "aZ", "ba"]);
  const names = Array.from({ length: 5000 }, (_, i) => shortName(i));
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.every((name) => /^[a-zA-Z]+$/.test(name)));
});

test("the glue must name every import exactly once, or the build fails", () => {
  const glue = `const import0 = {\n    __wbg_get_1: function(a) {},\n    __wbg_set_2: function(a) {},\n};\nreturn {\n    "./x_bg.js": import0,\n};`;
  const renamed = new Map([["./x_bg.js", new Map([["__wbg_get_1", "a"], ["__wbg_set_2", "b"]])]]);
  assert.match(renameInGlue(glue, renamed), /^\s+a: function\(a\) \{\},\n\s+b: function/m);
  assert.match(renameInGlue(glue, renamed), /"w": import0/);
  const missing = new Map([["./x_bg.js", new Map([["__wbg_gone_3", "a"]])]]);
  assert.throws(() => renameInGlue(glue, missing), /__wbg_gone_3 once, found it 0 times/);
  assert.throws(() => renameInGlue(glue.replace("__wbg_set_2", "__wbg_get_1"), renamed), /__wbg_get_1 once, found it 2 times/);
});

for (const entry of ["pkg", "pkg/create"]) {
  test(`${entry}: every import of the shipped wasm is in the glue's import object`, () => {
    const root = new URL("../../", import.meta.url);
    const module = new WebAssembly.Module(readFileSync(new URL(`${entry}/checkpoint_permissions_bg.wasm`, root)));
    const glue = readFileSync(new URL(`${entry}/checkpoint_permissions.js`, root), "utf8");
    const imports = WebAssembly.Module.imports(module);
    assert.ok(imports.length > 20);
    for (const { module: from, name } of imports) {
      if (from === "w") assert.match(glue, new RegExp(`^\\s+${name}: function`, "m"), name);
      else assert.match(glue, new RegExp(`from ["']${from.replace(".", "\\.")}["']`), from);
    }
    // Run twice, the step fails loudly: nothing in the shipped files is left to rename.
    assert.throws(() => renameInGlue(glue, shortenImports(readFileSync(new URL(`${entry}/checkpoint_permissions_bg.wasm`, root))).renamed));
  });
}
