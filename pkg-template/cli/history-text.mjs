// A checkpoint's access history as a person reads it: a heading that says what was searched,
// then one line per grant or revoke, newest first, in columns: when, what, which project, who.
import { printable } from "./printable.mjs";
import { projectLabel } from "./project-names.mjs";
import { whenText } from "./time-text.mjs";

/**
 * @param {object} history what checkpointAccessHistory resolved
 * @param {number} nowSeconds the clock "2 days ago" is counted from
 */
export function historyText(history, nowSeconds) {
  const { checkpoint, since, events } = history;
  const window = since == null ? "in the whole audit log" : `since ${whenText(since, nowSeconds)}`;
  if (events.length === 0) return `No grants or revokes of ${checkpoint} ${window}.\n`;
  const count = (action) => events.filter((event) => event.action === action).length;
  const heading = `${checkpoint}: ${count("granted")} granted, ${count("revoked")} revoked ${window}, newest first`;
  const rows = events.map((event) => [
    whenText(event.effectiveAt, nowSeconds),
    event.action,
    // The history names what the directory knew; an id it did not know stays bare.
    projectLabel(event.projectId, event.projectName == null ? undefined : { name: event.projectName }),
    byWhom(event.actor),
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => [...row[column]].length)));
  const lines = rows.map((row) => `  ${row.map((cell, column) => (column < 3 ? cell + " ".repeat(widths[column] - [...cell].length) : cell)).join("  ")}`);
  return `${[heading, ...lines].join("\n")}\n`;
}

/** "by owner@example.com", "by service account svc_acct_ci (key key_ci)". */
function byWhom(actor) {
  if (!actor) return "by someone the audit log does not name";
  const label = printable(actor.label);
  // An actor known only by its key is already labelled with it ("API key key_…").
  const key = actor.keyId && !actor.label.includes(actor.keyId) ? ` (key ${printable(actor.keyId)})` : "";
  return `by ${label}${key}`;
}
