// Which checkpoints an access file names, read leniently for the console's own needs: what Export
// refreshes, and how long the progress bar is. This is not validation: the package's engine reads
// the file strictly and names the place of any problem. No DOM, so it is testable
// without a browser (tests/js/access-file.test.mjs).

/**
 * The checkpoint ids of `text`, in file order, when it is JSON with a `checkpoints` object;
 * otherwise (half-typed text, another shape) an empty list.
 */
export function checkpointsNamedIn(text) {
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    return [];
  }
  const checkpoints = file?.checkpoints;
  if (typeof checkpoints !== "object" || checkpoints === null || Array.isArray(checkpoints)) return [];
  return Object.keys(checkpoints);
}

/**
 * The checkpoints Export refreshes: those the file names, also while it is half edited (not JSON
 * yet: every quoted key that starts like a checkpoint id, `"ft:…":` or `"ft-…":`), in order,
 * each once. An empty list means the text names none or is not an access file at all; only then
 * does Export take the checkpoint the page shows.
 */
export function checkpointsToExport(text) {
  const named = checkpointsNamedIn(text);
  if (named.length > 0) return named;
  const found = [];
  for (const match of String(text).matchAll(/"((?:[^"\\\n]|\\.)*)"\s*:/g)) {
    let key;
    try {
      key = JSON.parse(`"${match[1]}"`);
    } catch {
      continue; // a key cut off mid-escape while typing
    }
    if (/^ft[:-]/.test(key) && !found.includes(key)) found.push(key);
  }
  return found;
}

/**
 * The text with project `id` inserted at `caret` as a JSON string, as the picker adds a chosen
 * project to the file: a comma is put between it and a neighbouring id, and a caret inside a
 * string moves past its end first, so one id is never cut in two. An empty field becomes a
 * whole file giving `checkpoint` (the one the page shows) that project, when there is one.
 * Returns { text, caret } with the caret after the inserted id.
 */
export function insertProjectId(text, caret, id, { checkpoint = null } = {}) {
  const quoted = JSON.stringify(id);
  if (text.trim() === "" && checkpoint) {
    const file = JSON.stringify({ checkpoints: { [checkpoint]: [id] } }, null, 2);
    return { text: file, caret: file.indexOf(quoted, file.indexOf("[")) + quoted.length };
  }
  let at = Math.max(0, Math.min(caret, text.length));
  if (insideString(text.slice(0, at))) {
    const end = closingQuote(text, at);
    at = end === -1 ? text.length : end + 1;
  }
  const before = text.slice(0, at);
  const after = text.slice(at);
  const lead = before.trimEnd().endsWith('"') ? ", " : "";
  const trail = after.trimStart().startsWith('"') ? ", " : "";
  return { text: `${before}${lead}${quoted}${trail}${after}`, caret: at + lead.length + quoted.length };
}

/** Whether `text` ends inside a JSON string: an odd number of quotes not escaped. */
function insideString(text) {
  let inside = false;
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === "\\" && inside) index += 1;
    else if (text[index] === '"') inside = !inside;
  }
  return inside;
}

function closingQuote(text, from) {
  for (let index = from; index < text.length; index += 1) {
    if (text[index] === "\\") index += 1;
    else if (text[index] === '"') return index;
  }
  return -1;
}
