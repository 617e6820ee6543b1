// The permissions table's filter and what the table says about itself. No DOM: Node tests it
// (tests/js/filter.test.mjs).
//
// The filter matches any part of a project id, in any case: admins remember ids by a piece
// ("the one ending in 5A1iH"), and the API's own project_id query only matches a whole id. Where
// the organization's projects could be read, it matches any part of a project's name too.

import { searchable } from "./project-search.mjs";
import { plural, quoted } from "./words.mjs";

/** Whether the filter is part of the project's id or, when given, of its name (accents aside). */
export function matchesFilter(projectId, filter, name = null) {
  const needle = filter.trim().toLowerCase();
  if (needle === "" || String(projectId).toLowerCase().includes(needle)) return true;
  return typeof name === "string" && searchable(name).includes(searchable(needle));
}

/** The permissions whose project id (or name: `nameOf(projectId)`) contains the filter, in their order. */
export function filterPermissions(permissions, filter, nameOf = () => null) {
  return permissions.filter((permission) => matchesFilter(permission.project_id, filter, nameOf(permission.project_id)));
}

/**
 * The table's status line and its empty-table message, for each phase of the view:
 * - "none": no checkpoint typed; "invalid": one the package refuses (`problem` says why);
 * - "typing": a new checkpoint is being typed, its list loads once typing pauses;
 * - "loading", "failed" (the error shows above the table);
 * - "loaded": `shown` rows (after the filter), of `total` when filtered, `hasMore` pages left.
 * Never an old checkpoint's rows: in every phase but "loaded" the table is empty and says why.
 */
export function tableSummary({ phase, filter = "", shown = 0, total = 0, hasMore = false, problem = "", byName = false }) {
  const filtered = filter.trim() !== "";
  switch (phase) {
    case "none":
      return { status: "", empty: "Enter a checkpoint to see who has access to it." };
    case "invalid":
      return { status: "", empty: `Nothing is shown: the checkpoint ${problem || "is not valid"}.` };
    case "typing":
      return { status: "", empty: "The checkpoint changed: its permissions load when you stop typing." };
    case "loading":
      return { status: "", empty: "Loading who has access…" };
    case "failed":
      return { status: "", empty: "The permissions could not be loaded (the error is above). Nothing is shown rather than an old list." };
    default:
      break;
  }
  if (filtered) {
    const needle = quoted(filter.trim());
    const part = byName ? "part of the project's name or id" : "part of the project id";
    if (shown > 0) return { status: `${shown} of ${plural(total, "permission")} match ${needle} (${part}).`, empty: null };
    return {
      status: "",
      empty: total === 0
        ? `No permission matches ${needle}: no project has access to this checkpoint at all.`
        : byName
          ? `No permission matches ${needle}: none of the ${plural(total, "project")} on this checkpoint has it in its name or id.`
          : `No permission matches ${needle}: none of the ${plural(total, "project id")} on this checkpoint contains it.`,
    };
  }
  if (shown === 0) return { status: "", empty: "No project has access to this checkpoint." };
  return { status: `${plural(shown, "permission")} shown${hasMore ? ", more available" : ""}.`, empty: null };
}
