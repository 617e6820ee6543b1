// A deliberately tiny JSON-Schema validator covering exactly the subset that
// openapi-schemas.json uses. Any keyword it does not understand throws, so a schema
// update can never be "validated" by silently skipping a constraint.

import { readFileSync } from "node:fs";

/** The converted OpenAPI components ({ components: { schemas } }), the root for "$ref"s. */
export const openApiDocument = JSON.parse(
  readFileSync(new URL("./openapi-schemas.json", import.meta.url), "utf8"),
);

// Keywords that only describe and never constrain (plus any "x-" vendor extension).
const ANNOTATIONS = new Set(["$comment", "title", "description", "format", "example", "default"]);
const CONSTRAINTS = new Set(["type", "enum", "required", "properties", "additionalProperties", "items", "anyOf", "$ref"]);
const REF_PREFIX = "#/components/schemas/";

/**
 * Validates `value` against `schema` ({ $ref } objects resolve against `document`).
 * Returns a list of human-readable errors, each prefixed with a JSON path; empty = valid.
 */
export function validateSchema(value, schema, document = openApiDocument) {
  const errors = [];
  check(value, schema, "$", errors, document);
  return errors;
}

/** Shortcut: validate against components.schemas[name]. */
export function validateComponent(value, name, document = openApiDocument) {
  return validateSchema(value, { $ref: REF_PREFIX + name }, document);
}

function check(value, schema, path, errors, document) {
  assertSupported(schema, path);
  if (schema.$ref !== undefined) {
    check(value, resolveRef(schema.$ref, document), path, errors, document);
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    errors.push(`${path}: expected ${schema.type}, got ${describeType(value)}`);
    return; // The remaining keywords would only repeat the same mismatch.
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => Object.is(allowed, value))) {
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.anyOf !== undefined) checkAnyOf(value, schema.anyOf, path, errors, document);
  if (isPlainObject(value)) checkObject(value, schema, path, errors, document);
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, index) => check(item, schema.items, `${path}[${index}]`, errors, document));
  }
}

function checkObject(object, schema, path, errors, document) {
  for (const name of schema.required ?? []) {
    if (!Object.hasOwn(object, name)) errors.push(`${path}: missing required property "${name}"`);
  }
  const properties = schema.properties ?? {};
  for (const [name, propertyValue] of Object.entries(object)) {
    if (Object.hasOwn(properties, name)) {
      check(propertyValue, properties[name], `${path}.${name}`, errors, document);
    } else if (schema.additionalProperties === false) {
      errors.push(`${path}: unexpected property "${name}"`);
    }
  }
}

function checkAnyOf(value, alternatives, path, errors, document) {
  const failures = [];
  for (const alternative of alternatives) {
    const branchErrors = validateSchema(value, alternative, document).map((error) => error.replace(/^\$/, path));
    if (branchErrors.length === 0) return;
    failures.push(branchErrors.join("; "));
  }
  errors.push(`${path}: matches none of anyOf [${failures.join(" | ")}]`);
}

function hasType(value, type) {
  switch (type) {
    case "null": return value === null;
    case "boolean": return typeof value === "boolean";
    case "string": return typeof value === "string";
    case "number": return typeof value === "number" && Number.isFinite(value);
    case "integer": return Number.isInteger(value);
    case "array": return Array.isArray(value);
    case "object": return isPlainObject(value);
    default: throw new Error(`schema.mjs: unsupported type ${JSON.stringify(type)}`);
  }
}

function describeType(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isInteger(value)) return `number ${value}`;
  return typeof value;
}

function resolveRef(ref, document) {
  const name = ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
  const target = name === undefined ? undefined : document.components?.schemas?.[name];
  if (target === undefined) throw new Error(`schema.mjs: cannot resolve $ref ${JSON.stringify(ref)}`);
  return target;
}

function assertSupported(schema, path) {
  if (!isPlainObject(schema)) throw new Error(`schema.mjs: schema at ${path} is not an object`);
  for (const keyword of Object.keys(schema)) {
    if (CONSTRAINTS.has(keyword) || ANNOTATIONS.has(keyword) || keyword.startsWith("x-")) continue;
    throw new Error(`schema.mjs: unsupported keyword "${keyword}" at ${path}`);
  }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    throw new Error(`schema.mjs: only "additionalProperties: false" is supported (at ${path})`);
  }
}

function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
