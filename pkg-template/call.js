// Calling into the wasm: waits for it (a no-op once an entry initialised it synchronously), then
// asks its one export, `perform`, for an operation numbered as in src/wasm/exports.rs.
import initWasm, { perform } from "./checkpoint_permissions.js";

let loading;
export const ready = () => (loading ??= initWasm());

export async function call(operation, checkpoint, second, options) {
  await ready();
  return perform(operation, checkpoint, second, options);
}

export const createCheckpointPermissions = (checkpoint, body, options) => call(0, checkpoint, body, options);
