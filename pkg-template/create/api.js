// The lean entry's API: create only. Its wasm is built without the `lifecycle` feature.
export { createCheckpointPermissions } from "./checkpoint_permissions.js";
