//! Who gave a project access to a checkpoint, and when: the checkpoint's grant and revoke events,
//! put together from the audit log. A revoke event carries only the permission's id, so it is
//! joined to the grant event of that permission to name the checkpoint and the project; a revoke
//! whose grant the log no longer holds cannot be told apart from another checkpoint's, and is
//! left out rather than guessed.

use std::collections::HashSet;

use serde::Serialize;

use crate::directory::ProjectDirectory;
use crate::model::audit_log::Leaves;
use crate::model::AuditLog;
use crate::resources::audit_logs::{PERMISSION_CREATED, PERMISSION_DELETED};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Granted,
    Revoked,
}

/// `checkpointAccessHistory`'s answer: the checkpoint's grants and revokes in the window, newest
/// first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessHistory {
    pub checkpoint: String,
    /// The window searched, Unix seconds; `None`: unbounded.
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub events: Vec<HistoryEvent>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One grant or revoke of the checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEvent {
    pub action: Action,
    pub permission_id: String,
    pub project_id: String,
    /// From the project directory, when it could be read.
    pub project_name: Option<String>,
    /// Who did it, when the log says.
    pub actor: Option<WhoDidIt>,
    /// Unix seconds.
    pub effective_at: i64,
    /// The audit log event's id.
    pub event_id: String,
}

/// The actor of an event, as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoDidIt {
    /// `user` (in the dashboard, or with their own key), `service_account`, or `api_key` when the
    /// log says no more.
    pub kind: &'static str,
    /// The user's email, the service account's name, or an id: what to show.
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The user's or the service account's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The API key's tracking id, when the change was made with a key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

impl WhoDidIt {
    /// From the event's `actor` (its string leaves); `None` when the log names nobody.
    pub fn from_actor(actor: &Leaves) -> Option<Self> {
        let owned = |path: &str| actor.get(path).map(str::to_owned);
        if actor.get("type") == Some("api_key") || actor.get("api_key.id").is_some() {
            let key_id = owned("api_key.id");
            let key_name = owned("api_key.name");
            if actor.get("api_key.type") == Some("service_account") {
                let id = owned("api_key.service_account.id");
                let name = owned("api_key.service_account.name").or(key_name);
                let label = name.clone().or_else(|| id.as_ref().map(|id| format!("service account {id}")))?;
                return Some(Self { kind: "service_account", label, email: None, id, name, key_id });
            }
            let (email, id) = (owned("api_key.user.email"), owned("api_key.user.id"));
            if let Some(label) = email.clone().or_else(|| id.clone()) {
                return Some(Self { kind: "user", label, email, id, name: key_name, key_id });
            }
            let label = key_name.clone().or_else(|| key_id.as_ref().map(|id| format!("API key {id}")))?;
            return Some(Self { kind: "api_key", label, email: None, id: None, name: key_name, key_id });
        }
        let (email, id) = (owned("session.user.email"), owned("session.user.id"));
        let label = email.clone().or_else(|| id.clone())?;
        Some(Self { kind: "user", label, email, id, name: None, key_id: None })
    }
}

