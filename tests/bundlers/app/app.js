// A tiny app that uses the package by its name, as an app would after `npm install
// checkpoint-permissions`: one create, one list, one refused input. It returns a summary.
import { InvalidInputError, createCheckpointPermissions, listCheckpointPermissions } from "checkpoint-permissions";

const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";

export async function run({ baseURL, token }) {
  // Like a console behind a key-holding proxy: no apiKey, our own Authorization header.
  const options = { baseURL, headers: { Authorization: `Bearer ${token}` }, maxRetries: 0, timeout: 10_000 };
  const created = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_bundled_app"] }, options);
  const listed = await listCheckpointPermissions(CHECKPOINT, {}, options);
  let refused = "no";
  try {
    await createCheckpointPermissions("..", { project_ids: ["proj_bundled_app"] }, options);
  } catch (error) {
    refused = error instanceof InvalidInputError ? `InvalidInputError(${error.field})` : `${error.name}`;
  }
  return { created: created.data[0].project_id, listed: listed.data.map((p) => p.project_id), refused };
}
