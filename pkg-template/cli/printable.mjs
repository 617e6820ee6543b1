// Text that came from the organization (a project's name, a refusal quoting it) is printed as it
// is, except for control characters: a name holding a newline or an escape sequence must not
// forge a line of the output or reprogram the reader's terminal.

// C0 and C1 controls and DEL; tabs too, since they would break the columns.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** `text` with each control character written as its JSON escape (`\n`, `\u001b`). */
export function printable(text) {
  return String(text).replace(CONTROL, (character) => JSON.stringify(character).slice(1, -1));
}
