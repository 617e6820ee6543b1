// The admin console page. The package runs here, from its /access entry (/pkg/access/browser.js):
// every call of the main entry plus the access-file engine, in one wasm. By default the console server
// (scripts/serve.mjs) holds the admin key: the page gets a per-run token from
// /console-config.json and calls the server's /v1 with it. A direct key is possible only behind
// an explicit consent switch.
//
// Layout: shared pieces (connection, parsing, display of dates and errors, busy state, confirm
// dialog), then one setup function per section of index.html, then start().

import { checkpointsNamedIn } from "./access-file.mjs";
import {
  changedCheckpoints, checkpointView, isAccessReport, partialFailureSummary, plannedChanges, reportStatus,
} from "./access-report.mjs";
import { parseProjectIds } from "./project-ids.mjs";

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- shared state

/** The package, imported at start so that a missing build is reported in words. */
let api = null;
/** { baseURL, token, upstream } from the console server. */
let config = null;
/** Where calls go: { mode: "proxy", baseURL } or { mode: "direct", apiKey }. */
let connection = null;

const OPENAI_BASE_URL = "https://api.openai.com/v1";
const PAGE_SIZE = 20;

async function loadConfig() {
  const response = await fetch("/console-config.json", { cache: "no-store", headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`The console server answered ${response.status} for its configuration.`);
  const value = await response.json();
  if (typeof value?.baseURL !== "string" || typeof value?.token !== "string") {
    throw new Error("The console configuration is incomplete (baseURL and token are required).");
  }
  return value;
}

/** Options of every package call. */
function callOptions(extra = {}) {
  if (connection?.mode === "direct") {
    // Future package versions require the explicit flag for a key in a browser page.
    return { apiKey: connection.apiKey, baseURL: OPENAI_BASE_URL, dangerouslyAllowBrowser: true, ...extra };
  }
  return { baseURL: connection?.baseURL ?? config.baseURL, headers: { Authorization: `Bearer ${config.token}` }, ...extra };
}

function checkpointValue() {
  return $("checkpoint").value.trim();
}

/**
 * Checks the checkpoint and each project id with the package's own rules; shows every problem
 * next to its field. Returns the ids when all are valid, otherwise null (and nothing is sent).
 */
function validateInputs(projectsInput, { allowEmpty = false } = {}) {
  const checkpointInput = $("checkpoint");
  let ok = checkCheckpointField();
  const ids = parseProjectIds(projectsInput.value);
  clearFieldError(projectsInput);
  if (ids.length === 0) {
    if (!allowEmpty) {
      showFieldError(projectsInput, "Enter at least one project id.");
      ok = false;
    }
  } else {
    const bad = ids.map((id) => [id, api.validateProjectIds([id])]).filter(([, error]) => error);
    if (bad.length > 0) {
      const list = document.createElement("ul");
      for (const [id, error] of bad) {
        const item = document.createElement("li");
        const code = document.createElement("code");
        code.textContent = JSON.stringify(id).slice(1, -1);
        item.append(code, ` — ${error.message.replace(/^projectIds\[0\] /, "")}`);
        list.append(item);
      }
      showFieldError(projectsInput, [`${plural(bad.length, "project id is", "project ids are")} not valid; nothing was sent:`, list]);
      ok = false;
    }
  }
  if (!ok) (checkpointInput.getAttribute("aria-invalid") ? checkpointInput : projectsInput).focus();
  return ok ? ids : null;
}

function checkCheckpointField() {
  const input = $("checkpoint");
  const error = api.validateCheckpoint(checkpointValue());
  if (error) showFieldError(input, error.message.replace(/^checkpoint /, "The checkpoint "));
  else clearFieldError(input);
  return !error;
}

// ---------------------------------------------------------------- display helpers

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });

