// What the console shows beside a project id: its name and whether it is archived or not a
// project of the organization at all. The names come from the organization's projects, read once
// (projects-directory.mjs), or from a package report's own `projects` (a plan names every project
// it mentions). No DOM, so Node tests it (tests/js/project-names.test.mjs).

/**
 * The organization's projects (as listAllProjects gives them, archived included) by id:
 * { id, name, status: "active" | "archived" }. A project with an `archived_at` is archived
 * whatever its `status` says.
 */
export function indexProjects(projects) {
  const byId = new Map();
  for (const project of projects) {
    if (typeof project?.id !== "string") continue;
    const archived = project.status === "archived" || (project.archived_at !== null && project.archived_at !== undefined);
    byId.set(project.id, { id: project.id, name: typeof project.name === "string" && project.name.trim() !== "" ? project.name : null, status: archived ? "archived" : "active" });
  }
  return byId;
}

/**
 * What is known of a project: { id, name, status }. `status` is "active", "archived",
 * "unknown" (the projects were read, and this id is not one of them) or null (nothing is known:
 * the projects could not be read, so the id is shown as it is). `named` is a package report's
 * `projects` ({ [id]: { name, status } }), used when the directory does not know the id.
 */
export function projectInfo(id, { directory = null, named = null } = {}) {
  const known = directory?.get(id);
  if (known) return { id, name: known.name, status: known.status };
  const reported = named && Object.hasOwn(named, id) ? named[id] : null;
  if (reported && reported.status !== "unknown") return { id, name: reported.name ?? null, status: reported.status };
  if (directory || reported) return { id, name: null, status: "unknown" };
  return { id, name: null, status: null };
}

/** A status as the page words it beside a project; "" for an active project or none known. */
export function statusWords(status) {
  switch (status) {
    case "archived": return "archived";
    case "unknown": return "not a project of this organization";
    default: return "";
  }
}

/**
 * A project in one line of text, for status lines and labels:
 * "Weather forecasts (proj_ab…)", "Legacy chatbot (proj_Lg…, archived)", "proj_x (not a project
 * of this organization)", or the bare id when nothing is known.
 */
export function projectText(info) {
  const status = statusWords(info.status);
  if (info.name) return `${info.name} (${info.id}${status ? `, ${status}` : ""})`;
  return status ? `${info.id} (${status})` : info.id;
}

/** A short summary of the directory for the note at the top: "10 projects, 3 archived". */
export function directorySummary(directory) {
  const archived = [...directory.values()].filter((project) => project.status === "archived").length;
  const count = directory.size;
  return `${count} ${count === 1 ? "project" : "projects"}${archived > 0 ? `, ${archived} archived` : ""}`;
}
