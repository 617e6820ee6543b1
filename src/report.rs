//! What a grant, revoke or sync did: the results the caller gets, as serde models. Partial
//! failure loses nothing: every write that succeeded is listed, and every one that failed with
//! its error (`E`: the call's error in the package, anything serializable in tests), so the
//! caller can retry exactly the rest.

use serde::Serialize;

use crate::directory::{ProjectDirectory, ProjectInfos, ProjectProblem};
use crate::model::CheckpointPermission;
use crate::plan::SyncPlan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Grant,
    Revoke,
}

/// One write that failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedChange<E> {
    pub action: Action,
    pub project_id: String,
    /// The permission a failed revoke meant to delete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission_id: Option<String>,
    pub error: E,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantReport<E> {
    pub created: Vec<CheckpointPermission>,
    pub already_granted: Vec<CheckpointPermission>,
    pub failed: Vec<FailedChange<E>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevokeReport<E> {
    pub revoked: Vec<CheckpointPermission>,
    pub not_granted: Vec<String>,
    pub failed: Vec<FailedChange<E>>,
}

/// A sync: its plan, and what was done. A dry run's report is a plan that records the state it
/// was computed from (`keep` and `revoke` are every permission read), so `applyCheckpointPlan`
/// can write exactly it, or refuse it once that state has changed (`crate::saved_plan`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport<E> {
    pub checkpoint: String,
    /// The projects that should have access; empty means nobody.
    pub desired: Vec<String>,
    pub dry_run: bool,
    /// The plan: projects to grant, permissions to revoke, permissions to keep.
    pub grant: Vec<String>,
    pub revoke: Vec<CheckpointPermission>,
    pub keep: Vec<CheckpointPermission>,
    /// What was done.
    pub created: Vec<CheckpointPermission>,
    pub revoked: Vec<CheckpointPermission>,
    pub failed: Vec<FailedChange<E>>,
    /// The name and status of every project the plan mentions, when the directory was read.
    #[serde(skip_serializing_if = "ProjectInfos::is_empty")]
    pub projects: ProjectInfos,
    /// Desired projects that cannot be given access (unknown, archived): nothing is written for
    /// a checkpoint whose plan has any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<ProjectProblem>,
    /// Said once: the directory could not be read, so projects are shown by id only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl<E> SyncReport<E> {
    /// The plan to make `checkpoint`'s projects exactly `desired`, nothing done yet.
    pub fn planned(checkpoint: String, desired: Vec<String>, dry_run: bool, plan: SyncPlan) -> Self {
        let SyncPlan { grant, revoke, keep } = plan;
        Self {
            checkpoint,
            desired,
            dry_run,
            grant,
            revoke,
            keep,
            created: vec![],
            revoked: vec![],
            failed: vec![],
            projects: ProjectInfos::default(),
            refused: vec![],
            warnings: vec![],
        }
    }

    /// Names every project the plan mentions, and refuses the desired ones that cannot be given
    /// access.
    pub fn name_projects(&mut self, directory: &ProjectDirectory) {
        let mentioned = self.desired.iter().map(String::as_str).chain(self.revoke.iter().chain(&self.keep).map(|permission| permission.project_id.as_str()));
        self.projects = directory.infos(mentioned);
        self.refused = self.desired.iter().filter_map(|project| directory.problem(project)).collect();
    }

    /// Nothing planned, nothing done: a checkpoint that was not read.
    pub fn nothing(checkpoint: String, desired: Vec<String>, dry_run: bool) -> Self {
        Self::planned(checkpoint, desired, dry_run, SyncPlan { grant: vec![], revoke: vec![], keep: vec![] })
    }
}

/// The `PartialFailureError` message of `call` (grant, revoke, sync): how many of the planned
/// writes failed, and the first reason.
pub fn partial_failure_message(call: &str, failed: usize, planned: usize, first_error: &str) -> String {
    format!("{call}: {failed} of {planned} changes failed; error.result lists what was done and what failed (first failure: {first_error})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PermissionObject;

    #[test]
    fn reports_are_the_documented_camel_case_objects() {
        let permission = CheckpointPermission {
            object: PermissionObject::CheckpointPermission,
            id: "cp_1".into(),
            created_at: 7,
            project_id: "proj_a".into(),
        };
        let report = RevokeReport {
            revoked: vec![permission.clone()],
            not_granted: vec!["proj_b".into()],
            failed: vec![FailedChange { action: Action::Revoke, project_id: "proj_c".into(), permission_id: Some("cp_9".into()), error: "503" }],
        };
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            serde_json::json!({
                "revoked": [{ "object": "checkpoint.permission", "id": "cp_1", "created_at": 7, "project_id": "proj_a" }],
                "notGranted": ["proj_b"],
                "failed": [{ "action": "revoke", "projectId": "proj_c", "permissionId": "cp_9", "error": "503" }],
            })
        );
        let grant = GrantReport::<()> { created: vec![], already_granted: vec![permission], failed: vec![] };
        assert!(serde_json::to_value(&grant).unwrap().get("alreadyGranted").is_some());
        let failed = FailedChange { action: Action::Grant, project_id: "proj_a".into(), permission_id: None, error: 1 };
        assert_eq!(serde_json::to_value(&failed).unwrap(), serde_json::json!({ "action": "grant", "projectId": "proj_a", "error": 1 }));
    }

    #[test]
    fn the_partial_failure_message_counts_and_quotes_the_first_reason() {
        assert_eq!(
            partial_failure_message("revoke", 2, 5, "503 busy"),
            "revoke: 2 of 5 changes failed; error.result lists what was done and what failed (first failure: 503 busy)"
        );
    }
}
