// Ids checked as the admin types, with the package's own rules: the validators are passed in (the
// page passes its package's validateCheckpoint and validateProjectIds), so Node tests this module
// with the Node entry (tests/js/id-check.test.mjs) and both answer exactly as a call would.

import { parseProjectIds } from "./project-ids.mjs";

/**
 * The package's message without the field it starts with: "projectIds[0] must be a project id
 * (proj_…)" → "must be a project id (proj_…)". Each id is checked alone, so the index would only
 * ever say [0]; the page names the id itself.
 */
export function problemOf(error) {
  const message = String(error?.message ?? error);
  const field = typeof error?.field === "string" ? error.field : "";
  return field && message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
}

/** null when the checkpoint is valid, else the package's problem with it ("must not be empty"). */
export function checkCheckpoint(value, validateCheckpoint) {
  const error = validateCheckpoint(value);
  return error ? problemOf(error) : null;
}

/** One project id: null when valid, else the package's problem with it. */
export function checkProjectId(id, validateProjectIds) {
  const error = validateProjectIds([id]);
  return error ? problemOf(error) : null;
}

/**
 * Pasted text → the ids it holds (split as parseProjectIds does) and each invalid one with its
 * problem. `shown` escapes control characters, so an id with a backspace is visible as `\b`.
 */
export function checkProjectIdsText(text, validateProjectIds) {
  const ids = parseProjectIds(text);
  const problems = [];
  for (const id of ids) {
    const problem = checkProjectId(id, validateProjectIds);
    if (problem) problems.push({ id, shown: JSON.stringify(id).slice(1, -1), problem });
  }
  return { ids, problems };
}
