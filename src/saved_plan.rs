//! A plan applied exactly, as terraform applies a saved plan: the dry-run sync a person reviewed
//! (`SyncReport` with `dryRun: true`) records the permissions it was computed from (`keep` and
//! `revoke`), so applying it writes its grants and revokes and nothing else, and only while the
//! checkpoint still holds exactly those permissions. Anything else would write what nobody saw.

use std::collections::HashSet;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::ids::{self, IdKind};
use crate::model::CheckpointPermission;
use crate::plan;
use crate::validate::{InvalidInput, Problem};

/// One checkpoint's plan, read back from a dry-run sync's result or one checkpoint of a
/// `planAccess` report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a plan: a dry-run sync's result, or a checkpoint of planAccess's")]
pub struct SavedPlan {
    pub checkpoint: String,
    pub desired: Vec<String>,
    pub grant: Vec<String>,
    pub revoke: Vec<CheckpointPermission>,
    pub keep: Vec<CheckpointPermission>,
    /// In an access report: the checkpoint could not be read, so nothing was planned for it.
    #[serde(default)]
    pub error: Option<IgnoredAny>,
    #[serde(default)]
    pub not_attempted: bool,
    /// Projects the plan found it cannot give access to: such a plan is not applied.
    #[serde(default)]
    pub refused: Vec<IgnoredAny>,
}

/// A `planAccess` report read back: its checkpoints' plans.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(expecting = "a planAccess result")]
pub struct SavedAccessPlan {
    pub checkpoints: Vec<SavedPlan>,
}

/// How a checkpoint's permissions differ from the state a plan recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateChange {
    pub checkpoint: String,
    /// Permissions there now that the plan did not see.
    pub added: Vec<CheckpointPermission>,
    /// Permissions the plan saw that are gone.
    pub removed: Vec<CheckpointPermission>,
}

impl SavedPlan {
    /// Refuses a plan this package could not have made: bad ids, a checkpoint that was never
    /// read, or writes that do not follow from its desired projects and recorded state (an edited
    /// plan file). `field` names the plan (`options.plan.checkpoints[2]`).
    pub fn check(&self, field: &str) -> Result<(), InvalidInput> {
        IdKind::Checkpoint.check(&format!("{field}.checkpoint"), &self.checkpoint)?;
        if self.error.is_some() || self.not_attempted {
            let problem = "was not read when the plan was made (its permissions are unknown): plan again";
            return Err(InvalidInput::new(field, Problem::Detail(problem.into())));
        }
        if !self.refused.is_empty() {
            let problem = "wants a project that cannot be given access (see its refused list): fix the desired projects and plan again";
            return Err(InvalidInput::new(field, Problem::Detail(problem.into())));
        }
        ids::project_ids(&format!("{field}.desired"), &self.desired, true)?;
        for (list, permissions) in [("revoke", &self.revoke), ("keep", &self.keep)] {
            for (index, permission) in permissions.iter().enumerate() {
                IdKind::Permission.check(&format!("{field}.{list}[{index}].id"), &permission.id)?;
            }
        }
        let recomputed = plan::sync(&self.state(), &self.desired);
        fn projects(list: &[String]) -> HashSet<&str> {
            list.iter().map(String::as_str).collect()
        }
        fn ids(list: &[CheckpointPermission]) -> HashSet<&str> {
            list.iter().map(|permission| permission.id.as_str()).collect()
        }
        let follows = projects(&recomputed.grant) == projects(&self.grant)
            && ids(&recomputed.revoke) == ids(&self.revoke)
            && ids(&recomputed.keep) == ids(&self.keep);
        if !follows {
            let problem = "is not a plan this package made: its grant, revoke and keep do not follow from its desired projects";
            return Err(InvalidInput::new(field, Problem::Detail(problem.into())));
        }
        Ok(())
    }

    /// Every permission the plan was computed from.
    pub fn state(&self) -> Vec<CheckpointPermission> {
        self.keep.iter().chain(&self.revoke).cloned().collect()
    }

