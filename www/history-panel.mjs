// "History": who granted or revoked which project's access to the checkpoint shown above, and
// when, from the organization's audit log (the package's checkpointAccessHistory), newest
// first, 20 to a page. It follows the checkpoint in the address, and reads again after a write
// made in this page. Where the audit log is off, it says so, with the package's words on how to
// turn it on. The rows and their wording are history-rows.mjs's.

import { busy } from "./busy.mjs";
import { callOptions } from "./connection.mjs";
import { exactTime } from "./dates.mjs";
import { $, code, element } from "./dom.mjs";
import { describeError, hideBox, showErrorBox } from "./errors-view.mjs";
import { HISTORY_PAGE_SIZE, historyQuery, historyRow, historyView, olderQuery, withOlder } from "./history-rows.mjs";
import { projectLabelOf } from "./project-label.mjs";
import { currentDirectory, projectsOption, sayWarnings } from "./projects-directory.mjs";
import { viewPhase } from "./permissions-panel.mjs";
import { events, session } from "./session.mjs";

const now = () => Math.floor(Date.now() / 1000);

const history = {
  /** The checkpoint whose history is shown or loading; null when none valid is above. */
  checkpoint: null,
  phase: "none",
  /** Newest first, as far back as `reach`: "recent" (the last 90 days, from `since`) or "all". */
  events: [],
  reach: "recent",
  since: null,
  shown: HISTORY_PAGE_SIZE,
  problem: "",
  generation: 0,
  abort: null,
};

export function setupHistory() {
  const refresh = $("history-refresh");
  const more = $("history-more");
  for (const button of [refresh, more]) button.dataset.needsReady = "";
  refresh.addEventListener("click", () => {
    if (!refresh.disabled && history.checkpoint) load({ keepPlace: true });
  });
  more.addEventListener("click", () => {
    if (more.disabled) return;
    if (history.shown < history.events.length) {
      history.shown += HISTORY_PAGE_SIZE;
      render();
      // The first new row: where reading goes on, for the keyboard as for the eye.
      $("history-list").children[history.shown - HISTORY_PAGE_SIZE]?.focus();
    } else if (history.reach === "recent") {
      loadOlder();
    }
  });
  // The checkpoint above changed (typed, Back, a link): this one's history, from its start.
  events.addEventListener("view", () => {
    const { checkpoint } = viewPhase();
    if (checkpoint !== history.checkpoint) follow(checkpoint);
  });
  events.addEventListener("written", (event) => {
    if (event.detail.checkpoint === history.checkpoint) load({ keepPlace: true });
  });
  events.addEventListener("projects", render);
  showCheckpoint();
  render();
}

function showCheckpoint() {
  $("history-checkpoint").replaceChildren(history.checkpoint ? code(history.checkpoint) : element("span", "muted", "no checkpoint yet"));
}

/** Reads the history again (the connection changed). */
export function reloadHistory() {
  if (history.checkpoint) load({ keepPlace: false });
}

function follow(checkpoint) {
  cancel();
  history.checkpoint = checkpoint;
  showCheckpoint();
  if (checkpoint) {
    load({ keepPlace: false });
  } else {
    hideBox($("history-error"));
    history.phase = "none";
    history.events = [];
    render();
  }
}

function cancel() {
  history.generation += 1;
  history.abort?.abort();
  history.abort = null;
}

/**
 * Reads the checkpoint's history. `keepPlace` (a refresh): as far back and as many rows as
 * shown now; otherwise the last 90 days, first page.
 */
