//! `AuditLog`: one event of the organization's audit log (`GET /organization/audit_logs`). Only
//! what the package reads is modelled: the event's id, type and time, and two nested objects read
//! as their string leaves (the actor, and the checkpoint-permission payloads), because the log's
//! object tree is wide and changes as OpenAI adds actors and event types: a model of every branch
//! would cost the wasm a deserializer per branch. The caller gets the API's whole object.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::HasId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(expecting = "an audit log event")]
pub struct AuditLog {
    pub id: String,
    /// The event type, e.g. `checkpoint.permission.created`: a string, so a type the API adds
    /// later is read, not refused.
    #[serde(rename = "type")]
    pub kind: String,
    /// Unix seconds.
    pub effective_at: i64,
    /// `{ type, session: { user: { id, email } } }` or `{ type, api_key: { id, type, user, service_account } }`.
    #[serde(default)]
    pub actor: Leaves,
    /// `{ id, data: { project_id, fine_tuned_model_checkpoint } }`.
    #[serde(default, rename = "checkpoint.permission.created")]
    pub permission_created: Leaves,
    /// `{ id }`.
    #[serde(default, rename = "checkpoint.permission.deleted")]
    pub permission_deleted: Leaves,
}

impl HasId for AuditLog {
    fn id(&self) -> &str {
        &self.id
    }
}

pub type AuditLogPage = super::Page<AuditLog>;

/// The string leaves of a JSON object, by their dotted path (`api_key.user.email`). Numbers,
/// booleans, arrays and nulls are skipped; an absent or `null` object has no leaves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Leaves(pub Vec<(String, String)>);

impl Leaves {
    pub fn get(&self, path: &str) -> Option<&str> {
        self.0.iter().find(|(leaf, _)| leaf == path).map(|(_, value)| value.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Leaves {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut leaves = Vec::new();
        deserializer.deserialize_any(Collect { prefix: String::new(), depth: 0, leaves: &mut leaves })?;
        Ok(Leaves(leaves))
    }
}

/// How deep the leaves are read: paths of at most four names (the package reads at most three,
/// `api_key.service_account.id`). Deeper objects are skipped unread, so an answer nested thousands of levels deep cannot exhaust
/// the wasm stack (a trap, not an error).
const MAX_DEPTH: usize = 4;

/// Adds the string leaves under `prefix`, `depth` objects down, to `leaves`, whatever the value is.
struct Collect<'a> {
    prefix: String,
    depth: usize,
    leaves: &'a mut Vec<(String, String)>,
}

impl<'de> de::DeserializeSeed<'de> for Collect<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Collect<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.leaves.push((self.prefix, value.to_owned()));
        Ok(())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<(), E> {
        self.leaves.push((self.prefix, value));
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.depth >= MAX_DEPTH {
            while map.next_key::<String>()?.is_some() {
                map.next_value::<de::IgnoredAny>()?;
            }
            return Ok(());
        }
        while let Some(key) = map.next_key::<String>()? {
            let prefix = if self.prefix.is_empty() { key } else { format!("{}.{key}", self.prefix) };
            map.next_value_seed(Collect { prefix, depth: self.depth + 1, leaves: &mut *self.leaves })?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specs_example_event_reads_with_its_actor_as_leaves() {
        let event: AuditLog = serde_json::from_value(serde_json::json!({
            "id": "audit_log-xxx_yyyymmdd", "type": "checkpoint.permission.created", "effective_at": 1722461446,
            "actor": { "type": "api_key", "api_key": { "type": "user", "id": "key_1", "user": { "id": "user-xxx", "email": "user@example.com" } } },
            "checkpoint.permission.created": { "id": "cp_1", "data": { "project_id": "proj_a", "fine_tuned_model_checkpoint": "ft:x" } },
            "project": { "id": "proj_default", "name": "Default" }, "new": [1, { "a": "b" }]
        }))
        .unwrap();
        assert_eq!(event.actor.get("api_key.user.email"), Some("user@example.com"));
        assert_eq!(event.actor.get("type"), Some("api_key"));
        assert_eq!(event.permission_created.get("data.project_id"), Some("proj_a"));
        assert!(event.permission_deleted.is_empty());
    }

    #[test]
    fn a_null_actor_and_odd_leaves_read_as_nothing() {
        let event: AuditLog =
            serde_json::from_value(serde_json::json!({ "id": "e", "type": "x", "effective_at": 1, "actor": null, "checkpoint.permission.deleted": { "id": 7 } })).unwrap();
        assert!(event.actor.is_empty());
        assert!(event.permission_deleted.is_empty());
        assert!(serde_json::from_value::<AuditLog>(serde_json::json!({ "id": "e", "type": "x" })).is_err(), "effective_at is required");
    }

    #[test]
    fn leaves_deeper_than_the_package_reads_are_skipped_unread() {
        let mut deep = serde_json::json!("bottom");
        for _ in 0..300 {
            deep = serde_json::json!({ "a": deep });
        }
        let actor = serde_json::json!({ "type": "api_key", "api_key": { "service_account": { "id": "svc_1", "deeper": { "x": "y", "deepest": { "z": "w" } } } }, "nest": deep });
        let event: AuditLog = serde_json::from_value(serde_json::json!({ "id": "e", "type": "x", "effective_at": 1, "actor": actor })).unwrap();
        assert_eq!(event.actor.get("api_key.service_account.id"), Some("svc_1"));
        assert_eq!(event.actor.get("api_key.service_account.deeper.x"), Some("y"), "four names deep is read");
        assert_eq!(event.actor.get("api_key.service_account.deeper.deepest.z"), None, "five is not");
        assert_eq!(event.actor.0.len(), 3, "{:?}", event.actor);
    }
}
