//! `Project`: one project of the organization (`GET /organization/projects`).

use serde::{Deserialize, Serialize};

use super::HasId;

/// The `object` member of a project: always `"organization.project"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectObject {
    #[default]
    #[serde(rename = "organization.project")]
    Project,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(expecting = "an organization.project object")]
pub struct Project {
    pub id: String,
    pub object: ProjectObject,
    #[serde(default)]
    pub name: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    #[serde(default)]
    pub archived_at: Option<i64>,
    /// `active` or `archived`.
    #[serde(default)]
    pub status: Option<String>,
}

impl Project {
    /// Archived by its status, or by having been archived at some time.
    pub fn is_archived(&self) -> bool {
        self.status.as_deref() == Some("archived") || self.archived_at.is_some()
    }
}

impl HasId for Project {
    fn id(&self) -> &str {
        &self.id
    }
}

pub type ProjectPage = super::Page<Project>;
