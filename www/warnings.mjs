// The package's warnings (a report's or a history's `warnings`), said once per page. Today the
// package has one: the organization's projects could not be read, so projects are shown by id.
// When the console itself could not read them, its own note at the top has said that already,
// and a plan repeating it would only push the plan down. No DOM: Node tests it
// (tests/js/warnings.test.mjs).

/**
 * The warnings of one call still to show: none while the console's own note says the projects
 * are unreadable (`directoryNoted`), otherwise those not shown yet on this page. `said` (a Set)
 * remembers what was shown.
 */
export function unsaidWarnings(warnings, { directoryNoted, said }) {
  if (!Array.isArray(warnings) || directoryNoted) return [];
  const fresh = [...new Set(warnings.filter((warning) => typeof warning === "string" && warning !== "" && !said.has(warning)))];
  for (const warning of fresh) said.add(warning);
  return fresh;
}
