// A project as every panel shows it: its name beside its id, and "archived" or "not a project of
// this organization" where that is so. Without the organization's projects, the bare id, as
// before names existed. The words are project-names.mjs's.

import { code, element } from "./dom.mjs";
import { projectInfo, statusWords } from "./project-names.mjs";
import { currentDirectory } from "./projects-directory.mjs";

/**
 * `<span class="project">Weather forecasts <code>proj_…</code></span>`. `named` is a package
 * report's `projects`, for an id the console's own directory does not know.
 */
export function projectLabel(id, { named = null } = {}) {
  return projectLabelOf(projectInfo(id, { directory: currentDirectory(), named }));
}

/** The same, from a { id, name, status } already looked up. */
export function projectLabelOf(project) {
  const label = element("span", `project${project.status ? ` project-${project.status}` : ""}`);
  if (project.name) label.append(element("span", "project-name", project.name), " ");
  label.append(code(project.id));
  const words = statusWords(project.status);
  if (words) label.append(" ", element("span", "project-status", words));
  return label;
}

/** A list of projects, one label each. */
export function projectLabelList(ids, className = "", { named = null } = {}) {
  const list = element("ul", `id-list ${className}`);
  for (const id of ids) list.append(element("li", "", projectLabel(id, { named })));
  return list;
}
