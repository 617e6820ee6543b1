// Browsers, Web Workers, Deno, Bun and bundlers: the wasm is fetched next to this file on the
// first call (bundlers see the `new URL(…, import.meta.url)` inside the glue and ship the file).
import initWasm, * as wasm from "./checkpoint_permissions.js";

export * from "./errors.js";

let ready;
const load = () => (ready ??= initWasm());

export async function createCheckpointPermissions(checkpoint, body, options) {
  await load();
  return wasm.createCheckpointPermissions(checkpoint, body, options);
}
