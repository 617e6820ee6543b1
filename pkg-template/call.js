// Calling into the wasm: waits for it the first time (a no-op once an entry initialised it
// synchronously), then asks its one export, `perform`, for an operation numbered as in
// src/wasm/exports.rs. Once ready, a call goes straight to `perform`: wrapping it in an async
// function would cost every call three more promise hops.
import initWasm, { perform } from "./checkpoint_permissions.js";

let loading;
let loaded = false;
export const ready = () => (loading ??= initWasm().then(() => { loaded = true; }));

export function call(operation, checkpoint, second, options) {
  if (!loaded) return ready().then(() => perform(operation, checkpoint, second, options));
  try {
    return perform(operation, checkpoint, second, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

export const createCheckpointPermissions = (checkpoint, body, options) => call(0, checkpoint, body, options);
