//! The API's objects, exactly as OpenAI's OpenAPI document defines them, as serde models: serde_json
//! reads them on the host, serde-wasm-bindgen in the wasm. An answer is checked against these before
//! it reaches the caller: a 200 that does not fit is an error, never a wrong object. Unknown extra
//! fields are accepted, so a newer API does not break older clients. One file a resource; what
//! every list shares (the page, its cursor) is here.

use serde::{Deserialize, Deserializer, Serialize};

mod api_error;
pub mod audit_log;
mod permission;
mod project;

pub use api_error::{ApiError, ApiErrorBody};
pub use audit_log::{AuditLog, AuditLogPage};
pub use permission::{CheckpointPermission, CreatePermissionsBody, DeletedPermission, PermissionObject, PermissionPage};
pub use project::{Project, ProjectObject, ProjectPage};

/// The `object` member of a page: always `"list"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListObject {
    #[default]
    #[serde(rename = "list")]
    List,
}

/// An item of a list: its id is the cursor of the page after it.
pub trait HasId {
    fn id(&self) -> &str;
}

/// One page of any list, `{"object": "list", "data": [...], "first_id", "last_id", "has_more"}`:
/// the shape every cursor-paged list of the API shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(expecting = "a list object")]
pub struct Page<T> {
    pub object: ListObject,
    pub data: Vec<T>,
    /// `null` or absent on an empty page.
    #[serde(default)]
    pub first_id: Option<String>,
    #[serde(default)]
    pub last_id: Option<String>,
    pub has_more: bool,
}

/// Why an answer does not fit: where (`data[3].created_at`, empty for the whole answer), and what
/// serde found wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    pub path: String,
    pub problem: String,
}

impl ShapeError {
    pub fn message(&self) -> String {
        if self.path.is_empty() {
            self.problem.clone()
        } else {
            format!("{}: {}", self.path, self.problem)
        }
    }
}

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// Reads `T` from a serde deserializer that `deserializer` makes (serde_json's on the host,
/// serde-wasm-bindgen's in the wasm), saying where the answer went wrong when it does not fit.
/// The path is tracked only on a second read after a failure: tracking it costs every field of
/// every item, and answers almost always fit. `describe` turns the deserializer's own error into
/// its message.
pub fn read<'de, T, D>(deserializer: impl Fn() -> D, describe: impl Fn(D::Error) -> String) -> Result<T, ShapeError>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    let first = match T::deserialize(deserializer()) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    match serde_path_to_error::deserialize::<_, T>(deserializer()) {
        Err(error) => {
            let path = error.path().to_string();
            let path = if path == "." { String::new() } else { path };
            Err(ShapeError { path, problem: describe(error.into_inner()) })
        }
        // Not expected (a deserializer reads the same input the same way twice), but then the
        // first error still says what was wrong.
        Ok(_) => Err(ShapeError { path: String::new(), problem: describe(first) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As the wasm reads answers: the JSON is parsed first (there by `JSON.parse`), then checked.
    fn parse<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, ShapeError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|error| ShapeError { path: String::new(), problem: format!("not JSON: {error}") })?;
        read(|| value.clone(), |error| error.to_string())
    }

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
    const ERROR_EXAMPLE: &str = r#"{"error": {"message": "Project not found", "type": "invalid_request_error", "param": "project_ids", "code": null}}"#;

    fn same_json(a: &str, b: &str) {
        let a: serde_json::Value = serde_json::from_str(a).unwrap();
        let b: serde_json::Value = serde_json::from_str(b).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn spec_examples_round_trip() {
        for example in [CREATE_EXAMPLE, LIST_EXAMPLE] {
            let page: PermissionPage = parse(example).unwrap();
            same_json(&serde_json::to_string(&page).unwrap(), example);
        }
        let page: PermissionPage = parse(LIST_EXAMPLE).unwrap();
        assert_eq!(page.data[1].created_at, 1_721_764_800);
        assert_eq!(page.last_id.as_deref(), Some("cp_enQCFmOTGj3syEpYVhBRLTSy"));
        let deleted: DeletedPermission = parse(DELETE_EXAMPLE).unwrap();
        assert!(deleted.deleted);
        same_json(&serde_json::to_string(&deleted).unwrap(), DELETE_EXAMPLE);
        let error: ApiErrorBody = parse(ERROR_EXAMPLE).unwrap();
        assert_eq!(error.error.message.as_deref(), Some("Project not found"));
        assert_eq!(error.error.kind.as_deref(), Some("invalid_request_error"));
        assert_eq!(error.error.code, None);
    }

    #[test]
    fn the_create_body_is_the_documented_json() {
        let body = CreatePermissionsBody { project_ids: vec!["proj_a".into(), "proj_\"b".into()] };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"project_ids":["proj_a","proj_\"b"]}"#);
    }

    #[test]
    fn empty_pages_have_null_or_absent_cursors() {
        let page: PermissionPage = parse(r#"{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}"#).unwrap();
        assert_eq!(page.first_id, None);
        let page: PermissionPage = parse(r#"{"object":"list","data":[],"has_more":false}"#).unwrap();
        assert_eq!(page.last_id, None);
    }

    #[test]
    fn unknown_fields_are_accepted() {
        let json = r#"{"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1,"project_id":"p","new":{"x":[1.5e3]}}],"has_more":true,"total":9}"#;
        assert!(parse::<PermissionPage>(json).is_ok());
        assert!(parse::<ApiErrorBody>(r#"{"error":{"message":"m","extra":[1]}}"#).is_ok());
    }

    #[test]
    fn wrong_shapes_say_where_and_what() {
        let cases = [
            (r#"{"object":"list","data":[],"has_more":"no"}"#, "has_more", "invalid type: string \"no\", expected a boolean"),
            (r#"{"object":"page","data":[],"has_more":false}"#, "object", "unknown variant `page`, expected `list`"),
            (r#"{"object":"list","has_more":false}"#, "", "missing field `data`"),
            (r#"{"object":"list","data":{},"has_more":false}"#, "data", "invalid type: map, expected a sequence"),
            (r#"{"object":"list","data":[7],"has_more":false}"#, "data[0]", "invalid type: integer `7`, expected a checkpoint.permission object"),
            (
                r#"{"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1.5,"project_id":"p"}],"has_more":false}"#,
                "data[0].created_at",
                "invalid type: floating point `1.5`, expected i64",
            ),
            (
                r#"{"object":"list","data":[{"object":"model","id":"cp_1","created_at":1,"project_id":"p"}],"has_more":false}"#,
                "data[0].object",
                "unknown variant `model`, expected `checkpoint.permission`",
            ),
            (
                r#"{"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1}],"has_more":false}"#,
                "data[0]",
                "missing field `project_id`",
            ),
            (r#"{"object":"list","data":[],"first_id":3,"has_more":false}"#, "first_id", "invalid type: integer `3`, expected a string"),
        ];
        for (json, path, problem) in cases {
            let error = parse::<PermissionPage>(json).unwrap_err();
            assert_eq!((error.path.as_str(), error.problem.starts_with(problem)), (path, true), "{json}: {error}");
        }
        assert!(parse::<PermissionPage>("[]").is_err());
        assert!(parse::<PermissionPage>("null").is_err());
        assert!(parse::<DeletedPermission>(r#"{"object":"checkpoint.permission","id":"cp_1"}"#).is_err());
        let error = parse::<PermissionPage>(r#"{"object":"list","data":[{"object":"checkpoint.permission","id":7}],"has_more":false}"#);
        assert!(error.unwrap_err().message().starts_with("data[0].id: invalid type: integer `7`, expected a string"));
    }
}
