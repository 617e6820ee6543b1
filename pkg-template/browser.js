// Browsers, Web Workers, Deno, Bun and bundlers: the wasm is fetched next to the glue on the
// first call (bundlers see the `new URL(…, import.meta.url)` inside the glue and ship the file).
export * from "./api.js";
export * from "./errors.js";
