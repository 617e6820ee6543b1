//! The wasm's exports, one file a resource, each under its public name. The lean `/create` build
//! holds only `createCheckpointPermissions`; the organization's projects and audit log are in the
//! main and `/access` builds (the `lifecycle` feature).

#[cfg(feature = "lifecycle")]
pub mod audit_logs;
pub mod checkpoint_permissions;
#[cfg(feature = "lifecycle")]
pub mod projects;
