// "Who has access": the checkpoint, its order and filter (all three in the address bar, so a
// link opens the same view and Back returns to the previous one), and the permissions table.
// The table never shows one checkpoint's rows under another: a changed or invalid checkpoint
// empties it and says why, and writes wait until the list is settled.

import { busy, isReady, refreshButtons, setViewGate } from "./busy.mjs";
import { callOptions } from "./connection.mjs";
import { timeElement } from "./dates.mjs";
import { $, actionButton, clearFieldError, code, debounce, element, showFieldError } from "./dom.mjs";
import { hideBox, showErrorBox } from "./errors-view.mjs";
import { filterPermissions, tableSummary } from "./filter.mjs";
import { checkCheckpoint } from "./id-check.mjs";
import { projectText, projectInfo } from "./project-names.mjs";
import { projectLabel } from "./project-label.mjs";
import { currentDirectory } from "./projects-directory.mjs";
import { revokePermissions } from "./revoke.mjs";
import { events, session } from "./session.mjs";
import { readView, viewAddress } from "./url-state.mjs";

const PAGE_SIZE = 20;
/** A filter walks every page: the API's own filter matches whole ids only. */
const FILTER_PAGE_SIZE = 100;
const CHECKPOINT_PAUSE_MS = 600;
const FILTER_PAUSE_MS = 300;

/**
 * The view. `checkpoint` is the one the table is about (null while none valid is committed);
 * `rows` belong to `rowsOf`, and are shown only under that same checkpoint. With a filter, `rows`
 * are every permission and the filter (`rowsFilter`, the one they were read for) picks the rows
 * shown, so names that arrive later are matched too.
 */
const view = {
  checkpoint: null,
  filter: "",
  order: "descending",
  phase: "none",
  problem: "",
  rows: [],
  rowsOf: null,
  rowsFilter: "",
  total: 0,
  cursor: null,
  hasMore: false,
  loadingMore: false,
  selected: new Set(),
  generation: 0,
  abort: null,
};

/** The checkpoint writes act on: the one shown, once its list is settled (loaded or failed); else null. */
export function settledCheckpoint() {
  return (view.phase === "loaded" || view.phase === "failed") && !view.loadingMore ? view.checkpoint : null;
}

/** Where the view stands, for the write panels' "acts on" line: { phase, checkpoint }. */
export const viewPhase = () => ({ phase: view.loadingMore ? "loading" : view.phase, checkpoint: view.checkpoint });

const checkpointInput = () => $("checkpoint");
const filterInput = () => $("project-filter");
const orderSelect = () => $("order");

export function setupPermissions() {
  const form = $("checkpoint-form");
  const more = $("load-more");
  const revokeSelected = $("revoke-selected");
  const selectAll = $("select-all");
  for (const button of [$("list-submit"), more, revokeSelected]) button.dataset.needsReady = "";
  revokeSelected.dataset.needsView = "";
  revokeSelected.dataset.blocked = "true";
  setViewGate(() => settledCheckpoint() !== null);

  const commitCheckpoint = debounce(() => commit({ push: true }), CHECKPOINT_PAUSE_MS);
  checkpointInput().addEventListener("input", () => {
    if (!session.api) return;
    const value = checkpointInput().value.trim();
    const problem = checkField();
    if (value !== view.checkpoint) {
      // Another checkpoint: its rows are not these, and the filter was for those.
      cancelLoad();
      view.checkpoint = null;
      filterInput().value = "";
      view.filter = "";
      setPhase(problem ? (value === "" ? "none" : "invalid") : "typing", problem);
    }
    if (problem) commitCheckpoint.cancel();
    else commitCheckpoint();
  });
  checkpointInput().addEventListener("blur", () => showEnd(checkpointInput()));
  addEventListener("resize", () => showEnd(checkpointInput()));

  orderSelect().addEventListener("change", () => commit({ push: true }));
  // Filtering refines the same view: it replaces the history entry rather than adding one per keystroke.
  const commitFilter = debounce(() => commit({ push: false }), FILTER_PAUSE_MS);
  filterInput().addEventListener("input", commitFilter);
  filterInput().addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      commitFilter.cancel();
      commit({ push: false });
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    commitCheckpoint.cancel();
    commitFilter.cancel();
    if (checkField()) checkpointInput().focus();
    else commit({ push: true });
  });
  more.addEventListener("click", () => load({ more: true }));
  selectAll.addEventListener("change", () => {
    view.selected = selectAll.checked ? new Set(shownRows().map((row) => row.project_id)) : new Set();
    renderTable();
  });
  revokeSelected.addEventListener("click", () => {
    const checkpoint = settledCheckpoint();
    const permissions = shownRows().filter((row) => view.selected.has(row.project_id));
    if (checkpoint && permissions.length > 0) revokePermissions(checkpoint, permissions, revokeSelected);
  });

  addEventListener("popstate", () => {
    // Back or Forward wins over a change still waiting for typing to pause.
    commitCheckpoint.cancel();
    commitFilter.cancel();
    showAddressedView();
  });
  // A write elsewhere on the page changed this checkpoint: show what it is now.
  events.addEventListener("written", (event) => {
    if (event.detail.checkpoint === view.checkpoint && view.phase !== "typing") load();
  });
  // The organization's projects were read (again): the same rows, named.
  events.addEventListener("projects", renderTable);
  renderTable();
}

