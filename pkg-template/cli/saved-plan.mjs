// A plan saved by `plan --out`, for `apply --plan` to write exactly: the engine's own planAccess
// report as JSON. What the file holds is checked by the engine (applyAccess's options.plan), not
// here: an edited plan is refused there, before any request.
import { readFileSync, writeFileSync } from "node:fs";

import { UnreadableFileError } from "./access-file.mjs";

export function savePlan(path, report) {
  try {
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  } catch (error) {
    throw new UnreadableFileError(`cannot write the plan to ${path}: ${error.message}`);
  }
}

/** The saved report, parsed; throws UnreadableFileError when the file is missing or not JSON. */
export function readSavedPlan(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UnreadableFileError(`cannot read the plan ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnreadableFileError(`the plan ${path} is not JSON (${error.message}): save it again with plan --out`);
  }
}
