// The admin console page. The package (/pkg/browser.js) runs here; the console server
// (scripts/serve.mjs) holds the admin key. The page asks it for a per-run token and calls the
// server's /v1 with it.
//
// Layout of this file: shared pieces (config, call options, parsing, error and date display),
// then one setup function per action section of index.html. List, revoke and sync will each add
// a setup function and an entry in ACTIONS, reusing the shared pieces.

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- shared

/** The package (`/pkg/browser.js`), imported at start so that a missing build is reported in words. */
let api = null;

/** { baseURL, token, upstream } from the console server, once loaded. */
let config = null;

async function loadConfig() {
  const response = await fetch("/console-config.json", { cache: "no-store", headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`The console server answered ${response.status} for its configuration.`);
  const value = await response.json();
  if (typeof value?.baseURL !== "string" || typeof value?.token !== "string") {
    throw new Error("The console configuration is incomplete (baseURL and token are required).");
  }
  return value;
}

/** Options of every package call: the console server's /v1, authorized with this run's token. */
function callOptions() {
  return { baseURL: config.baseURL, headers: { Authorization: `Bearer ${config.token}` } };
}

/** The checkpoint shared by every action, trimmed. */
function checkpointValue() {
  return $("checkpoint").value.trim();
}

/** One per line or comma separated; trimmed, blanks dropped, repeats removed (first one kept). */
function parseProjectIds(text) {
  const ids = text.split(/[\r\n,]+/).map((id) => id.trim()).filter((id) => id !== "");
  return [...new Set(ids)];
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Unix seconds → a <time> element with a readable local date. */
function timeElement(unixSeconds) {
  const element = document.createElement("time");
  const date = new Date(unixSeconds * 1000);
  if (Number.isFinite(date.getTime())) {
    element.dateTime = date.toISOString();
    element.title = date.toISOString();
    element.textContent = dateFormat.format(date);
  } else {
    element.textContent = String(unixSeconds);
  }
  return element;
}

function cell(content, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  return td;
}

// Field errors: an InvalidInputError names its field (`checkpoint`, `body.project_ids[2]`, …);
// each action maps those names to its inputs.

function showFieldError(input, message) {
  const slot = $(`${input.id}-error`);
  slot.textContent = message;
  slot.hidden = false;
  input.setAttribute("aria-invalid", "true");
}

function clearFieldError(input) {
  const slot = $(`${input.id}-error`);
  slot.textContent = "";
  slot.hidden = true;
  input.removeAttribute("aria-invalid");
}

/** A rejected call, in words: what happened, the HTTP status and the request id when known. */
function showErrorBox(box, error) {
  box.replaceChildren();
  const title = document.createElement("p");
  title.className = "alert-title";
  const name = error?.name || "Error";
  title.textContent = typeof error?.status === "number" ? `${name} · HTTP ${error.status}` : name;

  const message = document.createElement("p");
  const text = error?.message || String(error);
  // The package's API messages start with the status, already shown in the title.
  message.textContent = typeof error?.status === "number" && text.startsWith(`${error.status} `) ? text.slice(String(error.status).length + 1) : text;
  box.append(title, message);

  const hint = hintFor(error);
  if (hint) {
    const advice = document.createElement("p");
    advice.className = "alert-hint";
    advice.textContent = hint;
    box.append(advice);
  }
  if (error?.requestID) {
    const request = document.createElement("p");
    request.className = "alert-meta";
    const code = document.createElement("code");
    code.textContent = error.requestID;
    request.append("Request ID: ", code);
    box.append(request);
  }
  box.hidden = false;
}

function hintFor(error) {
  switch (error?.name) {
    case "AuthenticationError":
      return error.code === "invalid_console_token"
        ? "The console server was restarted: reload this page."
        : "The console server's admin key was refused by the API.";
    case "PermissionDeniedError": return "The admin key is not allowed to change this checkpoint.";
    case "NotFoundError": return "Check the checkpoint id.";
    case "RateLimitError": return "Too many requests: wait a moment and try again.";
    case "APIConnectionError": return "The console server could not be reached. Is it still running?";
    case "APIConnectionTimeoutError": return "No answer in time. Try again.";
    default: return "";
  }
}

function hideBox(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** Disables the button and shows its spinner while `work` runs. */
async function busy(section, button, status, text, work) {
  section.setAttribute("aria-busy", "true");
  button.disabled = true;
  button.classList.add("is-loading");
  status.textContent = text;
  try {
    return await work();
  } finally {
    section.removeAttribute("aria-busy");
    button.disabled = false;
    button.classList.remove("is-loading");
  }
}

const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

// ---------------------------------------------------------------- grant

function setupGrant() {
  const section = $("grant");
  const form = $("grant-form");
  const checkpointInput = $("checkpoint");
  const projectsInput = $("grant-project-ids");
  const button = $("grant-submit");
  const status = $("grant-status");
  const errorBox = $("grant-error");
  const result = $("grant-result");

  projectsInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  checkpointInput.addEventListener("input", () => clearFieldError(checkpointInput));
  projectsInput.addEventListener("input", () => clearFieldError(projectsInput));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled || !config || !api) return;
    const checkpoint = checkpointValue();
    const projectIds = parseProjectIds(projectsInput.value);
    clearFieldError(checkpointInput);
    clearFieldError(projectsInput);
    hideBox(errorBox);
    result.hidden = true; // never show an older answer next to a new attempt

    try {
      const page = await busy(section, button, status, `Granting access to ${plural(projectIds.length, "project", "projects")}…`, () =>
        api.createCheckpointPermissions(checkpoint, { project_ids: projectIds }, callOptions()));
      renderPermissions(result, page);
      status.textContent = `Done: ${plural(page.data.length, "project has", "projects have")} access.`;
    } catch (error) {
      status.textContent = "";
      if (error instanceof api.InvalidInputError && fieldInput(error.field, checkpointInput, projectsInput)) {
        const input = fieldInput(error.field, checkpointInput, projectsInput);
        showFieldError(input, describeInvalid(error, projectIds));
        input.focus();
      } else {
        showErrorBox(errorBox, error);
      }
    }
  });

  return button;
}

