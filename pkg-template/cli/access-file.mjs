// Reading the access file. Its text goes to the engine as it is: only the text shows a checkpoint
// listed twice, which JSON.parse would silently merge.
import { readFileSync } from "node:fs";

/** The file could not be read at all (missing, a folder, no permission). */
export class UnreadableFileError extends Error {
  name = "UnreadableFileError";
}

export function readAccessFile(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UnreadableFileError(`cannot read ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  }
}

/** How many checkpoints the file lists, for progress; undefined when it is not readable JSON. */
export function checkpointCount(text) {
  try {
    const checkpoints = JSON.parse(text)?.checkpoints;
    return checkpoints && typeof checkpoints === "object" ? Object.keys(checkpoints).length : undefined;
  } catch {
    return undefined;
  }
}
