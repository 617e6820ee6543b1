// What a run says once, besides its result: the package's `warnings` (the organization's projects
// could not be read, so projects are shown by id only). An apply runs the engine twice, the plan
// and then the writes, and each run says it again; the reader is told once.

/**
 * @param {{ command: string, json: boolean, output: object }} context in text mode each new
 *   warning goes to stderr at once, so stdout keeps only the plan or the list; in --json mode they
 *   are kept for the document.
 */
export function runWarnings({ command, json, output }) {
  const said = [];
  return {
    /** Takes a report's `warnings` (maybe absent); tells the ones not said yet. */
    add(warnings) {
      for (const warning of Array.isArray(warnings) ? warnings : []) {
        if (typeof warning !== "string" || said.includes(warning)) continue;
        said.push(warning);
        if (!json) output.err(`checkpoint-permissions ${command}: warning: ${warning}\n`);
      }
    },
    /** Every warning said, in order, for the --json document. */
    get list() {
      return [...said];
    },
  };
}
