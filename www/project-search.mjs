// The project picker's search: which projects a few typed letters mean. An admin remembers a
// project by its name ("weat" for "Weather forecasts") or by a piece of its id; both are
// searched, in any case and without accents. Archived projects are never offered: they cannot be
// given access. No DOM, so Node tests it (tests/js/project-search.test.mjs).

/** How many matches the picker lists at once; the rest are counted ("keep typing"). */
export const PICKER_LIMIT = 8;

/** Lower case, accents dropped, runs of blanks made one space: "Éclair  Bot" → "eclair bot". */
export function searchable(text) {
  return String(text ?? "").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * How well a project matches `query` (already searchable()), lower is better, or null:
 * 0 its name starts with it, 1 a word of its name does, 2 its name contains it,
 * 3 its id starts with it, 4 its id contains it.
 */
function rank(project, query) {
  const name = searchable(project.name);
  if (name) {
    if (name.startsWith(query)) return 0;
    if (name.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(query))) return 1;
    if (name.includes(query)) return 2;
  }
  const id = project.id.toLowerCase();
  if (id.startsWith(query)) return 3;
  if (id.includes(query)) return 4;
  return null;
}

/**
 * The active projects matching `query`, best first (then by name, then by id), at most `limit`:
 * { matches: [{ id, name, listed }], more } where `listed` says the id is already in the field
 * (`listed`: a Set of ids) and `more` counts the matches left out. An empty query offers nothing.
 */
export function searchProjects(directory, query, { listed = new Set(), limit = PICKER_LIMIT } = {}) {
  const needle = searchable(query);
  if (needle === "" || !directory) return { matches: [], more: 0 };
  const found = [];
  for (const project of directory.values()) {
    if (project.status === "archived") continue;
    const score = rank(project, needle);
    if (score !== null) found.push({ score, project });
  }
  found.sort((a, b) => a.score - b.score
    || (a.project.name ?? "\uffff").localeCompare(b.project.name ?? "\uffff")
    || a.project.id.localeCompare(b.project.id));
  return {
    matches: found.slice(0, limit).map(({ project }) => ({ id: project.id, name: project.name, listed: listed.has(project.id) })),
    more: Math.max(0, found.length - limit),
  };
}

/**
 * Why nothing is offered for `query`, when nothing is: an archived project's name is said to be
 * archived rather than met with silence, so the admin knows it exists.
 */
export function noMatchText(directory, query) {
  const needle = searchable(query);
  const archived = [...(directory?.values() ?? [])].filter((project) => project.status === "archived" && rank(project, needle) !== null);
  if (archived.length === 1) return `No active project matches: ${archived[0].name ?? archived[0].id} is archived and cannot be given access.`;
  if (archived.length > 1) return `No active project matches: ${archived.length} archived ones do, and cannot be given access.`;
  return "No project matches. Paste its id if it is new, or refresh the projects.";
}