function relativeTime(date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  for (const [unit, size] of [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]]) {
    if (abs >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(Math.round(seconds / 60), "minute");
}

/** Unix seconds → a <time> element: local date and "3 min ago". */
function timeElement(unixSeconds) {
  const element = document.createElement("time");
  const date = new Date(unixSeconds * 1000);
  if (!Number.isFinite(date.getTime())) {
    element.textContent = String(unixSeconds);
    return element;
  }
  element.dateTime = date.toISOString();
  element.title = date.toISOString();
  const relative = document.createElement("span");
  relative.className = "relative";
  relative.dataset.unix = String(unixSeconds);
  relative.textContent = relativeTime(date);
  element.append(dateFormat.format(date), relative);
  return element;
}

function refreshRelativeTimes() {
  for (const span of document.querySelectorAll(".relative[data-unix]")) {
    span.textContent = relativeTime(new Date(Number(span.dataset.unix) * 1000));
  }
}

function element(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

const code = (text) => element("code", "", text);
const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

function showFieldError(input, content) {
  const slot = $(`${input.id}-error`);
  slot.replaceChildren(...[content].flat());
  slot.hidden = false;
  input.setAttribute("aria-invalid", "true");
}

function clearFieldError(input) {
  const slot = $(`${input.id}-error`);
  slot.replaceChildren();
  slot.hidden = true;
  input.removeAttribute("aria-invalid");
}

/** What happened, in words, with the HTTP status and request id when known. Never the key. */
function describeError(error) {
  const status = typeof error?.status === "number" ? error.status : undefined;
  let title = TITLES[error?.name] ?? "Something went wrong";
  let text = String(error?.message ?? error ?? "Unknown error");
  if (error?.name === "PartialFailureError" && isAccessReport(error.result)) {
    ({ title, text } = partialFailureSummary(error.result));
  } else if (error?.name === "PartialFailureError" && error.result) {
    const { failed = [], created = [], revoked = [] } = error.result;
    const done = created.length + revoked.length;
    text = `${plural(failed.length, "change", "changes")} failed${done ? `; ${done} succeeded and stay done` : ""}.`;
  }
  if (status !== undefined && text.startsWith(`${status} `)) text = text.slice(String(status).length + 1);
  if (connection?.mode === "direct" && connection.apiKey) text = text.split(connection.apiKey).join("[redacted]");
  return { title, status, text, hint: hintFor(error), requestID: error?.requestID };
}

const TITLES = {
  InvalidInputError: "This input cannot be sent",
  BadRequestError: "The API refused the request",
  AuthenticationError: "Not signed in to the API",
  PermissionDeniedError: "Not allowed",
  NotFoundError: "Not found",
  ConflictError: "Conflict",
  UnprocessableEntityError: "The API could not process the request",
  RateLimitError: "Too many requests",
  InternalServerError: "The API had a problem",
  APIError: "The API answered with an error",
  MalformedResponseError: "The API's answer was not understood",
  APIConnectionError: "No connection",
  APIConnectionTimeoutError: "No answer in time",
  APIUserAbortError: "Cancelled",
  PartialFailureError: "Some changes failed",
};

function hintFor(error) {
  switch (error?.name) {
    case "AuthenticationError":
      if (error.code === "invalid_console_token") return "The console server was restarted: reload this page.";
      return connection?.mode === "direct" ? "Check the admin key in the connection panel." : "The console server's admin key was refused by the API.";
    case "PermissionDeniedError": return "The admin key is not allowed to change this checkpoint.";
    case "NotFoundError": return "Check the checkpoint id.";
    case "RateLimitError": return "The API is rate limiting this key, even after automatic retries. Wait a moment and try again.";
    case "InternalServerError": return "The API kept failing after automatic retries. Try again in a moment; nothing else is needed.";
    case "APIConnectionError": return connection?.mode === "direct" ? "api.openai.com could not be reached from this browser." : "The console server could not be reached. Is it still running?";
    case "APIConnectionTimeoutError": return "Try again.";
    case "MalformedResponseError": return "A write may have happened: reload the list before trying again.";
    case "PartialFailureError": return "Trying again redoes only what failed.";
    default: return "";
  }
}

function showErrorBox(box, error) {
  const { title, status, text, hint, requestID } = describeError(error);
  box.replaceChildren(element("p", "alert-title", status === undefined ? title : `${title} · HTTP ${status}`), element("p", "", text));
  if (hint) box.append(element("p", "alert-hint", hint));
  if (requestID) box.append(element("p", "alert-meta", "Request ID: ", code(requestID)));
  box.hidden = false;
}

function hideBox(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** Action buttons that need a working connection; disabled while start-up or their own action runs. */
const running = new Set();
let ready = false;

function syncButtons() {
  for (const button of document.querySelectorAll("[data-needs-ready]")) {
    button.disabled = !ready || running.has(button) || button.dataset.blocked === "true";
  }
}

/** Disables the button and shows its spinner while `work` runs. */
async function busy(button, status, text, work) {
  const section = button.closest("section, details");
  section?.setAttribute("aria-busy", "true");
  running.add(button);
  button.classList.add("is-loading");
  syncButtons();
  if (status) status.textContent = text;
  try {
    return await work();
  } finally {
    section?.removeAttribute("aria-busy");
    running.delete(button);
    button.classList.remove("is-loading");
    syncButtons();
  }
}

/** An accessible confirmation (a modal <dialog>): resolves true when the person confirms. */
function confirmDialog({ title, body, confirmLabel }) {
  const dialog = $("confirm-dialog");
  $("confirm-title").textContent = title;
  $("confirm-body").replaceChildren(...body);
  $("confirm-ok").textContent = confirmLabel;
  dialog.returnValue = "";
  const opener = document.activeElement;
  dialog.showModal();
  $("confirm-cancel").focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === "ok");
    }, { once: true });
  });
}

