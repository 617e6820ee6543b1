// Browsers, Web Workers, Deno, Bun and bundlers: the wasm next to the glue is fetched and
// compiled while this module loads (top-level await), so every export is ready once the import
// resolves. Bundlers see the `new URL(…, import.meta.url)` inside the glue and ship the file.
import initWasm from "./checkpoint_permissions.js";

await initWasm();

export * from "./api.js";
export * from "./errors.js";
