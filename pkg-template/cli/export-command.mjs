// `export CHECKPOINT...`: today's access as an access file on stdout, which plan then reports as
// "no changes".
import { exportAccess } from "../access/node.js";
import { errorSummary } from "./error-fields.mjs";
import { EXIT_FAILURE, EXIT_OK } from "./exit-codes.mjs";

export async function exportCommand({ checkpoints, callOptions, output }) {
  try {
    const file = await exportAccess(checkpoints, callOptions);
    output.out(`${JSON.stringify(file, null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    output.err(`checkpoint-permissions export: ${errorSummary(error)}\n`);
    return EXIT_FAILURE;
  }
}
