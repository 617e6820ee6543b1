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