/// `checkpoint`'s grants and revokes among `events` (its grant events, and the revoke events to
/// consider, in any order), newest first. `grants_beyond` are grant events from outside the
/// window, read only to name what a revoke in it took away.
pub fn checkpoint_history(checkpoint: &str, events: &[AuditLog], grants_beyond: &[AuditLog], directory: Option<&ProjectDirectory>) -> Vec<HistoryEvent> {
    // (permission id, project id) of every grant of this checkpoint the log holds, sorted for a
    // binary search (a hash map of this type would compile one more hash table into the wasm).
    let mut granted_to: Vec<(&str, &str)> = events.iter().chain(grants_beyond).filter_map(|event| grant_of(event, checkpoint)).collect();
    granted_to.sort_unstable();
    let project_of = |permission_id: &str| {
        granted_to.binary_search_by(|(granted, _)| (*granted).cmp(permission_id)).ok().and_then(|at| granted_to.get(at)).map(|(_, project)| *project)
    };
    let name_of = |project_id: &str| directory.and_then(|directory| directory.info(project_id).name);
    let mut history: Vec<HistoryEvent> = events
        .iter()
        .filter_map(|event| {
            let (action, permission_id, project_id) = match grant_of(event, checkpoint) {
                Some((permission_id, project_id)) => (Action::Granted, permission_id, project_id),
                None => {
                    let permission_id = revoke_of(event)?;
                    (Action::Revoked, permission_id, project_of(permission_id)?)
                }
            };
            Some(HistoryEvent {
                action,
                permission_id: permission_id.to_owned(),
                project_id: project_id.to_owned(),
                project_name: name_of(project_id),
                actor: WhoDidIt::from_actor(&event.actor),
                effective_at: event.effective_at,
                event_id: event.id.clone(),
            })
        })
        .collect();
    // Newest first; the log's own order breaks ties (its ids are not ordered).
    history.sort_by(|a, b| b.effective_at.cmp(&a.effective_at));
    history
}

/// `(permission id, checkpoint, project id)` of a grant event. The event's type decides: an
/// event of another type that happens to carry this payload is not a grant.
fn granted(event: &AuditLog) -> Option<(&str, &str, &str)> {
    (event.kind == PERMISSION_CREATED).then_some(())?;
    let created = &event.permission_created;
    Some((created.get("id")?, created.get("data.fine_tuned_model_checkpoint")?, created.get("data.project_id")?))
}

/// `(permission id, project id)` of a grant event of `checkpoint`.
fn grant_of<'a>(event: &'a AuditLog, checkpoint: &str) -> Option<(&'a str, &'a str)> {
    granted(event).filter(|(_, of, _)| *of == checkpoint).map(|(permission, _, project)| (permission, project))
}

/// The permission id of a revoke event.
fn revoke_of(event: &AuditLog) -> Option<&str> {
    (event.kind == PERMISSION_DELETED).then_some(())?;
    event.permission_deleted.get("id")
}

