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
