// Node ≥ 18: the wasm is read from disk and compiled once, at import.
import { readFileSync } from "node:fs";
import { initSync } from "./checkpoint_permissions.js";

initSync({ module: readFileSync(new URL("./checkpoint_permissions_bg.wasm", import.meta.url)) });

export * from "./api.js";
export * from "./errors.js";
