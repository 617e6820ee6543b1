// The contract: OpenAI's component schemas (openapi-schemas.json, extracted from the spec that
// tests/js/prism.test.mjs serves with Prism), checked by Ajv, the validator pinned in tests/tools.
// Ajv runs in strict mode, so a schema update that brings a keyword it does not know throws
// instead of being "validated" by silently skipping a constraint.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOOLS = process.env.TEST_TOOLS || join(ROOT, "tests/tools/node_modules");
// OpenAPI 3.1 schemas are JSON Schema 2020-12, hence Ajv's 2020 build rather than its draft-07 default.
const Ajv2020 = createRequire(join(TOOLS, "noop.js"))("ajv/dist/2020");

/** The converted OpenAPI components ({ components: { schemas } }), the root for "$ref"s. */
export const openApiDocument = JSON.parse(
  readFileSync(new URL("./openapi-schemas.json", import.meta.url), "utf8"),
);

// What the spec uses besides JSON Schema: the OpenAPI container the "$ref"s point into, OpenAI's
// vendor extensions and OpenAPI's `example` (annotations only), and its `unixtime` format, which
// the `integer` type next to it already constrains. Anything else unknown is a strict-mode error.
const OPENAPI_KEYWORDS = ["components", "x-stainless-const", "x-oaiMeta", "example"];
const OPENAPI_FORMATS = ["unixtime"];
const DOCUMENT_ID = "openapi-schemas.json";

/**
 * A validator for a document's component schemas: `(value, name)` returns a list of
 * human-readable errors, each starting with the JSON pointer of the offending value; empty = valid.
 * Throws for an unknown component name or a schema Ajv's strict mode refuses.
 */
export function componentValidator(document) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  for (const keyword of OPENAPI_KEYWORDS) ajv.addKeyword(keyword);
  for (const format of OPENAPI_FORMATS) ajv.addFormat(format, true);
  ajv.addSchema(document, DOCUMENT_ID);
  return (value, name) => {
    if (!Object.hasOwn(document.components?.schemas ?? {}, name)) {
      throw new Error(`schema.mjs: no component schema ${JSON.stringify(name)}`);
    }
    const validate = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/${name}`);
    if (validate(value)) return [];
    return validate.errors.map((error) => `${error.instancePath || "/"}: ${error.message} ${JSON.stringify(error.params)}`);
  };
}

/** Validates `value` against components.schemas[name] of openapi-schemas.json. */
export const validateComponent = componentValidator(openApiDocument);
