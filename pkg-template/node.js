// Node (^20.19.0 || >=22.12.0, as engines says): the wasm is read from disk and compiled once,
// at load. Synchronously, with no top-level await: CommonJS callers require() this entry, and
// require() refuses an ES module graph that awaits at top level.
import { readFileSync } from "node:fs";
import { initSync } from "./checkpoint_permissions.js";

initSync({ module: readFileSync(new URL("./checkpoint_permissions_bg.wasm", import.meta.url)) });

export * from "./api.js";
export * from "./errors.js";