/** Shows the view the address names (at start, and on Back and Forward); the page's default checkpoint when it names none. */
export function showAddressedView({ initial = false } = {}) {
  const addressed = readView(location.search);
  if (addressed.checkpoint !== null) checkpointInput().value = addressed.checkpoint;
  filterInput().value = addressed.filter;
  orderSelect().value = addressed.order;
  cancelLoad();
  view.checkpoint = null;
  const problem = checkField();
  if (problem) {
    setPhase(checkpointInput().value.trim() === "" ? "none" : "invalid", problem);
    return;
  }
  // At start the address may name no checkpoint yet: it gets the default one, in place.
  commit({ push: false, write: initial });
}

/** Reloads whatever is shown (after the connection changed). */
export const reload = () => load();

function checkField() {
  const input = checkpointInput();
  const problem = checkCheckpoint(input.value.trim(), session.api.validateCheckpoint);
  if (problem) showFieldError(input, `The checkpoint ${problem}.`);
  else clearFieldError(input);
  return problem;
}

/** Takes the fields as the view, writes it to the address bar, and loads it. */
function commit({ push, write = true }) {
  if (!session.api || checkField()) return;
  view.checkpoint = checkpointInput().value.trim();
  view.filter = filterInput().value.trim();
  view.order = orderSelect().value;
  if (write) {
    const address = viewAddress(location.pathname, view, location.hash);
    if (address !== `${location.pathname}${location.search}${location.hash}`) {
      if (push) history.pushState(null, "", address);
      else history.replaceState(null, "", address);
    }
  }
  showEnd(checkpointInput());
  load();
}

function setPhase(phase, problem = "") {
  view.phase = phase;
  view.problem = problem ?? "";
  renderTable();
  events.dispatchEvent(new Event("view"));
}

function cancelLoad() {
  view.generation += 1;
  view.abort?.abort();
  view.abort = null;
  view.loadingMore = false;
}

async function load({ more = false } = {}) {
  if (!isReady() || !view.checkpoint) return;
  const { checkpoint, filter, order } = view;
  if (more && (!view.hasMore || filter)) return;
  cancelLoad();
  const generation = view.generation;
  const abort = new AbortController();
  view.abort = abort;
  hideBox($("list-error"));
  if (more) view.loadingMore = true;
  else setPhase("loading");
  refreshButtons();
  events.dispatchEvent(new Event("view"));
  const button = more ? $("load-more") : $("list-submit");
  try {
    const page = await busy(button, $("list-status"), more ? "Loading more…" : "Loading who has access…", (onRetry) =>
      fetchRows(checkpoint, { filter, order, after: more ? view.cursor : null }, callOptions({ onRetry, signal: abort.signal })));
    if (generation !== view.generation) return;
    if (more) {
      const seen = new Set(view.rows.map((row) => row.id));
      view.rows.push(...page.rows.filter((row) => !seen.has(row.id)));
    } else {
      view.rows = page.rows;
      view.selected.clear();
    }
    view.rowsOf = checkpoint;
    view.rowsFilter = filter;
    view.total = page.total ?? view.rows.length;
    view.cursor = page.cursor;
    view.hasMore = page.hasMore;
    view.loadingMore = false;
    setPhase("loaded");
  } catch (error) {
    if (generation !== view.generation) return; // a newer load, or another checkpoint, took over
    view.loadingMore = false;
    if (!more) {
      view.rows = [];
      view.selected.clear();
      view.hasMore = false;
      setPhase("failed");
    } else {
      setPhase("loaded");
    }
    showErrorBox($("list-error"), error);
  }
}