async function load({ keepPlace }) {
  cancel();
  const { checkpoint } = history;
  const generation = history.generation;
  const abort = new AbortController();
  history.abort = abort;
  const reach = keepPlace ? history.reach : "recent";
  const shown = keepPlace ? Math.max(history.shown, HISTORY_PAGE_SIZE) : HISTORY_PAGE_SIZE;
  const query = historyQuery(reach, now());
  hideBox($("history-error"));
  if (!keepPlace || history.phase !== "loaded") {
    history.phase = "loading";
    render();
  }
  try {
    const result = await busy($("history-refresh"), $("history-status"), "Reading the audit log…", async (onRetry) =>
      session.api.checkpointAccessHistory(checkpoint, query, callOptions({ onRetry, signal: abort.signal, ...(await projectsOption()) })));
    if (generation !== history.generation) return;
    sayWarnings(result.warnings);
    Object.assign(history, { phase: "loaded", events: result.events, reach, since: query.since ?? null, shown });
  } catch (error) {
    if (generation !== history.generation) return;
    fail(error);
  }
  render();
}

/** "Load older changes": everything before the 90 days read, once. */
async function loadOlder() {
  cancel();
  const { checkpoint, since } = history;
  const generation = history.generation;
  const abort = new AbortController();
  history.abort = abort;
  hideBox($("history-error"));
  try {
    const result = await busy($("history-more"), $("history-status"), "Reading older changes from the audit log…", async (onRetry) =>
      session.api.checkpointAccessHistory(checkpoint, olderQuery(since), callOptions({ onRetry, signal: abort.signal, ...(await projectsOption()) })));
    if (generation !== history.generation) return;
    sayWarnings(result.warnings);
    const before = history.events.length;
    Object.assign(history, { events: withOlder(history.events, result.events), reach: "all", shown: history.shown + HISTORY_PAGE_SIZE });
    render();
    $("history-list").children[before]?.focus();
    return;
  } catch (error) {
    if (generation !== history.generation) return;
    // The rows already shown are still this checkpoint's and still true: they stay.
    showError(error);
  }
  render();
}

function fail(error) {
  history.events = [];
  if (error?.name === "AuditLoggingDisabledError") {
    history.phase = "disabled";
    history.problem = describeError(error).text;
    return;
  }
  history.phase = "failed";
  showError(error);
}

function showError(error) {
  const box = $("history-error");
  if (error?.code === "invalid_console_token") {
    // The permissions panel says what to do about a refused token; said twice, it is noise.
    box.replaceChildren(element("p", "alert-title", `${describeError(error).title}: the history was not read.`));
    box.hidden = false;
    return;
  }
  showErrorBox(box, error);
}

function render() {
  const view = historyView(history);
  const directory = currentDirectory();
  const at = now();
  $("history-list").replaceChildren(...view.rows.map((event) => rowElement(historyRow(event, { directory, now: at }))));
  const empty = $("history-empty");
  const off = history.phase === "disabled";
  empty.hidden = view.empty === null || off;
  empty.textContent = off ? "" : (view.empty ?? "");
  const notice = $("history-off");
  notice.hidden = !off;
  notice.replaceChildren(...(off ? [element("p", "alert-title", "No history: the organization's audit log is off"), element("p", "", view.empty)] : []));
  if (history.phase !== "loading") $("history-status").textContent = view.status;
  const more = $("history-more");
  more.hidden = view.more === null;
  more.querySelector(".button-label").textContent = view.moreLabel || "Load more";
  $("history-list").classList.toggle("is-stale", history.phase === "loading");
}

function rowElement(row) {
  const item = element("li", `history-row history-${row.action}`);
  item.tabIndex = -1;
  item.dataset.projectId = row.project.id;
  item.dataset.action = row.action;
  const who = element("span", "history-actor", element("span", "muted", "by "), element("span", "history-actor-label", row.actor.label));
  if (row.actor.kind) who.append(" ", element("span", "muted", `(${row.actor.kind})`));
  if (row.actor.detail) who.title = row.actor.detail;
  const when = element("time", "history-when", element("span", "history-relative relative", row.when), element("span", "history-exact", exactTime(row.at)));
  when.dateTime = new Date(row.at * 1000).toISOString();
  when.title = when.dateTime;
  when.querySelector(".relative").dataset.unix = String(row.at);
  item.append(
    element("span", "history-action", row.verb),
    element("span", "history-project", projectLabelOf(row.project)),
    who,
    when,
  );
  return item;
}
