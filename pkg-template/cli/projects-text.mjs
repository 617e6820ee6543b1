// The organization's projects as a person scans them: one line each, id, name and status in
// columns, so a script can still cut a column and a reader can find a name.
import { printable } from "./printable.mjs";
import { utcMinute } from "./time-text.mjs";

const GAP = "  ";

/** One line per project, in the API's order; "" when there are none. */
export function projectsText(projects) {
  const rows = projects.map((project) => [project.id, nameOf(project), statusOf(project)]);
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => displayWidth(row[column]))));
  return rows.map(([id, name, status]) => `${pad(id, widths[0])}${GAP}${pad(name, widths[1])}${GAP}${status}\n`).join("");
}

function nameOf({ name }) {
  return typeof name === "string" && name !== "" ? printable(name) : "(no name)";
}

/** "active", or "archived 2026-10-01 09:30 UTC" when the API says since when. */
function statusOf({ status, archived_at: archivedAt }) {
  const word = printable(status ?? (archivedAt != null ? "archived" : "unknown"));
  return Number.isInteger(archivedAt) && word === "archived" ? `${word} ${utcMinute(archivedAt)}` : word;
}

// By code points, so a name with accents or emoji (one code point, two UTF-16 units) lines up.
function displayWidth(text) {
  return [...text].length;
}

function pad(text, width) {
  return text + " ".repeat(width - displayWidth(text));
}
