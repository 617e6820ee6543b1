// The access file's JSON Schema (pkg/access.schema.json), checked by a real validator (Ajv, pinned
// in tests/tools): it is a valid draft-07 schema, it accepts the README's example, and it refuses
// what the engine refuses, so an editor never calls a file good that plan would reject.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import * as access from "../../pkg/access/node.js";
import { CHECKPOINT, pkg, useEmulator } from "./helpers.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOOLS = process.env.TEST_TOOLS || join(ROOT, "tests/tools/node_modules");
const Ajv = createRequire(join(TOOLS, "noop.js"))("ajv");

const api = useEmulator();
const schema = JSON.parse(readFileSync(join(ROOT, "pkg/access.schema.json"), "utf8"));
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

/** The first ```json block of the README's "Access as code" section: the example people copy. */
function readmeExample() {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((part) => part.startsWith("Access as code"));
  assert.ok(section, 'the README has an "Access as code" section');
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  assert.ok(block, "the section has a ```json example");
  return block[1];
}

test("the schema is a valid draft-07 schema, and the package ships it", () => {
  assert.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
  assert.equal(new Ajv({ strict: true }).validateSchema(schema), true);
  const manifest = JSON.parse(readFileSync(join(ROOT, "pkg/package.json"), "utf8"));
  assert.ok(manifest.files.includes("access.schema.json"));
  assert.equal(manifest.exports["./access.schema.json"], "./access.schema.json");
});

test("the README's example is valid for the schema and for the engine", async () => {
  const text = readmeExample();
  const example = JSON.parse(text);
  assert.equal(validate(example), true, JSON.stringify(validate.errors));
  assert.equal(example.$schema, "./node_modules/checkpoint-permissions/access.schema.json");
  assert.ok(Object.values(example.checkpoints).some((projects) => projects.length === 0), "the example shows [] (nobody)");
  const report = await access.planAccess(text, api.options());
  assert.equal(report.checkpoints.length, Object.keys(example.checkpoints).length);
});

test("what the schema refuses, the engine refuses before any request", async () => {
  const project = "proj_abGMw1llN8IrBb6SvvY5A1iH";
  const bad = {
    "no checkpoints": {},
    "an unknown top-level key (a typo)": { checkpoint: { [CHECKPOINT]: [project] } },
    "checkpoints that are not an object": { checkpoints: [CHECKPOINT] },
    "a checkpoint that is not ft:": { checkpoints: { "gpt-4o-mini": [project] } },
    "projects that are not a list": { checkpoints: { [CHECKPOINT]: project } },
    "a project that is not a string": { checkpoints: { [CHECKPOINT]: [project, 3] } },
    "a project id that is not proj_": { checkpoints: { [CHECKPOINT]: ["team_a"] } },
    "a project listed twice": { checkpoints: { [CHECKPOINT]: [project, project] } },
    "a $schema that is not a string": { $schema: 7, checkpoints: {} },
  };
  for (const [kind, file] of Object.entries(bad)) {
    assert.equal(validate(file), false, `the schema accepts ${kind}`);
    const error = await api.rejection(access.planAccess(JSON.stringify(file), api.options()));
    assert.ok(error instanceof pkg.InvalidInputError, `the engine: ${kind}: ${error.name} ${error.message}`);
  }
  assert.equal(api.emulator.requests.length, 0);
});
