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

const PERMISSION_OBJECT: &str = "checkpoint.permission";

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
}

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// A JSON answer that is one of the API's objects.
pub trait ApiObject: Sized {
    /// Checks the shape; with `copy_strings` false the strings are only checked, not copied
    /// (they come back empty), for answers handed to the caller as they are.
    fn read<V: JsonValue>(value: V, copy_strings: bool) -> Result<Self, ShapeError>;

    fn from_value<V: JsonValue>(value: V) -> Result<Self, ShapeError> {
        Self::read(value, true)
    }

    fn check<V: JsonValue>(value: V) -> Result<(), ShapeError> {
        Self::read(value, false).map(drop)
    }

    /// From JSON text, with the crate's own reader (the wasm reads what `JSON.parse` built instead).
    fn parse(text: &str) -> Result<Self, ShapeError> {
        let value = json_read::parse(text).map_err(|_| ShapeError { path: String::new(), expected: "JSON" })?;
        Self::from_value(&value)
    }
}

impl ApiObject for PermissionPage {
    fn read<V: JsonValue>(value: V, copy_strings: bool) -> Result<Self, ShapeError> {
        let field = Field { value, path: "", copy_strings };
        field.constant("object", "list")?;
        let items = field.required("data")?.items().ok_or_else(|| field.shape("data", "an array"))?;
        let mut data = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let path = concat(&["data[", &decimal(index as u64), "]"]);
            data.push(CheckpointPermission::from_field(&Field { value: item, path: &path, copy_strings })?);
        }
        Ok(Self {
            data,
            first_id: field.optional_string("first_id")?,
            last_id: field.optional_string("last_id")?,
            has_more: field.boolean("has_more")?,
        })
    }
}

impl ApiObject for DeletedPermission {
    fn read<V: JsonValue>(value: V, copy_strings: bool) -> Result<Self, ShapeError> {
        let field = Field { value, path: "", copy_strings };
        field.constant("object", PERMISSION_OBJECT)?;
        Ok(Self { id: field.string("id")?, deleted: field.boolean("deleted")? })
    }
}

impl CheckpointPermission {
    fn from_field<V: JsonValue>(field: &Field<'_, V>) -> Result<Self, ShapeError> {
        if !field.value.is_object() {
            return Err(ShapeError { path: field.path.to_owned(), expected: "an object" });
        }
        field.constant("object", PERMISSION_OBJECT)?;
        Ok(Self { id: field.string("id")?, created_at: field.integer("created_at")?, project_id: field.string("project_id")? })
    }
}

/// One object being read, and where it sits in the answer (for error messages).
struct Field<'p, V> {
    value: V,
    path: &'p str,
    copy_strings: bool,
}

impl<V: JsonValue> Field<'_, V> {
    fn shape(&self, key: &str, expected: &'static str) -> ShapeError {
        let path = if self.path.is_empty() { key.to_owned() } else { concat(&[self.path, ".", key]) };
        ShapeError { path, expected }
    }

    fn required(&self, key: &'static str) -> Result<V, ShapeError> {
        if !self.value.is_object() {
            return Err(ShapeError { path: self.path.to_owned(), expected: "an object" });
        }
        self.value.get(key).ok_or_else(|| self.shape(key, "present"))
    }

    fn string(&self, key: &'static str) -> Result<String, ShapeError> {
        let value = self.required(key)?;
        self.text(&value).ok_or_else(|| self.shape(key, "a string"))
    }

    /// The string's text, or an empty one when strings are only checked.
    fn text(&self, value: &V) -> Option<String> {
        if self.copy_strings {
            value.string()
        } else {
            value.is_string().then(String::new)
        }
    }

    fn optional_string(&self, key: &'static str) -> Result<Option<String>, ShapeError> {
        match self.value.get(key) {
            None => Ok(None),
            Some(value) if value.is_null() => Ok(None),
            Some(value) => self.text(&value).map(Some).ok_or_else(|| self.shape(key, "a string or null")),
        }
    }

    fn boolean(&self, key: &'static str) -> Result<bool, ShapeError> {
        self.required(key)?.boolean().ok_or_else(|| self.shape(key, "true or false"))
    }

    fn integer(&self, key: &'static str) -> Result<i64, ShapeError> {
        self.required(key)?.safe_integer().ok_or_else(|| self.shape(key, "an integer"))
    }

    fn constant(&self, key: &'static str, expected: &'static str) -> Result<(), ShapeError> {
        if self.required(key)?.is_str(expected) {
            Ok(())
        } else {
            Err(self.shape(key, expected_constant(expected)))
        }
    }
}

fn expected_constant(expected: &str) -> &'static str {
    if expected == PERMISSION_OBJECT {
        "\"checkpoint.permission\""
    } else {
        "\"list\""
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
    fn checking_only_accepts_what_reading_accepts_and_copies_nothing() {
        let tree = json_read::parse(LIST_EXAMPLE).unwrap();
        assert_eq!(PermissionPage::check(&tree), Ok(()));
        let unread = PermissionPage::read(&tree, false).unwrap();
        assert_eq!(unread.data.len(), 2);
        assert!(unread.data.iter().all(|p| p.id.is_empty() && p.project_id.is_empty()));
        assert_eq!(unread.data[1].created_at, 1_721_764_800, "numbers are read either way");
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
                assert_eq!(PermissionPage::check(&tree).unwrap_err().to_string(), message, "checking only: {json}");
            }
        }
        assert!(DeletedPermission::parse(r#"{"object":"checkpoint.permission","id":"cp_1"}"#).is_err());
    }
}
