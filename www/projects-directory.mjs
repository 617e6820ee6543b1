// The organization's projects, read once when the console starts (listAllProjects, archived
// included, through the proxy) and kept: every panel shows names beside ids from them, the picker
// searches them, and sync, access and history calls get them as `options.projects`, so the
// package does not read them again. "Refresh projects" reads them again. Where they cannot be
// read (the key may not list them: a 403), the note at the top says so once, quietly, and the
// page goes on with bare ids.

import { busy } from "./busy.mjs";
import { callOptions } from "./connection.mjs";
import { $, element } from "./dom.mjs";
import { describeError } from "./errors-view.mjs";
import { directorySummary, indexProjects } from "./project-names.mjs";
import { events, session } from "./session.mjs";
import { unsaidWarnings } from "./warnings.mjs";

const state = {
  /** "idle" (not read yet), "loading", "ready" or "unreadable". */
  phase: "idle",
  /** The projects as listAllProjects gave them: what `options.projects` takes. */
  projects: null,
  /** id → { id, name, status } (project-names.mjs). */
  directory: null,
  error: null,
  readAt: null,
  /** The read in flight (or done): calls wait for it rather than read the projects themselves. */
  reading: Promise.resolve(),
  generation: 0,
};
const saidWarnings = new Set();

/** id → { id, name, status }, or null while the projects are not (or cannot be) read. */
export const currentDirectory = () => state.directory;

export const directoryPhase = () => state.phase;

export function setupProjectsDirectory() {
  const button = $("projects-refresh");
  button.dataset.needsReady = "";
  button.addEventListener("click", () => {
    if (!button.disabled) loadProjects();
  });
  render();
}

/** Reads the projects (again); a read still running for an older connection is dropped. */
export function loadProjects() {
  const generation = ++state.generation;
  state.phase = "loading";
  state.error = null;
  render();
  const read = busy($("projects-refresh"), null, "", async (onRetry) => {
    const projects = [];
    for await (const project of session.api.listAllProjects({ include_archived: true }, callOptions({ onRetry }))) projects.push(project);
    return projects;
  }).then((projects) => {
    if (generation !== state.generation) return;
    Object.assign(state, { phase: "ready", projects, directory: indexProjects(projects), readAt: new Date() });
  }, (error) => {
    if (generation !== state.generation) return;
    Object.assign(state, { phase: "unreadable", projects: null, directory: null, error });
  }).finally(() => {
    if (generation !== state.generation) return;
    render();
    events.dispatchEvent(new Event("projects"));
  });
  state.reading = read;
  return read;
}

/**
 * `{ projects }` for a sync, access or history call once the read has ended. Where the key may
 * not list them (401, 403), `{ projects: null }`: the package then neither asks again on every
 * call nor warns again of what the note says. After any other failure, `{}`: the package tries
 * itself, and goes on with bare ids.
 */
export async function projectsOption() {
  await state.reading;
  if (state.projects) return { projects: state.projects };
  return [401, 403].includes(state.error?.status) ? { projects: null } : {};
}

/** A call's `warnings`, said once in the note, unless the note already says the projects are unreadable. */
export function sayWarnings(warnings) {
  const fresh = unsaidWarnings(warnings, { directoryNoted: state.phase === "unreadable", said: saidWarnings });
  const slot = $("projects-warnings");
  for (const warning of fresh) slot.append(element("li", "", warning));
  slot.hidden = slot.childElementCount === 0;
}

function render() {
  const note = $("projects-status");
  const button = $("projects-refresh");
  const label = button.querySelector(".button-label");
  note.removeAttribute("title");
  switch (state.phase) {
    case "loading":
      note.textContent = "Reading the organization's projects…";
      break;
    case "ready": {
      const time = state.readAt.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
      note.replaceChildren(element("strong", "", "Project names: "), `${directorySummary(state.directory)}, read at ${time}.`);
      label.textContent = "Refresh projects";
      break;
    }
    case "unreadable": {
      const { status, text, title } = describeError(state.error);
      // A refused console token is said in full where the list failed; here, only that names are missing.
      const why = state.error?.code === "invalid_console_token" ? title : `${status === undefined ? "" : `HTTP ${status}: `}${text}`;
      note.replaceChildren(element("strong", "", "Project names could not be read"), `, so projects are shown by id (${shorten(why)}).`);
      note.title = why;
      label.textContent = "Try again";
      break;
    }
    default:
      note.textContent = "";
  }
  $("projects").dataset.phase = state.phase;
}

/** One line stays one line: a long server message is cut, and kept whole in the title. */
function shorten(text, max = 140) {
  const oneLine = String(text).replace(/\s+/g, " ").trim().replace(/\.$/, "");
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