function projectList(ids, className = "") {
  const list = element("ul", `id-list ${className}`);
  for (const id of ids) list.append(element("li", "", code(id)));
  return list;
}

// ---------------------------------------------------------------- connection

function setupConnection() {
  const form = $("connection-form");
  const proxyInput = $("proxy-url");
  const consent = $("direct-consent");
  const keyInput = $("direct-key");
  const button = $("connection-submit");
  const status = $("connection-status");
  button.dataset.needsReady = "";

  const mode = () => form.elements.mode.value;
  const update = () => {
    $("proxy-fields").hidden = mode() !== "proxy";
    $("direct-fields").hidden = mode() !== "direct";
    keyInput.disabled = !consent.checked;
  };
  form.addEventListener("change", update);
  update();

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearFieldError(proxyInput);
    clearFieldError(keyInput);
    if (mode() === "proxy") {
      let url;
      try {
        url = new URL(proxyInput.value.trim(), location.href);
        if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
      } catch {
        showFieldError(proxyInput, "Enter an http:// or https:// URL.");
        proxyInput.focus();
        return;
      }
      connection = { mode: "proxy", baseURL: url.href.replace(/\/$/, "") };
      status.textContent = "Using the console server proxy.";
    } else {
      if (!consent.checked) {
        showFieldError(keyInput, "Tick the switch above to use a key in this page.");
        consent.focus();
        return;
      }
      const apiKey = keyInput.value.trim();
      if (!apiKey) {
        showFieldError(keyInput, "Enter an admin key.");
        keyInput.focus();
        return;
      }
      connection = { mode: "direct", apiKey };
      status.textContent = "Using the admin key directly.";
    }
    showConnection();
    loadPermissions();
  });
}

function showConnection() {
  const badge = $("upstream-badge");
  const summary = $("connection-summary");
  if (connection.mode === "direct") {
    badge.textContent = "OpenAI API · key in browser";
    badge.className = "badge badge-live";
    badge.title = "Changes apply to your real organization; the key is held by this page.";
    summary.textContent = "Direct admin key · api.openai.com";
  } else if (config.upstream === "openai") {
    badge.textContent = "OpenAI API · live";
    badge.className = "badge badge-live";
    badge.title = "Changes made here apply to your real organization.";
    summary.textContent = `Console server proxy · ${connection.baseURL}`;
  } else {
    badge.textContent = "Local emulator";
    badge.className = "badge badge-ok";
    badge.title = "Changes stay in the local API emulator.";
    summary.textContent = `Console server proxy · ${connection.baseURL}`;
  }
}

// ---------------------------------------------------------------- list and revoke

/** The permissions shown, in order; `cursor` is the last_id to continue from when has_more. */
const table = { rows: [], cursor: null, hasMore: false, selected: new Set(), generation: 0 };

function setupPermissions() {
  const form = $("checkpoint-form");
  const checkpointInput = $("checkpoint");
  const listButton = $("list-submit");
  const more = $("load-more");
  const revokeSelected = $("revoke-selected");
  const selectAll = $("select-all");
  for (const button of [listButton, more, revokeSelected]) button.dataset.needsReady = "";
  revokeSelected.dataset.blocked = "true";

  let timer;
  checkpointInput.addEventListener("input", () => {
    if (!api) return;
    checkCheckpointField();
    // Reload once typing pauses, when the checkpoint is valid.
    clearTimeout(timer);
    timer = setTimeout(() => { if (!checkpointInput.getAttribute("aria-invalid")) loadPermissions(); }, 600);
  });
  $("order").addEventListener("change", () => loadPermissions());
  $("project-filter").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      loadPermissions();
    }
  });
  $("project-filter").addEventListener("search", () => loadPermissions());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    loadPermissions();
  });
  more.addEventListener("click", () => loadPermissions({ more: true }));
  selectAll.addEventListener("change", () => {
    table.selected = selectAll.checked ? new Set(table.rows.map((row) => row.project_id)) : new Set();
    renderRows();
  });
  revokeSelected.addEventListener("click", () => revoke([...table.selected], revokeSelected));
}

