//! What grant, revoke and sync must do, from what exists now: pure diffing, so the decisions
//! behind every write are tested without a network. Project ids are matched exactly.

use crate::model::CheckpointPermission;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantPlan {
    /// Projects without access, in the order asked, each once.
    pub create: Vec<String>,
    /// The existing permissions of projects that already have access.
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
    let mut plan = GrantPlan { create: Vec::new(), already_granted: Vec::new() };
    for project in distinct(wanted) {
        match current.iter().find(|permission| permission.project_id == *project) {
            Some(existing) => plan.already_granted.push(existing.clone()),
            None => plan.create.push(project.clone()),
        }
    }
    plan
}

pub fn revoke(current: &[CheckpointPermission], projects: &[String]) -> RevokePlan {
    let projects = distinct(projects);
    let delete = current.iter().filter(|permission| projects.contains(&&permission.project_id)).cloned().collect();
    let not_granted =
        projects.into_iter().filter(|project| !current.iter().any(|permission| permission.project_id == **project)).cloned().collect();
    RevokePlan { delete, not_granted }
}

/// Makes the set of projects with access exactly `desired`.
pub fn sync(current: &[CheckpointPermission], desired: &[String]) -> SyncPlan {
    let (keep, revoke): (Vec<_>, Vec<_>) = current.iter().cloned().partition(|permission| desired.contains(&permission.project_id));
    SyncPlan { grant: grant(current, desired).create, revoke, keep }
}

fn distinct(ids: &[String]) -> Vec<&String> {
    let mut seen: Vec<&String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !seen.contains(&id) {
            seen.push(id);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PermissionObject;

    fn permission(id: &str, project: &str) -> CheckpointPermission {
        CheckpointPermission { object: PermissionObject::CheckpointPermission, id: id.into(), created_at: 1, project_id: project.into() }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

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
    fn project_ids_match_exactly() {
        let plan = sync(&[permission("cp_1", "Proj")], &ids(&["proj", "Proj "]));
        assert_eq!(plan.grant, ids(&["proj", "Proj "]));
        assert_eq!(plan.revoke.len(), 1);
    }
}
