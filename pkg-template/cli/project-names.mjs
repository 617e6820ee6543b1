// A project as every command shows it: its id, which is what the API and the access file use,
// then what a person recognises it by. One wording for plan, apply, history and projects:
//   proj_… ("Weather forecasts")            an active project
//   proj_… ("Legacy app", archived)         an archived one
//   proj_… (unknown)                        not a project of the organization
//   proj_…                                  no name to show (no directory, or a project without one)
import { printable } from "./printable.mjs";

/**
 * @param {string} id
 * @param {{ name?: string|null, status?: string|null }} [info] what the report or the directory
 *   says of the project; undefined when nothing is known.
 */
export function projectLabel(id, info) {
  if (!info) return id;
  if (info.status === "unknown") return `${id} (unknown)`;
  const parts = [];
  if (typeof info.name === "string" && info.name !== "") parts.push(quotedName(info.name));
  if (info.status === "archived") parts.push("archived");
  return parts.length === 0 ? id : `${id} (${parts.join(", ")})`;
}

/** `"Weather forecasts"`, quoted so a name is never mistaken for the words around it. */
export function quotedName(name) {
  return `"${printable(name).replaceAll('"', '\\"')}"`;
}

/** `projectLabel` reading a report's `projects` map (`{ "proj_…": { name, status } }`, maybe absent). */
export function labelFrom(projects) {
  return (id) => projectLabel(id, projects?.[id]);
}
