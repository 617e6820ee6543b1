//! What the core's tests build again and again.

use crate::model::{CheckpointPermission, PermissionObject};

pub fn permission(id: &str, project: &str) -> CheckpointPermission {
    CheckpointPermission { object: PermissionObject::CheckpointPermission, id: id.into(), created_at: 1, project_id: project.into() }
}

pub fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}