/// The revoked permissions among `events` whose grant is not among them, each once: their grant
/// events must be read from before the window to tell whose they were. A grant of another
/// checkpoint in the window explains its revoke too: that one is not this checkpoint's, and
/// looking it up would be a request for nothing.
pub fn unexplained_revokes<'a>(events: &'a [AuditLog]) -> Vec<&'a str> {
    let mut known: HashSet<&str> = events.iter().filter_map(granted).map(|(permission, _, _)| permission).collect();
    events.iter().filter_map(revoke_of).filter(|permission| known.insert(permission)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Project, ProjectObject};

    const WEATHER: &str = "ft:gpt-4o-mini:org:weather:B7R9VjQd";

    fn leaves(pairs: &[(&str, &str)]) -> Leaves {
        Leaves(pairs.iter().map(|(path, value)| (path.to_string(), value.to_string())).collect())
    }

    fn user(email: &str) -> Leaves {
        leaves(&[("type", "session"), ("session.user.id", "user-1"), ("session.user.email", email)])
    }

    fn granted(id: &str, at: i64, checkpoint: &str, permission: &str, project: &str, actor: Leaves) -> AuditLog {
        AuditLog {
            id: id.into(),
            kind: "checkpoint.permission.created".into(),
            effective_at: at,
            actor,
            permission_created: leaves(&[("id", permission), ("data.project_id", project), ("data.fine_tuned_model_checkpoint", checkpoint)]),
            permission_deleted: Leaves::default(),
        }
    }

    fn revoked(id: &str, at: i64, permission: &str, actor: Leaves) -> AuditLog {
        AuditLog {
            id: id.into(),
            kind: "checkpoint.permission.deleted".into(),
            effective_at: at,
            actor,
            permission_created: Leaves::default(),
            permission_deleted: leaves(&[("id", permission)]),
        }
    }

    #[test]
    fn a_revoke_is_joined_to_its_grant_and_named_newest_first() {
        let events = vec![
            granted("e1", 100, WEATHER, "cp_1", "proj_a", user("ana@example.com")),
            granted("e2", 200, "ft:other:x", "cp_2", "proj_b", user("bo@example.com")),
            revoked("e3", 300, "cp_1", user("cy@example.com")),
            revoked("e4", 400, "cp_2", user("cy@example.com")),
        ];
        let directory = ProjectDirectory::new(vec![Project {
            id: "proj_a".into(),
            object: ProjectObject::Project,
            name: Some("Weather".into()),
            created_at: 1,
            archived_at: None,
            status: Some("active".into()),
        }]);
        let history = checkpoint_history(WEATHER, &events, &[], Some(&directory));
        let summary: Vec<_> = history.iter().map(|event| (event.action, event.project_id.as_str(), event.actor.as_ref().unwrap().label.as_str(), event.effective_at)).collect();
        assert_eq!(summary, [(Action::Revoked, "proj_a", "cy@example.com", 300), (Action::Granted, "proj_a", "ana@example.com", 100)]);
        assert_eq!(history[0].project_name.as_deref(), Some("Weather"));
        assert_eq!(history[0].permission_id, "cp_1");
    }

    #[test]
    fn a_revoke_whose_grant_is_older_than_the_window_is_named_from_the_grants_read_beyond_it() {
        let window = vec![revoked("e9", 900, "cp_old", user("cy@example.com"))];
        assert_eq!(unexplained_revokes(&window), ["cp_old"]);
        assert!(checkpoint_history(WEATHER, &window, &[], None).is_empty(), "not guessed");
        let beyond = vec![granted("e0", 10, WEATHER, "cp_old", "proj_z", user("ana@example.com"))];
        let history = checkpoint_history(WEATHER, &window, &beyond, None);
        assert_eq!((history.len(), history[0].action, history[0].project_id.as_str()), (1, Action::Revoked, "proj_z"));
    }

    #[test]
    fn the_events_type_decides_and_a_revoke_is_looked_up_once() {
        let mut odd = revoked("e1", 10, "cp_1", user("a@example.com"));
        odd.kind = "api_key.created".into();
        assert!(unexplained_revokes(&[odd]).is_empty(), "not a revoke, whatever it carries");
        let twice = [revoked("e1", 10, "cp_1", user("a@example.com")), revoked("e2", 11, "cp_1", user("a@example.com"))];
        assert_eq!(unexplained_revokes(&twice), ["cp_1"]);
    }

    #[test]
    fn a_revoke_whose_grant_of_another_checkpoint_is_in_the_window_is_not_looked_up() {
        let window = [granted("e1", 10, "ft:other:x", "cp_2", "proj_b", user("a@example.com")), revoked("e2", 20, "cp_2", user("a@example.com"))];
        assert!(unexplained_revokes(&window).is_empty());
        assert!(checkpoint_history(WEATHER, &window, &[], None).is_empty());
    }

    #[test]
    fn actors_read_as_people_keys_and_service_accounts() {
        let by_user = WhoDidIt::from_actor(&leaves(&[("type", "api_key"), ("api_key.id", "key_1"), ("api_key.type", "user"), ("api_key.user.email", "ops@example.com")])).unwrap();
        assert_eq!((by_user.kind, by_user.label.as_str(), by_user.key_id.as_deref()), ("user", "ops@example.com", Some("key_1")));
        let by_account =
            WhoDidIt::from_actor(&leaves(&[("type", "api_key"), ("api_key.id", "key_2"), ("api_key.type", "service_account"), ("api_key.service_account.id", "svc_acct_9")])).unwrap();
        assert_eq!((by_account.kind, by_account.label.as_str()), ("service_account", "service account svc_acct_9"));
        let bare = WhoDidIt::from_actor(&leaves(&[("type", "api_key"), ("api_key.id", "key_1")])).unwrap();
        assert_eq!((bare.kind, bare.label.as_str()), ("api_key", "API key key_1"));
        assert_eq!(WhoDidIt::from_actor(&Leaves::default()), None);
    }
}
