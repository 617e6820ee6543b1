//! What grant, revoke and sync must do, from what exists now: pure diffing, so the decisions
//! behind every write are tested without a network. Project ids are matched exactly, through hash
//! sets: a sync of 100,000 ids costs about ten times one of 10,000, not a hundred.

// One set type, `HashSet<&str>`, for every set here and in the access file: each other key type
// would compile a second copy of the hash table into the wasm.
use std::collections::HashSet;

use crate::model::CheckpointPermission;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantPlan {
    /// Projects without access, in the order asked, each once.
    pub create: Vec<String>,
    /// One existing permission of each project that already has access, in the order listed.
    pub already_granted: Vec<CheckpointPermission>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevokePlan {
    /// Every permission of the listed projects (a project may hold more than one).
    pub delete: Vec<CheckpointPermission>,
    /// Listed projects that have no permission, in the order asked, each once.
    pub not_granted: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncPlan {
    pub grant: Vec<String>,
    pub revoke: Vec<CheckpointPermission>,
    pub keep: Vec<CheckpointPermission>,
}

pub fn grant(current: &[CheckpointPermission], wanted: &[String]) -> GrantPlan {
    let create = missing(current, wanted);
    // One existing permission per wanted project, in the order the permissions were listed.
    let wanted: HashSet<&str> = wanted.iter().map(String::as_str).collect();
    let mut reported: HashSet<&str> = HashSet::with_capacity(wanted.len());
    let already_granted = current
        .iter()
        .filter(|permission| wanted.contains(permission.project_id.as_str()) && reported.insert(permission.project_id.as_str()))
        .cloned()
        .collect();
    GrantPlan { create, already_granted }
}

pub fn revoke(current: &[CheckpointPermission], projects: &[String]) -> RevokePlan {
    let listed: HashSet<&str> = projects.iter().map(String::as_str).collect();
    let granted: HashSet<&str> = current.iter().map(|permission| permission.project_id.as_str()).collect();
    let delete = current.iter().filter(|permission| listed.contains(permission.project_id.as_str())).cloned().collect();
    let not_granted = distinct(projects).filter(|project| !granted.contains(project.as_str())).cloned().collect();
    RevokePlan { delete, not_granted }
}

/// Makes the set of projects with access exactly `desired`.
pub fn sync(current: &[CheckpointPermission], desired: &[String]) -> SyncPlan {
    let wanted: HashSet<&str> = desired.iter().map(String::as_str).collect();
    let (keep, revoke): (Vec<_>, Vec<_>) = current.iter().cloned().partition(|permission| wanted.contains(permission.project_id.as_str()));
    SyncPlan { grant: missing(current, desired), revoke, keep }
}

/// The wanted projects with no permission yet, each once, in the order first given.
fn missing(current: &[CheckpointPermission], wanted: &[String]) -> Vec<String> {
    let granted: HashSet<&str> = current.iter().map(|permission| permission.project_id.as_str()).collect();
    distinct(wanted).filter(|project| !granted.contains(project.as_str())).cloned().collect()
}

/// Each id once, in the order first given.
fn distinct(ids: &[String]) -> impl Iterator<Item = &String> {
    let mut seen: HashSet<&str> = HashSet::with_capacity(ids.len());
    ids.iter().filter(move |id| seen.insert(id.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{ids, permission};

    fn current() -> Vec<CheckpointPermission> {
        vec![permission("cp_a", "a"), permission("cp_b", "b"), permission("cp_c", "c")]
    }

    #[test]
    fn grant_creates_only_what_is_missing_once() {
        let plan = grant(&current(), &ids(&["d", "b", "d", "e"]));
        assert_eq!(plan.create, ids(&["d", "e"]));
        assert_eq!(plan.already_granted, vec![permission("cp_b", "b")]);
        assert_eq!(grant(&current(), &ids(&["a", "b"])).create, Vec::<String>::new(), "granting twice creates nothing");
    }

    #[test]
    fn revoke_maps_projects_to_all_their_permissions() {
        let mut current = current();
        current.push(permission("cp_a2", "a"));
        let plan = revoke(&current, &ids(&["a", "x", "a"]));
        assert_eq!(plan.delete, vec![permission("cp_a", "a"), permission("cp_a2", "a")]);
        assert_eq!(plan.not_granted, ids(&["x"]));
    }

    #[test]
    fn sync_from_abc_to_bcd_grants_d_and_revokes_a() {
        let plan = sync(&current(), &ids(&["b", "c", "d"]));
        assert_eq!(plan.grant, ids(&["d"]));
        assert_eq!(plan.revoke, vec![permission("cp_a", "a")]);
        assert_eq!(plan.keep, vec![permission("cp_b", "b"), permission("cp_c", "c")]);
    }

    #[test]
    fn sync_to_the_same_set_or_to_nothing() {
        assert_eq!(sync(&current(), &ids(&["c", "b", "a"])), SyncPlan { grant: vec![], revoke: vec![], keep: current() });
        assert_eq!(sync(&current(), &[]), SyncPlan { grant: vec![], revoke: current(), keep: vec![] });
        assert_eq!(sync(&[], &ids(&["a"])).grant, ids(&["a"]));
    }

    #[test]
    fn a_large_sync_is_linear() {
        let desired: Vec<String> = (0..50_000).map(|n| format!("proj_{n}")).collect();
        let current: Vec<CheckpointPermission> = (25_000..75_000).map(|n| permission(&format!("cp_{n}"), &format!("proj_{n}"))).collect();
        let plan = sync(&current, &desired);
        assert_eq!((plan.grant.len(), plan.revoke.len(), plan.keep.len()), (25_000, 25_000, 25_000));
        assert_eq!(plan.grant.first().map(String::as_str), Some("proj_0"), "in the order asked");
    }

    #[test]
    fn project_ids_match_exactly() {
        let plan = sync(&[permission("cp_1", "Proj")], &ids(&["proj", "Proj "]));
        assert_eq!(plan.grant, ids(&["proj", "Proj "]));
        assert_eq!(plan.revoke.len(), 1);
    }
}