async function loadPermissions({ more = false } = {}) {
  if (!ready) return;
  if (!checkCheckpointField()) return;
  const checkpoint = checkpointValue();
  const status = $("list-status");
  const errorBox = $("list-error");
  const button = more ? $("load-more") : $("list-submit");
  const generation = ++table.generation; // a newer load wins over an older one still running
  const query = { limit: PAGE_SIZE, order: $("order").value };
  const filter = $("project-filter").value.trim();
  if (filter) query.project_id = filter;
  if (more && table.cursor) query.after = table.cursor;
  hideBox(errorBox);
  try {
    const page = await busy(button, status, more ? "Loading more…" : "Loading permissions…", () =>
      api.listCheckpointPermissions(checkpoint, query, callOptions()));
    if (generation !== table.generation) return;
    if (!more) {
      table.rows = [];
      table.selected.clear();
    }
    const seen = new Set(table.rows.map((row) => row.id));
    table.rows.push(...page.data.filter((row) => !seen.has(row.id)));
    table.cursor = page.last_id ?? null;
    table.hasMore = Boolean(page.has_more) && page.data.length > 0;
    table.checkpoint = checkpoint;
    renderRows();
  } catch (error) {
    if (generation !== table.generation) return;
    status.textContent = "";
    if (!more) {
      table.rows = [];
      table.selected.clear();
      table.hasMore = false;
      renderRows({ failed: true });
    }
    showErrorBox(errorBox, error);
  }
}

function renderRows({ failed = false } = {}) {
  const tbody = $("permissions-table").querySelector("tbody");
  const rows = table.rows.map((permission) => {
    const checkbox = element("input");
    checkbox.type = "checkbox";
    checkbox.checked = table.selected.has(permission.project_id);
    checkbox.setAttribute("aria-label", `Select ${permission.project_id}`);
    checkbox.addEventListener("change", () => {
      if (checkbox.checked) table.selected.add(permission.project_id);
      else table.selected.delete(permission.project_id);
      updateSelection();
    });
    const revokeButton = element("button", "button button-small button-ghost-danger",
      element("span", "spinner"), element("span", "button-label", "Revoke"));
    revokeButton.type = "button";
    revokeButton.dataset.needsReady = "";
    revokeButton.setAttribute("aria-label", `Revoke ${permission.project_id}`);
    revokeButton.addEventListener("click", () => revoke([permission.project_id], revokeButton, permission));
    const row = element("tr", "",
      element("td", "col-check", checkbox),
      element("td", "mono", permission.project_id),
      element("td", "mono muted", permission.id),
      element("td", "", timeElement(permission.created_at)),
      element("td", "col-action", revokeButton));
    row.dataset.projectId = permission.project_id;
    return row;
  });
  tbody.replaceChildren(...rows);
  $("permissions-empty").hidden = failed || rows.length > 0;
  $("load-more").hidden = !table.hasMore;
  const filter = $("project-filter").value.trim();
  $("list-status").textContent = failed ? "" : rows.length === 0 ? ""
    : `${plural(rows.length, "permission", "permissions")} shown${table.hasMore ? ", more available" : ""}${filter ? ` (project ${filter})` : ""}.`;
  updateSelection();
  syncButtons();
}

function updateSelection() {
  const count = table.selected.size;
  const button = $("revoke-selected");
  button.dataset.blocked = count === 0 ? "true" : "false";
  button.hidden = count === 0;
  button.querySelector(".button-label").textContent = count === 0 ? "Revoke selected" : `Revoke selected (${count})`;
  const selectAll = $("select-all");
  selectAll.disabled = table.rows.length === 0;
  selectAll.checked = count > 0 && count === table.rows.length;
  selectAll.indeterminate = count > 0 && count < table.rows.length;
  syncButtons();
}