function fieldInput(field, checkpointInput, projectsInput) {
  if (field === "checkpoint") return checkpointInput;
  if (field === "body" || field?.startsWith("body.project_ids")) return projectsInput;
  return null;
}

/** The package's message, plus the offending id when it names one by index. */
function describeInvalid(error, projectIds) {
  const index = /^body\.project_ids\[(\d+)\]$/.exec(error.field ?? "")?.[1];
  const id = index === undefined ? undefined : projectIds[Number(index)];
  return id === undefined ? error.message : `${error.message} (“${id}”)`;
}

function renderPermissions(result, page) {
  const rows = page.data.map((permission) => {
    const row = document.createElement("tr");
    row.append(
      cell(permission.project_id, "mono"),
      cell(permission.id, "mono"),
      cell(timeElement(permission.created_at)),
    );
    return row;
  });
  result.querySelector("tbody").replaceChildren(...rows);
  const caption = result.querySelector("caption");
  caption.replaceChildren(`Access granted · ${plural(page.data.length, "permission", "permissions")}`);
  if (page._request_id) {
    const meta = document.createElement("span");
    meta.className = "caption-meta";
    meta.textContent = `Request ID: ${page._request_id}`;
    caption.append(meta);
  }
  result.hidden = false;
}

// ---------------------------------------------------------------- start

/** One setup per action section; each returns the button that needs the config to work. */
const ACTIONS = { grant: setupGrant };

async function start() {
  const buttons = Object.values(ACTIONS).map((setup) => setup());
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
    api = await import("/pkg/browser.js");
  } catch (error) {
    fail(`The package could not be loaded from /pkg/ (${error.message}). Build it with scripts/build.sh, then reload.`);
    return;
  }
  if (config.upstream === "openai") {
    badge.textContent = "OpenAI API · live";
    badge.className = "badge badge-live";
    badge.title = "Changes made here apply to your real organization.";
  } else {
    badge.textContent = "Local emulator";
    badge.className = "badge badge-ok";
    badge.title = "Changes stay in the local API emulator.";
  }
  for (const button of buttons) button.disabled = false;
}

start();
