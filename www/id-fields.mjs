// The project-id fields of the grant and sync panels: checked as the admin types, with the
// package's own rules (id-check.mjs), each invalid id named with the package's message, and each
// valid one named from the organization's projects (archived, or not a project at all, marked).

import { $, clearFieldError, code, debounce, element, showFieldError } from "./dom.mjs";
import { checkProjectIdsText } from "./id-check.mjs";
import { projectLabel } from "./project-label.mjs";
import { currentDirectory } from "./projects-directory.mjs";
import { events, session } from "./session.mjs";
import { plural } from "./words.mjs";

const TYPING_PAUSE_MS = 250;

/** Checks the field each time typing pauses; an empty field is not flagged until it is submitted. */
export function checkAsTyped(textarea) {
  const check = debounce(() => {
    if (session.api && textarea.value.trim() !== "") showProblems(textarea);
    showNames(textarea);
  }, TYPING_PAUSE_MS);
  textarea.addEventListener("input", () => {
    clearFieldError(textarea);
    check();
  });
  events.addEventListener("projects", () => showNames(textarea));
}

/**
 * The field's valid ids by name, under it (`<id>-names`), while the organization's projects are
 * known: what a list of bare ids means, before anything is sent.
 */
function showNames(textarea) {
  const slot = $(`${textarea.id}-names`);
  const ids = session.api && currentDirectory() ? checkProjectIdsText(textarea.value, session.api.validateProjectIds) : null;
  const valid = ids ? ids.ids.filter((id) => !ids.problems.some((problem) => problem.id === id)) : [];
  slot.replaceChildren(...valid.map((id) => element("li", "", projectLabel(id))));
  slot.hidden = valid.length === 0;
}

/** The field's ids when every one is valid and there is at least one; else null, the field flagged and focused. */
export function readProjectIds(textarea) {
  const ids = showProblems(textarea, { submitted: true });
  if (ids === null) textarea.focus();
  return ids;
}

function showProblems(textarea, { submitted = false } = {}) {
  const { ids, problems } = checkProjectIdsText(textarea.value, session.api.validateProjectIds);
  if (ids.length === 0) {
    if (submitted) showFieldError(textarea, "Enter at least one project id.");
    return null;
  }
  if (problems.length === 0) {
    clearFieldError(textarea);
    return ids;
  }
  const list = element("ul", "");
  for (const { shown, problem } of problems) list.append(element("li", "", code(shown), ` ${problem}`));
  showFieldError(textarea, [`${plural(problems.length, "project id is", "project ids are")} not valid, so nothing is sent:`, list]);
  return null;
}