/** Revokes after confirmation: one permission by id, or projects by id. */
async function revoke(projectIds, button, permission) {
  if (projectIds.length === 0 || !ready) return;
  const checkpoint = table.checkpoint ?? checkpointValue();
  const confirmed = await confirmDialog({
    title: projectIds.length === 1 ? "Revoke access?" : `Revoke access for ${projectIds.length} projects?`,
    body: [
      element("p", "", "These projects will no longer be able to use ", code(checkpoint), ":"),
      projectList(projectIds, "id-list-revoke"),
    ],
    confirmLabel: projectIds.length === 1 ? "Revoke access" : `Revoke ${projectIds.length}`,
  });
  if (!confirmed) return;
  const status = $("list-status");
  const errorBox = $("list-error");
  hideBox(errorBox);
  try {
    let done;
    if (permission) {
      await busy(button, status, `Revoking ${permission.project_id}…`, () =>
        api.deleteCheckpointPermission(checkpoint, permission.id, callOptions()));
      done = `Revoked ${permission.project_id}.`;
    } else {
      const result = await busy(button, status, `Revoking ${plural(projectIds.length, "project", "projects")}…`, () =>
        api.revokeCheckpointPermissions(checkpoint, projectIds, callOptions()));
      done = `Revoked ${plural(result.revoked.length, "permission", "permissions")}${result.notGranted.length ? `; ${plural(result.notGranted.length, "project", "projects")} had no access` : ""}.`;
    }
    await loadPermissions();
    $("list-status").textContent = done;
    // The revoked row (or the selection button) is gone: keep keyboard focus in the table.
    if (!document.activeElement || document.activeElement === document.body || document.activeElement.closest("[hidden]")) {
      document.querySelector("#permissions .table-wrap").focus();
    }
  } catch (error) {
    status.textContent = "";
    showErrorBox(errorBox, error);
    if (error?.name === "PartialFailureError") errorBox.append(failedList(error.result.failed));
    await loadPermissions().catch(() => {});
  }
}

// ---------------------------------------------------------------- grant

function setupGrant() {
  const form = $("grant-form");
  const projectsInput = $("grant-project-ids");
  const button = $("grant-submit");
  const status = $("grant-status");
  const errorBox = $("grant-error");
  const result = $("grant-result");
  button.dataset.needsReady = "";

  submitOnCtrlEnter(projectsInput, form);
  projectsInput.addEventListener("input", () => clearFieldError(projectsInput));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!ready || running.has(button)) return;
    hideBox(errorBox);
    result.hidden = true; // never show an older answer next to a new attempt
    status.textContent = "";
    const projectIds = validateInputs(projectsInput);
    if (!projectIds) return;
    const checkpoint = checkpointValue();
    try {
      const outcome = await busy(button, status, `Granting access to ${plural(projectIds.length, "project", "projects")}…`, () =>
        api.grantCheckpointPermissions(checkpoint, projectIds, callOptions()));
      renderGrant(result, outcome);
      status.textContent = outcome.created.length === 0
        ? "Nothing to do: every project already had access."
        : `Done: ${plural(outcome.created.length, "project", "projects")} granted.`;
      projectsInput.value = "";
      loadPermissions();
    } catch (error) {
      status.textContent = "";
      showErrorBox(errorBox, error);
      if (error?.name === "PartialFailureError") {
        renderGrant(result, error.result);
        errorBox.append(failedList(error.result.failed));
      }
    }
  });
}

function renderGrant(result, { created = [], alreadyGranted = [] }) {
  result.replaceChildren();
  if (created.length) {
    result.append(element("h3", "result-heading result-created", `Granted now · ${created.length}`),
      projectList(created.map((permission) => permission.project_id), "id-list-created"));
  }
  if (alreadyGranted.length) {
    result.append(element("h3", "result-heading result-kept", `Already had access · ${alreadyGranted.length}`),
      projectList(alreadyGranted.map((permission) => permission.project_id), "id-list-already"));
  }
  result.hidden = result.childElementCount === 0;
}

function failedList(failed = []) {
  const list = element("ul", "failed-list");
  for (const failure of failed) {
    list.append(element("li", "", element("strong", "", failure.action === "create" || failure.action === "grant" ? "Grant " : "Revoke "),
      code(failure.projectId), " — ", ...errorDetails(failure.error)));
  }
  return list;
}

/** An error inside a list: "HTTP 500: The server had an error… (request req_…)". */
function errorDetails(error) {
  const { text, status, requestID } = describeError(error);
  const details = [`${status === undefined ? "" : `HTTP ${status}: `}${text}`];
  if (requestID) details.push(" (request ", code(requestID), ")");
  return details;
}

