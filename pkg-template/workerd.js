// Cloudflare Workers (workerd): wrangler and Miniflare import a .wasm file as a compiled
// WebAssembly.Module, and Workers may not compile wasm from bytes at run time.
import wasmModule from "./checkpoint_permissions_bg.wasm";
import { initSync } from "./checkpoint_permissions.js";

initSync({ module: wasmModule });

export * from "./api.js";
export * from "./errors.js";
