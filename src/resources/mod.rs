//! One file a resource: its paths, its list query and its request builders, on the shared
//! request shape (`crate::request`) and query (`crate::query`). Ids are checked with the one rule
//! set (`crate::ids`) before a request exists.

pub mod checkpoint_permissions;