function submitOnCtrlEnter(textarea, form) {
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

// ---------------------------------------------------------------- sync

function setupSync() {
  const form = $("sync-form");
  const projectsInput = $("sync-project-ids");
  const preview = $("sync-preview");
  const apply = $("sync-apply");
  const status = $("sync-status");
  const errorBox = $("sync-error");
  const planBox = $("sync-plan");
  const progress = $("sync-progress");
  preview.dataset.needsReady = "";
  apply.dataset.needsReady = "";
  apply.dataset.blocked = "true";
  /** The previewed plan: applying needs one, for the same checkpoint and list. */
  let planned = null;

  const forget = () => {
    planned = null;
    apply.dataset.blocked = "true";
    syncButtons();
  };
  submitOnCtrlEnter(projectsInput, form);
  projectsInput.addEventListener("input", () => {
    clearFieldError(projectsInput);
    if (planned) {
      forget();
      planBox.classList.add("is-stale");
      status.textContent = "The list changed: preview the plan again.";
    }
  });
  $("checkpoint").addEventListener("input", () => planned && forget());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!ready || running.has(preview)) return;
    hideBox(errorBox);
    forget();
    planBox.hidden = true;
    status.textContent = "";
    const desired = validateInputs(projectsInput);
    if (!desired) return;
    const checkpoint = checkpointValue();
    try {
      const plan = await busy(preview, status, "Computing the plan…", () =>
        api.syncCheckpointPermissions(checkpoint, desired, callOptions({ dryRun: true })));
      renderPlan(planBox, plan);
      const changes = plan.grant.length + plan.revoke.length;
      status.textContent = changes === 0 ? "Already in sync: nothing to apply." : `Plan ready: ${plural(changes, "change", "changes")}. Review it, then apply.`;
      if (changes > 0) {
        planned = { checkpoint, desired, plan };
        apply.dataset.blocked = "false";
        syncButtons();
      }
    } catch (error) {
      status.textContent = "";
      showErrorBox(errorBox, error);
    }
  });

  const run = async () => {
    if (!planned || !ready || running.has(apply)) return;
    const { checkpoint, desired, plan } = planned;
    hideBox(errorBox);
    progress.hidden = false;
    running.add(preview);
    try {
      const outcome = await busy(apply, status,
        `Applying: granting ${plan.grant.length}, revoking ${plan.revoke.length}…`, () =>
          api.syncCheckpointPermissions(checkpoint, desired, callOptions()));
      forget();
      renderPlan(planBox, outcome, { applied: true });
      status.textContent = `Applied: ${plural(outcome.created.length, "grant", "grants")}, ${plural(outcome.revoked.length, "revoke", "revokes")}.`;
    } catch (error) {
      status.textContent = "";
      showErrorBox(errorBox, error);
      if (error?.name === "PartialFailureError") {
        errorBox.append(failedList(error.result.failed));
        const retry = element("button", "button", element("span", "spinner"), element("span", "button-label", "Retry the failed ones"));
        retry.type = "button";
        retry.id = "sync-retry";
        retry.addEventListener("click", () => {
          if (!planned) {
            status.textContent = "The list or checkpoint changed: preview the plan again.";
            return;
          }
          retry.disabled = true;
          retry.classList.add("is-loading");
          run();
        });
        errorBox.append(element("p", "alert-actions", retry));
        status.textContent = `Partly applied: ${error.result.created.length} granted, ${error.result.revoked.length} revoked, ${error.result.failed.length} failed.`;
        const heading = planBox.querySelector(".result-heading");
        if (heading) heading.textContent = "Plan (partly applied: see the failures above)";
      }
    } finally {
      running.delete(preview);
      progress.hidden = true;
      syncButtons();
      loadPermissions();
    }
  };
  apply.addEventListener("click", run);
}

function renderPlan(box, plan, { applied = false } = {}) {
  box.classList.remove("is-stale");
  const ids = (list) => list.map((item) => (typeof item === "string" ? item : item.project_id ?? item.projectId));
  const groups = applied
    ? [["Granted", ids(plan.created), "grant"], ["Revoked", ids(plan.revoked), "revoke"], ["Kept", ids(plan.keep ?? []), "keep"]]
    : [["Will be granted", ids(plan.grant), "grant"], ["Will be revoked", ids(plan.revoke), "revoke"], ["Keep access", ids(plan.keep), "keep"]];
  box.replaceChildren(element("h3", "result-heading", applied ? "Applied" : "Plan (nothing changed yet)"));
  const grid = element("div", "plan-grid");
  for (const [label, list, kind] of groups) {
    const column = element("div", `plan-group plan-${kind}`, element("h4", "", `${label} · ${list.length}`));
    column.append(list.length ? projectList(list) : element("p", "muted", "None"));
    grid.append(column);
  }
  box.append(grid);
  box.hidden = false;
}