/** One page, or with a filter every page (which shownRows() then filters). */
async function fetchRows(checkpoint, { filter, order, after }, options) {
  const { api } = session;
  if (filter) {
    const all = [];
    for await (const permission of api.listAllCheckpointPermissions(checkpoint, { order, limit: FILTER_PAGE_SIZE }, options)) all.push(permission);
    return { rows: all, total: all.length, cursor: null, hasMore: false };
  }
  const query = { limit: PAGE_SIZE, order };
  if (after) query.after = after;
  const page = await api.listCheckpointPermissions(checkpoint, query, options);
  return { rows: page.data, total: null, cursor: page.last_id ?? null, hasMore: Boolean(page.has_more) && page.data.length > 0 };
}

/** The rows of the checkpoint shown, filtered; none when they belong to another (or to none). */
function shownRows() {
  if (view.rowsOf === null || view.rowsOf !== view.checkpoint || view.phase === "failed") return [];
  if (!view.rowsFilter) return view.rows;
  const directory = currentDirectory();
  return filterPermissions(view.rows, view.rowsFilter, (projectId) => directory?.get(projectId)?.name ?? null);
}

function renderTable() {
  const rows = shownRows();
  const loading = view.phase === "loading";
  const tbody = $("permissions-table").querySelector("tbody");
  tbody.replaceChildren(...rows.map(rowElement));
  $("permissions-table").classList.toggle("is-stale", loading);
  const summary = tableSummary({
    phase: view.phase, filter: view.filter, shown: rows.length, total: view.total, hasMore: view.hasMore, problem: view.problem, byName: currentDirectory() !== null,
  });
  const empty = $("permissions-empty");
  empty.textContent = summary.empty ?? "";
  empty.hidden = rows.length > 0 || !summary.empty;
  if (!loading && !view.loadingMore) $("list-status").textContent = summary.status;
  $("load-more").hidden = !view.hasMore || view.phase !== "loaded" || rows.length === 0;
  const shown = $("shown-checkpoint");
  shown.hidden = view.checkpoint === null;
  $("shown-checkpoint-id").textContent = view.checkpoint ?? "";
  updateSelection();
}

function rowElement(permission) {
  const checkbox = element("input");
  checkbox.type = "checkbox";
  checkbox.checked = view.selected.has(permission.project_id);
  const named = projectText(projectInfo(permission.project_id, { directory: currentDirectory() }));
  checkbox.setAttribute("aria-label", `Select ${named}`);
  checkbox.addEventListener("change", () => {
    if (checkbox.checked) view.selected.add(permission.project_id);
    else view.selected.delete(permission.project_id);
    updateSelection();
  });
  const revokeButton = actionButton("Revoke", { className: "button button-small button-ghost-danger" });
  revokeButton.dataset.needsReady = "";
  revokeButton.dataset.needsView = "";
  revokeButton.setAttribute("aria-label", `Revoke ${named}`);
  revokeButton.addEventListener("click", () => {
    const checkpoint = settledCheckpoint();
    if (checkpoint) revokePermissions(checkpoint, [permission], revokeButton);
  });
  const row = element("tr", "",
    element("td", "col-check", checkbox),
    element("td", "col-project", projectLabel(permission.project_id)),
    element("td", "mono muted", permission.id),
    element("td", "", timeElement(permission.created_at)),
    element("td", "col-action", revokeButton));
  row.dataset.projectId = permission.project_id;
  return row;
}

function updateSelection() {
  const rows = shownRows();
  for (const id of view.selected) if (!rows.some((row) => row.project_id === id)) view.selected.delete(id);
  const count = view.selected.size;
  const button = $("revoke-selected");
  button.dataset.blocked = count === 0 ? "true" : "false";
  button.hidden = count === 0;
  button.querySelector(".button-label").textContent = count === 0 ? "Revoke selected" : `Revoke selected (${count})`;
  const selectAll = $("select-all");
  selectAll.disabled = rows.length === 0;
  selectAll.checked = count > 0 && count === rows.length;
  selectAll.indeterminate = count > 0 && count < rows.length;
  refreshButtons();
}

/**
 * A long checkpoint id in a narrow field shows its start, which every id of a model shares; its
 * distinguishing end is what the admin must see. Not while typing: the caret decides there.
 */
function showEnd(input) {
  if (document.activeElement !== input) input.scrollLeft = input.scrollWidth;
}

/** Fills `slot` with the checkpoint a write panel acts on, kept current. */
export function bindActsOn(slot) {
  const update = () => {
    const { phase, checkpoint } = viewPhase();
    if (checkpoint && (phase === "loaded" || phase === "failed")) slot.replaceChildren(code(checkpoint));
    else if (checkpoint) slot.replaceChildren(code(checkpoint), element("span", "muted", " (loading its list…)"));
    else slot.replaceChildren(element("span", "muted", phase === "typing" ? "the checkpoint being typed above, once it loads" : "no checkpoint yet: enter a valid one above"));
  };
  events.addEventListener("view", update);
  update();
}
