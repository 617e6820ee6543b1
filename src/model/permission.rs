//! The checkpoint-permission objects, exactly as `openapi.yaml` defines them.

use serde::{Deserialize, Serialize};

use super::HasId;

/// The `object` member of a permission and of a deletion: always `"checkpoint.permission"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PermissionObject {
    #[default]
    #[serde(rename = "checkpoint.permission")]
    CheckpointPermission,
}

/// `CreateFineTuningCheckpointPermissionRequest`: the body of a create call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatePermissionsBody {
    pub project_ids: Vec<String>,
}

/// `FineTuningCheckpointPermission`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(expecting = "a checkpoint.permission object")]
pub struct CheckpointPermission {
    pub object: PermissionObject,
    pub id: String,
    /// Unix seconds.
    pub created_at: i64,
    pub project_id: String,
}

impl HasId for CheckpointPermission {
    fn id(&self) -> &str {
        &self.id
    }
}

/// `ListFineTuningCheckpointPermissionResponse`: what both create and list answer.
pub type PermissionPage = super::Page<CheckpointPermission>;

/// `DeleteFineTuningCheckpointPermissionResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(expecting = "a deleted checkpoint.permission object")]
pub struct DeletedPermission {
    pub object: PermissionObject,
    pub id: String,
    pub deleted: bool,
}
