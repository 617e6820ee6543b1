//! The API's objects, exactly as `openapi.yaml` defines them. An answer is checked against these
//! before it reaches the caller: a 200 that does not fit is an error, never a wrong object.
//! Unknown extra fields are accepted, so a newer API does not break older clients.

use crate::json_read;
use crate::json_text;
use crate::json_value::JsonValue;
use crate::text::{concat, decimal};

/// `FineTuningCheckpointPermission`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointPermission {
    pub id: String,
    /// Unix seconds.
    pub created_at: i64,
    pub project_id: String,
}

/// `ListFineTuningCheckpointPermissionResponse`: what both create and list answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionPage {
    pub data: Vec<CheckpointPermission>,
    pub first_id: Option<String>,
    pub last_id: Option<String>,
    pub has_more: bool,
}

/// `DeleteFineTuningCheckpointPermissionResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedPermission {
    pub id: String,
    pub deleted: bool,
}

/// Why an answer does not fit: where, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    pub path: String,
    pub expected: &'static str,
}

impl ShapeError {
    pub fn message(&self) -> String {
        if self.path.is_empty() {
            concat(&["expected ", self.expected])
        } else {
            concat(&[&self.path, " should be ", self.expected])
        }
    }

    /// The same error seen from the enclosing object: `outer` goes in front of the path.
    fn within(self, outer: &str) -> Self {
        let path = if self.path.is_empty() { outer.to_owned() } else { concat(&[outer, ".", &self.path]) };
        Self { path, ..self }
    }
}

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// What one member of an object must hold. The models are tables of these, and one function checks
/// any of them: the wasm holds the checking code once, however many models there are.
enum Kind {
    /// This string exactly; the second is how an error spells it.
    Constant(&'static str, &'static str),
    Text,
    TextOrNull,
    Flag,
    Integer,
    /// An array of objects of this shape.
    Objects(&'static [Member]),
}

struct Member(&'static str, Kind);

const PERMISSION: &[Member] = &[
    Member("object", Kind::Constant("checkpoint.permission", "\"checkpoint.permission\"")),
    Member("id", Kind::Text),
    Member("created_at", Kind::Integer),
    Member("project_id", Kind::Text),
];

const PAGE: &[Member] = &[
    Member("object", Kind::Constant("list", "\"list\"")),
    Member("data", Kind::Objects(PERMISSION)),
    Member("first_id", Kind::TextOrNull),
    Member("last_id", Kind::TextOrNull),
    Member("has_more", Kind::Flag),
];

const DELETED: &[Member] = &[
    Member("object", Kind::Constant("checkpoint.permission", "\"checkpoint.permission\"")),
    Member("id", Kind::Text),
    Member("deleted", Kind::Flag),
];

/// Checks that `value` is an object whose members fit `shape` (other members are allowed).
fn check_object<V: JsonValue>(value: &V, shape: &[Member]) -> Result<(), ShapeError> {
    if !value.is_object() {
        return Err(ShapeError { path: String::new(), expected: "an object" });
    }
    for Member(key, kind) in shape {
        let member = value.get(key);
        let (fits, expected) = match (kind, &member) {
            (Kind::TextOrNull, None) => continue,
            (_, None) => (false, "present"),
            (Kind::Constant(constant, spelled), Some(member)) => (member.is_str(constant), *spelled),
            (Kind::Text, Some(member)) => (member.is_string(), "a string"),
            (Kind::TextOrNull, Some(member)) => (member.is_null() || member.is_string(), "a string or null"),
            (Kind::Flag, Some(member)) => (member.boolean().is_some(), "true or false"),
            (Kind::Integer, Some(member)) => (member.safe_integer().is_some(), "an integer"),
            (Kind::Objects(item_shape), Some(member)) => {
                let items = member.items().ok_or_else(|| ShapeError { path: (*key).to_owned(), expected: "an array" })?;
                for (index, item) in items.iter().enumerate() {
                    // The path is only spelled out for an error: a page may hold 10,000 items.
                    check_object(item, item_shape).map_err(|error| error.within(&concat(&[key, "[", &decimal(index as u64), "]"])))?;
                }
                continue;
            }
        };
        if !fits {
            return Err(ShapeError { path: (*key).to_owned(), expected });
        }
    }
    Ok(())
}

/// A JSON answer that is one of the API's objects.
pub trait ApiObject: Sized {
    /// Checks the shape only: for answers handed to the caller as they are.
    fn check<V: JsonValue>(value: &V) -> Result<(), ShapeError>;

    /// Copies the members out of a value that `check` accepted.
    fn extract<V: JsonValue>(value: &V) -> Self;

    fn from_value<V: JsonValue>(value: &V) -> Result<Self, ShapeError> {
        Self::check(value)?;
        Ok(Self::extract(value))
    }

    /// From JSON text, with the crate's own reader (the wasm reads what `JSON.parse` built instead).
    fn parse(text: &str) -> Result<Self, ShapeError> {
        let value = json_read::parse(text).map_err(|_| ShapeError { path: String::new(), expected: "JSON" })?;
        Self::from_value(&&value)
    }
}

fn text<V: JsonValue>(value: &V, key: &'static str) -> Option<String> {
    value.get(key)?.string()
}

fn flag<V: JsonValue>(value: &V, key: &'static str) -> bool {
    value.get(key).and_then(|member| member.boolean()).unwrap_or_default()
}

impl ApiObject for PermissionPage {
    fn check<V: JsonValue>(value: &V) -> Result<(), ShapeError> {
        check_object(value, PAGE)
    }

    fn extract<V: JsonValue>(value: &V) -> Self {
        let items = value.get("data").and_then(|data| data.items()).unwrap_or_default();
        Self {
            data: items.iter().map(CheckpointPermission::extract).collect(),
            first_id: text(value, "first_id"),
            last_id: text(value, "last_id"),
            has_more: flag(value, "has_more"),
        }
    }
}

impl ApiObject for DeletedPermission {
    fn check<V: JsonValue>(value: &V) -> Result<(), ShapeError> {
        check_object(value, DELETED)
    }

    fn extract<V: JsonValue>(value: &V) -> Self {
        Self { id: text(value, "id").unwrap_or_default(), deleted: flag(value, "deleted") }
    }
}

impl ApiObject for CheckpointPermission {
    fn check<V: JsonValue>(value: &V) -> Result<(), ShapeError> {
        check_object(value, PERMISSION)
    }

    fn extract<V: JsonValue>(value: &V) -> Self {
        Self {
            id: text(value, "id").unwrap_or_default(),
            created_at: value.get("created_at").and_then(|number| number.safe_integer()).unwrap_or_default(),
            project_id: text(value, "project_id").unwrap_or_default(),
        }
    }
}

impl PermissionPage {
    /// The API's JSON for this page (the models' own writer, used to check round trips).
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"object\":\"list\",\"data\":[");
        for (index, permission) in self.data.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            out.push_str("{\"object\":\"checkpoint.permission\",\"id\":");
            json_text::push_string(&mut out, &permission.id);
            out.push_str(",\"created_at\":");
            if permission.created_at < 0 {
                out.push('-');
            }
            out.push_str(&decimal(permission.created_at.unsigned_abs()));
            out.push_str(",\"project_id\":");
            json_text::push_string(&mut out, &permission.project_id);
            out.push('}');
        }
        out.push_str("],\"first_id\":");
        push_optional_string(&mut out, self.first_id.as_deref());
        out.push_str(",\"last_id\":");
        push_optional_string(&mut out, self.last_id.as_deref());
        out.push_str(if self.has_more { ",\"has_more\":true}" } else { ",\"has_more\":false}" });
        out
    }
}

