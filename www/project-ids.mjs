// How the console reads pasted project ids. No DOM, so it is testable without a
// browser (tests/js/project-ids.test.mjs); .mjs so Node loads it as a module with no package.json.

/**
 * Splits on commas and on any whitespace (spaces, tabs, newlines, no-break spaces): an id never
 * contains either, and lists arrive pasted from spreadsheets, chat and terminals in every one of
 * those shapes. Blanks are dropped and repeats removed, the first one kept.
 */
export function parseProjectIds(text) {
  const ids = text.split(/[\s,]+/).filter((id) => id !== "");
  return [...new Set(ids)];
}

/**
 * The field's text with `id` added on a line of its own, as the picker adds a chosen project;
 * unchanged when the id is already there. What was typed stays as it was, trailing separators
 * aside, so the admin's own list and its order are kept.
 */
export function withProjectId(text, id) {
  if (parseProjectIds(text).includes(id)) return text;
  const kept = text.replace(/[\s,]+$/, "");
  return kept === "" ? `${id}\n` : `${kept}\n${id}\n`;
}

/**
 * The field's text with every occurrence of the id `from` replaced by `to` ("did you mean"),
 * the separators and the other ids left exactly as they were.
 */
export function replaceProjectId(text, from, to) {
  return text.split(/([\s,]+)/).map((part) => (part === from ? to : part)).join("");
}