    /// `None` while the checkpoint holds exactly the permissions the plan saw (by id).
    pub fn changes_since(&self, current: &[CheckpointPermission]) -> Option<StateChange> {
        let planned = self.state();
        let planned_ids: HashSet<&str> = planned.iter().map(|permission| permission.id.as_str()).collect();
        let current_ids: HashSet<&str> = current.iter().map(|permission| permission.id.as_str()).collect();
        let added: Vec<_> = current.iter().filter(|permission| !planned_ids.contains(permission.id.as_str())).cloned().collect();
        let removed: Vec<_> = planned.iter().filter(|permission| !current_ids.contains(permission.id.as_str())).cloned().collect();
        (!added.is_empty() || !removed.is_empty()).then(|| StateChange { checkpoint: self.checkpoint.clone(), added, removed })
    }
}

/// The `StalePlanError` message: which checkpoints changed, and that nothing was written.
pub fn stale_message(call: &str, changes: &[StateChange]) -> String {
    let what: Vec<String> = changes
        .iter()
        .map(|change| format!("{} ({} added, {} removed)", change.checkpoint, change.added.len(), change.removed.len()))
        .collect();
    format!(
        "{call}: the permissions changed since the plan was made, so nothing was written: {}. error.changes says what changed; error.plan is a fresh plan to review",
        what.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{ids, permission};

    /// The dry run of a sync from {a, b} to {b, c}.
    fn reviewed() -> SavedPlan {
        SavedPlan {
            checkpoint: "ft:gpt-4o-mini:org:weather:B7R9VjQd".into(),
            desired: ids(&["proj_b", "proj_c"]),
            grant: ids(&["proj_c"]),
            revoke: vec![permission("cp_a", "proj_a")],
            keep: vec![permission("cp_b", "proj_b")],
            error: None,
            not_attempted: false,
            refused: vec![],
        }
    }

    #[test]
    fn a_plan_read_back_from_a_dry_run_is_checked_and_unchanged_state_is_no_change() {
        let plan: SavedPlan = serde_json::from_value(serde_json::json!({
            "checkpoint": "ft:gpt-4o-mini:org:weather:B7R9VjQd", "desired": ["proj_b", "proj_c"], "dryRun": true,
            "grant": ["proj_c"], "revoke": [{ "object": "checkpoint.permission", "id": "cp_a", "created_at": 1, "project_id": "proj_a" }],
            "keep": [{ "object": "checkpoint.permission", "id": "cp_b", "created_at": 1, "project_id": "proj_b" }],
            "created": [], "revoked": [], "failed": []
        }))
        .unwrap();
        assert_eq!(plan, reviewed());
        assert_eq!(plan.check("plan"), Ok(()));
        assert_eq!(plan.changes_since(&[permission("cp_b", "proj_b"), permission("cp_a", "proj_a")]), None);
    }

    #[test]
    fn a_permission_granted_or_revoked_since_is_a_change() {
        let plan = reviewed();
        let change = plan.changes_since(&[permission("cp_b", "proj_b"), permission("cp_a", "proj_a"), permission("cp_d", "proj_d")]).unwrap();
        assert_eq!((change.added, change.removed), (vec![permission("cp_d", "proj_d")], vec![]));
        let change = plan.changes_since(&[permission("cp_b", "proj_b")]).unwrap();
        assert_eq!((&change.added, &change.removed), (&vec![], &vec![permission("cp_a", "proj_a")]));
        assert!(stale_message("applyCheckpointPlan", &[change]).contains("ft:gpt-4o-mini:org:weather:B7R9VjQd (0 added, 1 removed)"));
    }

    #[test]
    fn an_edited_or_incomplete_plan_is_refused() {
        let more_revokes = SavedPlan { revoke: vec![permission("cp_a", "proj_a"), permission("cp_b", "proj_b")], keep: vec![], ..reviewed() };
        assert!(more_revokes.check("plan").unwrap_err().message().contains("is not a plan this package made"));
        let extra_grant = SavedPlan { grant: ids(&["proj_c", "proj_x"]), ..reviewed() };
        assert!(extra_grant.check("plan").is_err());
        let bad_project = SavedPlan { desired: ids(&["proj_b", "team-c"]), grant: ids(&["team-c"]), ..reviewed() };
        assert_eq!(bad_project.check("plan").unwrap_err().field, "plan.desired[1]");
        let unread = SavedPlan { not_attempted: true, ..reviewed() };
        assert!(unread.check("plan").unwrap_err().message().contains("was not read"));
        let bad_id = SavedPlan { keep: vec![permission("cp_b/../x", "proj_b")], ..reviewed() };
        assert_eq!(bad_id.check("plan").unwrap_err().field, "plan.keep[0].id");
    }
}