impl DeletedPermission {
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"object\":\"checkpoint.permission\",\"id\":");
        json_text::push_string(&mut out, &self.id);
        out.push_str(if self.deleted { ",\"deleted\":true}" } else { ",\"deleted\":false}" });
        out
    }
}

fn push_optional_string(out: &mut String, value: Option<&str>) {
    match value {
        Some(text) => json_text::push_string(out, text),
        None => out.push_str("null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The response examples of the spec's create, list and delete operations.
    const CREATE_EXAMPLE: &str = r#"{
      "object": "list",
      "data": [{"object": "checkpoint.permission", "id": "cp_zc4Q7MP6XxulcVzj4MZdwsAB", "created_at": 1721764867, "project_id": "proj_abGMw1llN8IrBb6SvvY5A1iH"}],
      "first_id": "cp_zc4Q7MP6XxulcVzj4MZdwsAB", "last_id": "cp_zc4Q7MP6XxulcVzj4MZdwsAB", "has_more": false
    }"#;
    const LIST_EXAMPLE: &str = r#"{
      "object": "list",
      "data": [
        {"object": "checkpoint.permission", "id": "cp_zc4Q7MP6XxulcVzj4MZdwsAB", "created_at": 1721764867, "project_id": "proj_abGMw1llN8IrBb6SvvY5A1iH"},
        {"object": "checkpoint.permission", "id": "cp_enQCFmOTGj3syEpYVhBRLTSy", "created_at": 1721764800, "project_id": "proj_iqGMw1llN8IrBb6SvvY5A1oF"}
      ],
      "first_id": "cp_zc4Q7MP6XxulcVzj4MZdwsAB", "last_id": "cp_enQCFmOTGj3syEpYVhBRLTSy", "has_more": false
    }"#;
    const DELETE_EXAMPLE: &str = r#"{"object": "checkpoint.permission", "id": "cp_zc4Q7MP6XxulcVzj4MZdwsAB", "deleted": true}"#;

    fn same_json(a: &str, b: &str) {
        let a: serde_json::Value = serde_json::from_str(a).unwrap();
        let b: serde_json::Value = serde_json::from_str(b).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn spec_examples_round_trip() {
        for example in [CREATE_EXAMPLE, LIST_EXAMPLE] {
            let page = PermissionPage::parse(example).unwrap();
            same_json(&page.to_json(), example);
            assert_eq!(PermissionPage::parse(&page.to_json()).unwrap(), page);
        }
        let page = PermissionPage::parse(LIST_EXAMPLE).unwrap();
        assert_eq!(page.data[1].created_at, 1_721_764_800);
        assert_eq!(page.last_id.as_deref(), Some("cp_enQCFmOTGj3syEpYVhBRLTSy"));
        let deleted = DeletedPermission::parse(DELETE_EXAMPLE).unwrap();
        assert!(deleted.deleted);
        same_json(&deleted.to_json(), DELETE_EXAMPLE);
    }

    #[test]
    fn a_checked_permission_reads_on_its_own_too() {
        let tree = json_read::parse(LIST_EXAMPLE).unwrap();
        assert_eq!(PermissionPage::check(&&tree), Ok(()));
        let item = tree.get("data").and_then(|data| data.items()).unwrap()[1];
        let permission = CheckpointPermission::from_value(&item).unwrap();
        assert_eq!(permission.project_id, "proj_iqGMw1llN8IrBb6SvvY5A1oF");
        assert_eq!(permission.created_at, 1_721_764_800);
    }

    #[test]
    fn empty_pages_have_null_or_absent_cursors() {
        let page = PermissionPage::parse(r#"{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}"#).unwrap();
        assert_eq!(page.first_id, None);
        let page = PermissionPage::parse(r#"{"object":"list","data":[],"has_more":false}"#).unwrap();
        assert_eq!(page.last_id, None);
    }

    #[test]
    fn unknown_fields_are_accepted() {
        let json = r#"{"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1,"project_id":"p","new":{"x":[1.5e3]}}],"has_more":true,"total":9}"#;
        assert!(PermissionPage::parse(json).is_ok());
    }

    #[test]
    fn wrong_shapes_say_where_and_what() {
        let cases = [
            (r#"{"object":"list","data":[],"has_more":"no"}"#, "has_more should be true or false"),
            (r#"{"object":"page","data":[],"has_more":false}"#, "object should be \"list\""),
            (r#"{"object":"list","has_more":false}"#, "data should be present"),
            (r#"{"object":"list","data":{},"has_more":false}"#, "data should be an array"),
            (r#"{"object":"list","data":[7],"has_more":false}"#, "data[0] should be an object"),
            (
                r#"{"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1.5,"project_id":"p"}],"has_more":false}"#,
                "data[0].created_at should be an integer",
            ),
            (
                r#"{"object":"list","data":[{"object":"model","id":"cp_1","created_at":1,"project_id":"p"}],"has_more":false}"#,
                "data[0].object should be \"checkpoint.permission\"",
            ),
            (
                r#"{"object":"list","data":[{"object":"checkpoint.permission","id":7,"created_at":1,"project_id":"p"}],"has_more":false}"#,
                "data[0].id should be a string",
            ),
            (r#"{"object":"list","data":[],"first_id":3,"has_more":false}"#, "first_id should be a string or null"),
            ("[]", "expected an object"),
            ("null", "expected an object"),
            ("<html>502</html>", "expected JSON"),
        ];
        for (json, message) in cases {
            assert_eq!(PermissionPage::parse(json).unwrap_err().to_string(), message, "{json}");
            if let Ok(tree) = json_read::parse(json) {
                assert_eq!(PermissionPage::check(&&tree).unwrap_err().to_string(), message, "checking only: {json}");
            }
        }
        assert!(DeletedPermission::parse(r#"{"object":"checkpoint.permission","id":"cp_1"}"#).is_err());
    }
}