// ---------------------------------------------------------------- access file

function setupAccess() {
  const form = $("access-form");
  const fileInput = $("access-file");
  const exportButton = $("access-export");
  const planButton = $("access-plan");
  const applyButton = $("access-apply");
  const status = $("access-status");
  const errorBox = $("access-error");
  const reportBox = $("access-report");
  const progress = $("access-progress");
  const buttons = [exportButton, planButton, applyButton];
  for (const button of buttons) button.dataset.needsReady = "";

  submitOnCtrlEnter(fileInput, form);
  fileInput.addEventListener("input", () => {
    clearFieldError(fileInput);
    if (!reportBox.hidden && !reportBox.classList.contains("is-stale")) {
      reportBox.classList.add("is-stale");
      status.textContent = "The file changed: plan it again.";
    }
  });

  /** Runs one action of the panel; the other two wait, since each would replace what it shows. */
  async function exclusive(button, text, work) {
    const others = buttons.filter((other) => other !== button);
    for (const other of others) running.add(other);
    try {
      return await busy(button, status, text, work);
    } finally {
      for (const other of others) running.delete(other);
      syncButtons();
    }
  }

  const clearOutcome = () => {
    hideBox(errorBox);
    clearFieldError(fileInput);
    status.textContent = "";
  };

  function showReport(report, { applied }) {
    const heading = !applied ? "Plan (nothing changed yet)" : report.inSync ? "Applied" : "Partly applied (the failures are listed below)";
    reportBox.classList.remove("is-stale");
    reportBox.replaceChildren(element("h3", "result-heading", heading), accessReportElement(report, { applied }));
    reportBox.hidden = false;
    status.textContent = reportStatus(report, { applied });
  }

  /**
   * planAccess or applyAccess on `text`, with a progress bar. Shows the report, also the one a
   * PartialFailureError carries, and returns it; any other failure is shown and gives null.
   */
  async function runEngine(engineCall, text, { button, busyText, applied }) {
    const total = checkpointsNamedIn(text).length;
    let done = 0;
    if (total > 0) {
      progress.max = total;
      progress.value = 0;
    } else {
      progress.removeAttribute("value"); // an unreadable file is refused before any checkpoint
    }
    progress.hidden = false;
    const onCheckpoint = () => {
      if (total > 0) progress.value = Math.min(++done, total);
    };
    try {
      const report = await exclusive(button, busyText, () => engineCall(text, callOptions({ onCheckpoint })));
      showReport(report, { applied });
      return report;
    } catch (error) {
      status.textContent = "";
      if (isFileError(error)) {
        reportBox.hidden = true;
        showFieldError(fileInput, `${describeError(error).text.replace(/\.$/, "")}. Nothing was sent.`);
        fileInput.focus();
        return null;
      }
      showErrorBox(errorBox, error);
      if (error?.name === "PartialFailureError" && isAccessReport(error.result)) {
        showReport(error.result, { applied });
        return error.result;
      }
      reportBox.hidden = true;
      return null;
    } finally {
      progress.hidden = true;
    }
  }

  // The checkpoints the file names, when it names any: refreshing a file is the common case, and
  // a fresh one starts from the checkpoint the page shows.
  exportButton.addEventListener("click", async () => {
    if (!ready || running.has(exportButton)) return;
    clearOutcome();
    const named = checkpointsNamedIn(fileInput.value);
    if (named.length === 0 && !checkCheckpointField()) {
      $("checkpoint").focus();
      return;
    }
    const checkpoints = named.length > 0 ? named : [checkpointValue()];
    const count = plural(checkpoints.length, "checkpoint", "checkpoints");
    try {
      const file = await exclusive(exportButton, `Exporting today's access to ${count}…`, () =>
        api.exportAccess(checkpoints, callOptions()));
      fileInput.value = JSON.stringify(file, null, 2);
      reportBox.hidden = true;
      status.textContent = `Exported today's access to ${count}. Edit it, then plan.`;
    } catch (error) {
      status.textContent = "";
      showErrorBox(errorBox, error);
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!ready || running.has(planButton)) return;
    clearOutcome();
    await runEngine(api.planAccess, fileInput.value, { button: planButton, busyText: "Planning…", applied: false });
  });

  // Apply plans first, asks with that plan in front of the person, and only then writes. The
  // engine plans again as it applies, so what changed meanwhile is still handled correctly.
  applyButton.addEventListener("click", async () => {
    if (!ready || running.has(applyButton)) return;
    clearOutcome();
    const text = fileInput.value;
    const plan = await runEngine(api.planAccess, text, { button: applyButton, busyText: "Planning before applying…", applied: false });
    if (!plan) return;
    if (plan.totals.unreadable > 0) {
      status.textContent = "Nothing was written: the plan is incomplete. Apply again in a moment.";
      return;
    }
    const changes = plannedChanges(plan);
    if (changes === 0) return; // the status already says there is nothing to apply
    const confirmed = await confirmDialog({
      title: "Apply the access file?",
      body: [element("p", "", reportStatus(plan, { applied: false })), accessReportElement(plan, { applied: false })],
      confirmLabel: `Apply ${plural(changes, "change", "changes")}`,
    });
    if (!confirmed) {
      status.textContent = "Not applied: nothing was written.";
      return;
    }
    const report = await runEngine(api.applyAccess, text, {
      button: applyButton,
      busyText: `Applying: granting ${plan.totals.grant}, revoking ${plan.totals.revoke}…`,
      applied: true,
    });
    if (report && changedCheckpoints(report).has(table.checkpoint)) loadPermissions();
  });
}

