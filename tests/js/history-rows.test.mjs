// Issue 19: the History panel's rows and wording (www/history-rows.mjs): who did it as a person
// reads it, the project by name, how long ago; 20 to a page, the last 90 days first and older
// changes on request; what the panel says when there is nothing, or no audit log at all.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  HISTORY_PAGE_SIZE, RECENT_DAYS, actorView, historyQuery, historyRow, historyView, olderQuery, withOlder,
} from "../../www/history-rows.mjs";
import { indexProjects } from "../../www/project-names.mjs";

const NOW = 1_764_500_000;
const DAY = 86_400;
const WEATHER = "proj_abGMw1llN8IrBb6SvvY5A1iH";
const LEGACY = "proj_Lg7cHt2Bq9Wm4Xs1Kv6Np3Zr";
const directory = indexProjects([
  { id: WEATHER, name: "Weather forecasts", status: "active", archived_at: null },
  { id: LEGACY, name: "Legacy chatbot", status: "archived", archived_at: 1 },
]);
const OWNER = { kind: "user", label: "maria@example.com", email: "maria@example.com", id: "user-maria", keyId: "key_owner" };
const CI = { kind: "service_account", label: "service account svc_acct_ci", id: "svc_acct_ci", keyId: "key_ci" };

function event(index, fields = {}) {
  return { action: "granted", permissionId: `cp_${index}`, projectId: WEATHER, projectName: "Weather forecasts", actor: OWNER, effectiveAt: NOW - index * DAY, eventId: `audit_log-${index}`, ...fields };
}

test("a row: the verb, the project by name (archived said), who did it, how long ago", () => {
  const granted = historyRow(event(3), { directory, now: NOW });
  assert.equal(granted.verb, "Granted");
  assert.deepEqual(granted.project, { id: WEATHER, name: "Weather forecasts", status: "active" });
  assert.equal(granted.actor.label, "maria@example.com");
  assert.equal(granted.when, "3 days ago");
  assert.equal(granted.at, NOW - 3 * DAY, "the exact time stays for the page to show");
  const revoked = historyRow(event(0, { action: "revoked", projectId: LEGACY, projectName: "Legacy chatbot", actor: CI }), { directory, now: NOW });
  assert.equal(revoked.verb, "Revoked");
  assert.equal(revoked.project.status, "archived");
  assert.equal(revoked.when, "just now");
});

test("without the console's projects, the package's name is kept and nothing is claimed about the status", () => {
  const row = historyRow(event(1), { directory: null, now: NOW });
  assert.deepEqual(row.project, { id: WEATHER, name: "Weather forecasts", status: null });
  const bare = historyRow(event(1, { projectName: null }), { directory: null, now: NOW });
  assert.deepEqual(bare.project, { id: WEATHER, name: null, status: null });
});

test("who did it: an email as it is, a service account or key said once, the ids behind it in the detail", () => {
  assert.deepEqual(actorView(OWNER), { label: "maria@example.com", kind: "", detail: "user user-maria, API key key_owner" });
  assert.deepEqual(actorView({ kind: "user", label: "ana@example.com", email: "ana@example.com", id: "user-ana" }), { label: "ana@example.com", kind: "", detail: "user user-ana, in the dashboard" });
  assert.deepEqual(actorView(CI), { label: "service account svc_acct_ci", kind: "", detail: "API key key_ci" });
  assert.deepEqual(actorView({ kind: "service_account", label: "CI deploy", name: "CI deploy", id: "svc_1", keyId: "key_1" }),
    { label: "CI deploy", kind: "service account", detail: "service account svc_1, API key key_1" });
  assert.deepEqual(actorView({ kind: "api_key", label: "API key key_9", keyId: "key_9" }), { label: "API key key_9", kind: "", detail: "API key key_9" });
  assert.equal(actorView(null).label, "someone the log does not name");
});

test("20 to a page: Load more shows the next page; past the last, the older changes are offered once", () => {
  const events = Array.from({ length: 23 }, (_, index) => event(index));
  const first = historyView({ phase: "loaded", events, shown: HISTORY_PAGE_SIZE, reach: "recent" });
  assert.equal(first.rows.length, 20);
  assert.equal(first.rows[0].eventId, "audit_log-0", "newest first, as the package gives them");
  assert.equal(first.status, `Newest first: 20 of 23 changes in the last ${RECENT_DAYS} days.`);
  assert.deepEqual([first.more, first.moreLabel], ["page", "Load more"]);
  const second = historyView({ phase: "loaded", events, shown: 40, reach: "recent" });
  assert.equal(second.rows.length, 23);
  assert.equal(second.status, "Newest first: all 23 changes in the last 90 days; older ones load on request.");
  assert.deepEqual([second.more, second.moreLabel], ["older", "Load older changes"]);
  const all = historyView({ phase: "loaded", events, shown: 40, reach: "all" });
  assert.equal(all.status, "Newest first: all 23 changes the audit log holds.");
  assert.equal(all.more, null);
  assert.equal(historyView({ phase: "loaded", events: [event(1)], reach: "all" }).status, "Newest first: the one change the audit log holds.");
});

test("nothing to show says why: no checkpoint, nothing in the window, nothing at all, a failure, no audit log", () => {
  assert.match(historyView({ phase: "none" }).empty, /Enter a valid checkpoint above/);
  const recent = historyView({ phase: "loaded", events: [], reach: "recent" });
  assert.equal(recent.empty, "Nobody granted or revoked access to this checkpoint in the last 90 days.");
  assert.equal(recent.more, "older", "older changes can still be read");
  assert.equal(historyView({ phase: "loaded", events: [], reach: "all" }).empty, "The audit log holds no grant or revoke of this checkpoint.");
  assert.match(historyView({ phase: "failed", events: [event(1)] }).empty, /could not be loaded/);
  assert.deepEqual(historyView({ phase: "failed", events: [event(1)] }).rows, [], "never rows of a read that failed");
  const off = historyView({ phase: "disabled", problem: "Audit logging is not enabled for this organization. Turn it on in …" });
  assert.equal(off.empty, "Audit logging is not enabled for this organization. Turn it on in …");
  assert.equal(off.more, null);
  assert.deepEqual(historyView({ phase: "loading", events: [event(1)] }).rows, []);
});

test("the windows: the last 90 days, everything before them, merged without repeats", () => {
  assert.deepEqual(historyQuery("recent", NOW), { since: NOW - 90 * DAY });
  assert.deepEqual(historyQuery("all", NOW), {});
  assert.deepEqual(olderQuery(NOW - 90 * DAY), { until: NOW - 90 * DAY - 1 });
  const merged = withOlder([event(1), event(2)], [event(2), event(200)]);
  assert.deepEqual(merged.map((one) => one.eventId), ["audit_log-1", "audit_log-2", "audit_log-200"]);
});
