// The `/access` entry's API: every call of the main entry, plus access as code. Its wasm is built
// with the `access` feature; calls.js is copied here by the build.
export * from "./calls.js";
export { applyAccess, exportAccess, planAccess } from "./checkpoint_permissions.js";
