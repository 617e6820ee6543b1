// The History panel's rows and what it says about them: who granted or revoked which project,
// and when, newest first, 20 to a page, from the last 90 days first and older ones on request.
// No DOM and no clock of its own, so Node tests it (tests/js/history-rows.test.mjs).
//
// Why windows: the audit log is the organization's, not the checkpoint's, and the package reads
// every grant and revoke in the window to find this checkpoint's. The last 90 days keep the read
// (done again after each write in the page) small; "Load older changes" reads the rest once.

import { projectInfo } from "./project-names.mjs";
import { relativeTime } from "./relative-time.mjs";
import { plural } from "./words.mjs";

export const HISTORY_PAGE_SIZE = 20;
export const RECENT_DAYS = 90;
const DAY = 86_400;

/**
 * The query of checkpointAccessHistory for how far back the panel reaches: "recent" (the last
 * 90 days before `now`) or "all" (the whole log).
 */
export function historyQuery(reach, now) {
  return reach === "recent" ? { since: now - RECENT_DAYS * DAY } : {};
}

/** The query for what is older than a "recent" window read at `recentSince`. */
export const olderQuery = (recentSince) => ({ until: recentSince - 1 });

/** Newer events, then older ones not already there (by event id), newest first. */
export function withOlder(events, older) {
  const seen = new Set(events.map((event) => event.eventId));
  return [...events, ...older.filter((event) => !seen.has(event.eventId))];
}

/**
 * Who did it, as the panel shows it: `label` (an email, a service account, a key), `kind` words
 * when the label does not say it already, and `detail` for the title: the ids behind it.
 */
export function actorView(actor) {
  if (!actor) return { label: "someone the log does not name", kind: "", detail: "The audit log records no actor for this event." };
  const kindWords = { service_account: "service account", api_key: "API key" };
  const words = kindWords[actor.kind] ?? "";
  const kind = words && !actor.label.toLowerCase().startsWith(words.toLowerCase()) ? words : "";
  const detail = [
    actor.kind === "user" && actor.id && actor.id !== actor.label ? `user ${actor.id}` : "",
    actor.kind === "service_account" && actor.id && !actor.label.includes(actor.id) ? `service account ${actor.id}` : "",
    actor.keyId ? `API key ${actor.keyId}` : actor.kind === "user" ? "in the dashboard" : "",
  ].filter(Boolean).join(", ");
  return { label: actor.label, kind, detail };
}

/**
 * One event as a row: { key, action, verb, project: { id, name, status }, actor, at, when,
 * permissionId }. The project's name is the console's own directory's (which also says
 * "archived"), else the one the package found.
 */
export function historyRow(event, { directory = null, now }) {
  const known = projectInfo(event.projectId, { directory });
  const project = known.name || !event.projectName
    ? known
    : { id: event.projectId, name: event.projectName, status: known.status === "unknown" ? null : known.status };
  return {
    key: event.eventId,
    action: event.action,
    verb: event.action === "revoked" ? "Revoked" : "Granted",
    project,
    actor: actorView(event.actor),
    at: event.effectiveAt,
    when: relativeTime(event.effectiveAt, now),
    permissionId: event.permissionId,
  };
}

/**
 * What the panel shows in each phase:
 * - "none": no valid checkpoint above; "loading"; "failed" (the error shows in the panel);
 * - "disabled": the organization's audit log is off (`problem`: the package's message, which says
 *   how to turn it on);
 * - "loaded": `events` (newest first), `shown` of them, read as far back as `reach`.
 * Returns { rows (events to show), status, empty (the message instead of rows, or null),
 * more: null | "page" (more loaded than shown) | "older" (the log before the window not read),
 * moreLabel }.
 */
export function historyView({ phase, events = [], shown = HISTORY_PAGE_SIZE, reach = "recent", problem = "" }) {
  const none = { rows: [], status: "", more: null, moreLabel: "" };
  switch (phase) {
    case "none": return { ...none, empty: "Enter a valid checkpoint above to see who granted or revoked access to it." };
    case "loading": return { ...none, empty: "Loading who granted or revoked access…" };
    case "failed": return { ...none, empty: "The history could not be loaded (the error is above)." };
    case "disabled": return { ...none, empty: problem || "The organization's audit log is off, so there is no history to show." };
    default: break;
  }
  const recent = reach === "recent";
  const window = recent ? ` in the last ${RECENT_DAYS} days` : "";
  const total = events.length;
  const rows = events.slice(0, Math.max(0, shown));
  const more = rows.length < total ? "page" : recent ? "older" : null;
  const moreLabel = more === "page" ? "Load more" : more === "older" ? "Load older changes" : "";
  if (total === 0) {
    return {
      rows,
      status: "",
      empty: recent
        ? `Nobody granted or revoked access to this checkpoint${window}.`
        : "The audit log holds no grant or revoke of this checkpoint.",
      more,
      moreLabel,
    };
  }
  const status = rows.length < total
    ? `Newest first: ${rows.length} of ${plural(total, "change")}${window}.`
    : recent
      ? `Newest first: ${total === 1 ? "the one change" : `all ${total} changes`}${window}; older ones load on request.`
      : `Newest first: ${total === 1 ? "the one change" : `all ${total} changes`} the audit log holds.`;
  return { rows, status, empty: null, more, moreLabel };
}
