// The project-id fields of the grant and sync panels: checked as the admin types, with the
// package's own rules (id-check.mjs), each invalid id named with the package's message.

import { clearFieldError, code, debounce, element, showFieldError } from "./dom.mjs";
import { checkProjectIdsText } from "./id-check.mjs";
import { session } from "./session.mjs";
import { plural } from "./words.mjs";

const TYPING_PAUSE_MS = 250;

/** Checks the field each time typing pauses; an empty field is not flagged until it is submitted. */
export function checkAsTyped(textarea) {
  const check = debounce(() => {
    if (session.api && textarea.value.trim() !== "") showProblems(textarea);
  }, TYPING_PAUSE_MS);
  textarea.addEventListener("input", () => {
    clearFieldError(textarea);
    check();
  });
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
