//! The wasm's exports, one file a resource, each under its public name. The lean `/create` build
//! holds only `createCheckpointPermissions`.

pub mod checkpoint_permissions;