/** The file itself is at fault (its place is in the message, e.g. `checkpoints["ft:…"][2]: …`), not an option. */
function isFileError(error) {
  return error?.name === "InvalidInputError" && !String(error.field).startsWith("options.");
}

/** An access report, one block per checkpoint in the file's order: in the panel and in Apply's confirmation. */
function accessReportElement(report, { applied }) {
  const list = element("ol", "access-checkpoints");
  for (const entry of report.checkpoints) {
    const view = checkpointView(entry, { applied });
    const block = element("li", `plan-group access-checkpoint access-state-${view.state}`,
      element("h4", "", code(view.checkpoint), element("span", "access-counts", view.counts)));
    block.dataset.checkpoint = view.checkpoint;
    if (view.nobody) block.append(element("p", "access-nobody", "Nobody may use this checkpoint: the file lists no project."));
    if (view.unreadable) block.append(element("p", "access-unreadable", `${view.unreadable.text} `, ...errorDetails(view.unreadable.error)));
    if (view.changes.length > 0) {
      const changes = element("ul", "access-changes");
      for (const change of view.changes) {
        const sign = element("span", "access-sign", change.sign);
        sign.setAttribute("aria-hidden", "true"); // the label after the id says it in words
        const item = element("li", `access-${change.kind}`, sign, " ", code(change.projectId), ` ${change.label}`);
        if (change.permissionId) item.append(" ", element("span", "muted", `(${change.permissionId})`));
        changes.append(item);
      }
      block.append(changes);
    }
    if (view.failed.length > 0) block.append(failedList(view.failed));
    list.append(block);
  }
  return list;
}

// ---------------------------------------------------------------- start

async function start() {
  setupConnection();
  setupPermissions();
  setupGrant();
  setupSync();
  setupAccess();
  syncButtons();
  const badge = $("upstream-badge");
  const fail = (message) => {
    badge.textContent = "Offline";
    badge.className = "badge badge-error";
    const alert = $("console-alert");
    alert.textContent = message;
    alert.hidden = false;
  };
  try {
    config = await loadConfig();
  } catch (error) {
    fail(`The console could not start: ${error.message} Is scripts/serve.mjs running? Reload once it is.`);
    return;
  }
  try {
    api = await import("/pkg/access/browser.js");
    await api.init();
  } catch (error) {
    fail(`The package could not be loaded from /pkg/access/ (${error.message}). Build it with scripts/build.sh, then reload.`);
    return;
  }
  connection = { mode: "proxy", baseURL: config.baseURL };
  $("proxy-url").value = config.baseURL;
  showConnection();
  ready = true;
  syncButtons();
  setInterval(refreshRelativeTimes, 30_000);
  document.body.dataset.ready = "true";
  loadPermissions();
}

start();
