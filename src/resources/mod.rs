//! One file a resource: its paths, its list query and its request builders, on the shared
//! request shape (`crate::request`) and query (`crate::query`). Ids are checked with the one rule
//! set (`crate::ids`) before a request exists.

pub mod audit_logs;
pub mod checkpoint_permissions;
pub mod projects;
