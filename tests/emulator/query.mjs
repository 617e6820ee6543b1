// Reading a list route's query string the way the package must write it. Each reader returns
// { value } or { error } (an answer, see http.mjs), like parseJsonBody, so a route can answer
// the first problem it meets.
//
// Assumption (OpenAI's docs are silent): the organization routes refuse a parameter they do
// not define, and a scalar given twice, with a 400. Being strict here is what lets the tests
// assert that the package sends exactly the spec's parameters, written in its brackets style.

import { errorAnswer } from "./http.mjs";

/** A 400 for the first parameter not in `known` (names as decoded: "event_types[]"), or null. */
export function refuseUnknownParameters(query, known) {
  const unknown = [...query.keys()].find((name) => !known.includes(name));
  if (unknown === undefined) return null;
  return errorAnswer(400, `Unrecognized request argument supplied: ${unknown}`, { param: unknown, code: "unknown_parameter" });
}

/** The parameter's one value, or null when absent; a 400 when it is given more than once. */
export function readScalar(query, name) {
  const values = query.getAll(name);
  if (values.length > 1) {
    return { error: errorAnswer(400, `Invalid '${name}': expected one value, but got ${values.length}.`, { param: name, code: "invalid_value" }) };
  }
  return { value: values[0] ?? null };
}

/** `limit` as OpenAI checks it: an integer from 1 to 100. `text` is the raw value, or null. */
export function parseLimit(text, defaultLimit) {
  if (text === null) return { value: defaultLimit };
  if (!/^-?\d+$/.test(text)) {
    return { error: errorAnswer(400, `Invalid 'limit': expected an integer, but got '${text}' instead.`, { param: "limit", code: "invalid_type" }) };
  }
  const limit = Number(text);
  if (limit < 1 || limit > 100) {
    return { error: errorAnswer(400, `Invalid 'limit': expected an integer between 1 and 100, but got ${limit} instead.`, { param: "limit", code: "invalid_value" }) };
  }
  return { value: limit };
}

export function readLimit(query, defaultLimit) {
  const { value, error } = readScalar(query, "limit");
  return error ? { error } : parseLimit(value, defaultLimit);
}

/** "true" or "false" only, the way openai-node writes a boolean. */
export function readBoolean(query, name, defaultValue) {
  const { value, error } = readScalar(query, name);
  if (error) return { error };
  if (value === null) return { value: defaultValue };
  if (value === "true" || value === "false") return { value: value === "true" };
  return { error: errorAnswer(400, `Invalid value for '${name}': expected a boolean ('true' or 'false'), but got '${value}' instead.`, { param: name, code: "invalid_type" }) };
}

/** A whole number, or null when absent. */
export function readInteger(query, name) {
  const { value, error } = readScalar(query, name);
  if (error) return { error };
  if (value === null) return { value: null };
  if (!/^-?\d+$/.test(value)) {
    return { error: errorAnswer(400, `Invalid '${name}': expected an integer, but got '${value}' instead.`, { param: name, code: "invalid_type" }) };
  }
  return { value: Number(value) };
}

/** Every value of an array parameter ("name[]"), or null when absent; empty strings are refused. */
export function readList(query, name) {
  const values = query.getAll(name);
  if (values.length === 0) return { value: null };
  if (values.includes("")) {
    return { error: errorAnswer(400, `Invalid '${name}': empty string. Expected a string with minimum length 1, but got an empty string instead.`, { param: name, code: "empty_string" }) };
  }
  return { value: values };
}
