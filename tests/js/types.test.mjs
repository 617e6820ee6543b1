// The declarations constrain: tsc --strict accepts a program using every export, and rejects
// wrong calls (each marked @ts-expect-error, so an accepted wrong call is itself an error).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const tsc = process.env.TSC;
const typesDir = fileURLToPath(new URL("../types/", import.meta.url));
const flags = ["--strict", "--noEmit", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--lib", "es2022,dom,esnext.asynciterable"];

function typeCheck(files) {
  try {
    execFileSync(tsc, [...flags, ...files], { encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (error) {
    return `${error.stdout}${error.stderr}` || String(error);
  }
}

test("tsc is available (scripts/test.sh installs it)", () => assert.ok(tsc, "set TSC to the tsc binary"));

test("a program using every export type-checks", { skip: !tsc }, () => {
  assert.equal(typeCheck([join(typesDir, "every-export.ts")]), "");
});

test("the /access entry's calls type-check as a CI script uses them", { skip: !tsc }, () => {
  assert.equal(typeCheck([join(typesDir, "access.ts")]), "", "every @ts-expect-error found its error");
});

test("wrong calls are rejected", { skip: !tsc }, () => {
  assert.equal(typeCheck([join(typesDir, "wrong-calls.ts")]), "", "every @ts-expect-error found its error");
  const dir = mkdtempSync(join(tmpdir(), "types-"));
  const unmarked = join(dir, "unmarked.ts");
  writeFileSync(unmarked, `import { createCheckpointPermissions } from ${JSON.stringify(join(typesDir, "../../pkg/index.js"))};\ncreateCheckpointPermissions("ft:x", { project_ids: "proj_a" });\n`);
  assert.match(typeCheck([unmarked]), /TS2322/, "the same wrong call without the marker fails");
});
