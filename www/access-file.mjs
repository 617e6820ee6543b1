// Which checkpoints an access file names, read leniently for the console's own needs: what Export
// refreshes, and how long the progress bar is. This is not validation: the package's engine reads
// the file strictly and names the place of any problem. Kept apart from app.js so it is testable
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
