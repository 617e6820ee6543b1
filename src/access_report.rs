//! What `planAccess` and `applyAccess` found and did, checkpoint by checkpoint, as serde models
//! (`E`: the call's error in the package). One checkpoint that cannot be read does not stop the
//! others: it is reported with its error, and the whole run is then not in sync. An authentication
//! failure does stop the run: the checkpoints not reached are reported as not attempted.

use serde::Serialize;

use crate::report::SyncReport;

/// One checkpoint: its sync (which checkpoint, the projects the file lists, the plan, and what was
/// done), flattened into the same object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckpointReport<E> {
    #[serde(flatten)]
    pub sync: SyncReport<E>,
    /// Why the checkpoint's permissions could not be read: nothing was planned or written for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<E>,
    /// The run stopped before this checkpoint (an authentication failure): nothing was read or written.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_attempted: bool,
}

impl<E> CheckpointReport<E> {
    pub fn synced(sync: SyncReport<E>) -> Self {
        Self { sync, error: None, not_attempted: false }
    }

    pub fn unreadable(checkpoint: String, desired: Vec<String>, dry_run: bool, error: E) -> Self {
        Self { sync: SyncReport::nothing(checkpoint, desired, dry_run), error: Some(error), not_attempted: false }
    }

    pub fn not_attempted(checkpoint: String, desired: Vec<String>, dry_run: bool) -> Self {
        Self { sync: SyncReport::nothing(checkpoint, desired, dry_run), error: None, not_attempted: true }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub checkpoints: usize,
    pub grant: usize,
    pub revoke: usize,
    pub keep: usize,
    pub created: usize,
    pub revoked: usize,
    pub failed: usize,
    pub unreadable: usize,
    pub not_attempted: usize,
    /// Checkpoints whose plan wants a project that cannot be given access: nothing written there.
    pub refused: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessReport<E> {
    pub dry_run: bool,
    /// Plan: nothing would change. Apply: the state now matches the file.
    pub in_sync: bool,
    pub checkpoints: Vec<CheckpointReport<E>>,
    pub totals: Totals,
    /// Said once for the run: the project directory could not be read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl<E> AccessReport<E> {
    pub fn new(dry_run: bool, checkpoints: Vec<CheckpointReport<E>>) -> Self {
        let mut totals = Totals { checkpoints: checkpoints.len(), ..Totals::default() };
        for report in &checkpoints {
            let sync = &report.sync;
            totals.grant += sync.grant.len();
            totals.revoke += sync.revoke.len();
            totals.keep += sync.keep.len();
            totals.created += sync.created.len();
            totals.revoked += sync.revoked.len();
            totals.failed += sync.failed.len();
            totals.unreadable += usize::from(report.error.is_some());
            totals.not_attempted += usize::from(report.not_attempted);
            totals.refused += usize::from(!report.sync.refused.is_empty());
        }
        let complete = totals.failed == 0 && totals.unreadable == 0 && totals.not_attempted == 0 && totals.refused == 0;
        let in_sync = complete && (!dry_run || totals.grant + totals.revoke == 0);
        Self { dry_run, in_sync, checkpoints, totals, warnings: vec![] }
    }

    /// The first refusal, in file order, in its own words.
    pub fn first_refusal(&self) -> Option<&str> {
        self.checkpoints.iter().find_map(|report| report.sync.refused.first()).map(|problem| problem.message.as_str())
    }

    /// The first thing that went wrong, in file order: an unreadable checkpoint or a failed write.
    pub fn first_error(&self) -> Option<&E> {
        self.checkpoints.iter().find_map(|report| report.error.as_ref().or_else(|| report.sync.failed.first().map(|failed| &failed.error)))
    }

    /// The `PartialFailureError` message of `call` when something went wrong, else `None`.
    pub fn failure_message(&self, call: &str, first_error: &str) -> Option<String> {
        let Totals { checkpoints, grant, revoke, failed, unreadable, refused, .. } = self.totals;
        let mut what = Vec::new();
        if unreadable > 0 {
            what.push(format!("{unreadable} of {checkpoints} checkpoints could not be read"));
        }
        if refused > 0 {
            what.push(format!("{refused} of {checkpoints} checkpoints want a project that cannot be given access, so nothing was written to them"));
        }
        if failed > 0 {
            what.push(format!("{failed} of {} changes failed", grant + revoke));
        }
        if what.is_empty() {
            return None;
        }
        let first = self.first_refusal().filter(|_| first_error.is_empty()).unwrap_or(first_error);
        Some(format!("{call}: {}; error.result lists, per checkpoint, what was done and what failed (first failure: {first})", what.join(" and ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::permission;
    use crate::report::{Action, FailedChange};

    fn sync(checkpoint: &str, grant: &[&str], revoke: usize, failed: usize, dry_run: bool) -> SyncReport<&'static str> {
        SyncReport {
            checkpoint: checkpoint.into(),
            desired: grant.iter().map(|s| s.to_string()).collect(),
            dry_run,
            grant: grant.iter().map(|s| s.to_string()).collect(),
            revoke: (0..revoke).map(|i| permission(&format!("cp_{i}"), "proj_old")).collect(),
            keep: vec![permission("cp_k", "proj_k")],
            created: vec![],
            revoked: vec![],
            failed: (0..failed)
                .map(|_| FailedChange { action: Action::Grant, project_id: "proj_new".into(), permission_id: None, error: "503 busy" })
                .collect(),
            ..SyncReport::nothing(String::new(), vec![], dry_run)
        }
    }

    #[test]
    fn a_plan_with_changes_is_not_in_sync_and_the_totals_add_up() {
        let report = AccessReport::new(
            true,
            vec![
                CheckpointReport::synced(sync("ft:a", &["proj_new"], 2, 0, true)),
                CheckpointReport::synced(sync("ft:b", &[], 1, 0, true)),
            ],
        );
        assert_eq!(report.totals, Totals { checkpoints: 2, grant: 1, revoke: 3, keep: 2, ..Totals::default() });
        assert!(!report.in_sync);
        assert_eq!(report.failure_message("planAccess", ""), None);
        let nothing_to_do = AccessReport::new(true, vec![CheckpointReport::synced(sync("ft:a", &[], 0, 0, true))]);
        assert!(nothing_to_do.in_sync);
    }

    #[test]
    fn an_apply_is_in_sync_when_every_write_succeeded() {
        let done = AccessReport::new(false, vec![CheckpointReport::synced(sync("ft:a", &["proj_new"], 1, 0, false))]);
        assert!(done.in_sync);
        let partial = AccessReport::new(false, vec![CheckpointReport::synced(sync("ft:a", &["proj_new"], 1, 1, false))]);
        assert!(!partial.in_sync);
        assert_eq!(partial.first_error(), Some(&"503 busy"));
    }

    #[test]
    fn an_unreadable_checkpoint_is_reported_and_spoils_the_run() {
        let report = AccessReport::new(
            true,
            vec![
                CheckpointReport::synced(sync("ft:a", &[], 0, 0, true)),
                CheckpointReport::unreadable("ft:b".into(), vec!["proj_a".into()], true, "500 down"),
                CheckpointReport::synced(sync("ft:c", &["proj_x"], 0, 1, true)),
            ],
        );
        assert_eq!((report.totals.unreadable, report.in_sync), (1, false));
        assert_eq!(report.first_error(), Some(&"500 down"));
        assert_eq!(
            report.failure_message("applyAccess", "500 down").unwrap(),
            "applyAccess: 1 of 3 checkpoints could not be read and 1 of 1 changes failed; error.result lists, per checkpoint, what was done and what failed (first failure: 500 down)"
        );
    }

    #[test]
    fn checkpoints_not_attempted_are_counted_and_spoil_the_run() {
        let report = AccessReport::new(
            true,
            vec![
                CheckpointReport::unreadable("ft:a".into(), vec![], true, "401 bad key"),
                CheckpointReport::not_attempted("ft:b".into(), vec!["proj_a".into()], true),
            ],
        );
        assert_eq!((report.totals.unreadable, report.totals.not_attempted, report.in_sync), (1, 1, false));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["checkpoints"][1]["notAttempted"], true);
        assert!(json["checkpoints"][0].get("notAttempted").is_none());
        assert_eq!(json["totals"]["notAttempted"], 1);
    }

    #[test]
    fn the_report_is_the_documented_camel_case_object() {
        let report = AccessReport::new(false, vec![CheckpointReport::unreadable("ft:b".into(), vec![], false, "500")]);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["dryRun"], false);
        assert_eq!(json["inSync"], false);
        assert_eq!(json["totals"]["unreadable"], 1);
        assert_eq!(json["checkpoints"][0]["error"], "500");
        let fine = serde_json::to_value(CheckpointReport::synced(sync("ft:a", &[], 0, 0, false))).unwrap();
        assert!(fine.get("error").is_none(), "no error member when the checkpoint was read: {fine}");
        assert_eq!(fine["keep"][0]["id"], "cp_k", "the sync's members are the checkpoint's own");
        assert_eq!(fine["checkpoint"], "ft:a");
        assert!(fine.get("sync").is_none());
    }
}
