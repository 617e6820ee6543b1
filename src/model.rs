//! The API's objects, exactly as `openapi.yaml` defines them. Answers are checked against these
//! types before they reach the caller: a 200 that does not fit is an error, never a wrong object.
//! Unknown extra fields are accepted, so a newer API does not break older clients.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListObject {
    #[serde(rename = "list")]
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PermissionObject {
    #[serde(rename = "checkpoint.permission")]
    CheckpointPermission,
}

/// `FineTuningCheckpointPermission`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointPermission {
    pub object: PermissionObject,
    pub id: String,
    /// Unix seconds.
    pub created_at: i64,
    pub project_id: String,
}

/// `ListFineTuningCheckpointPermissionResponse`: what both create and list answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionPage {
    pub object: ListObject,
    pub data: Vec<CheckpointPermission>,
    #[serde(default)]
    pub first_id: Option<String>,
    #[serde(default)]
    pub last_id: Option<String>,
    pub has_more: bool,
}

/// `DeleteFineTuningCheckpointPermissionResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedPermission {
    pub object: PermissionObject,
    pub id: String,
    pub deleted: bool,
}

/// `CreateFineTuningCheckpointPermissionRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatePermissionsRequest {
    pub project_ids: Vec<String>,
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

    fn round_trip<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(json: &str) -> T {
        let value: T = serde_json::from_str(json).unwrap();
        let again: T = serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
        assert_eq!(value, again);
        assert_eq!(
            serde_json::to_value(&value).unwrap(),
            serde_json::from_str::<serde_json::Value>(json).unwrap(),
            "serialising gives back exactly the spec's example"
        );
        value
    }

    #[test]
    fn spec_examples_round_trip() {
        let page: PermissionPage = round_trip(CREATE_EXAMPLE);
        assert_eq!(page.data[0].project_id, "proj_abGMw1llN8IrBb6SvvY5A1iH");
        let page: PermissionPage = round_trip(LIST_EXAMPLE);
        assert_eq!(page.data.len(), 2);
        let deleted: DeletedPermission = round_trip(DELETE_EXAMPLE);
        assert!(deleted.deleted);
        let request: CreatePermissionsRequest = round_trip(r#"{"project_ids": ["proj_abGMw1llN8IrBb6SvvY5A1iH"]}"#);
        assert_eq!(request.project_ids.len(), 1);
    }

    #[test]
    fn empty_pages_have_null_or_absent_cursors() {
        let page: PermissionPage = serde_json::from_str(r#"{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}"#).unwrap();
        assert_eq!(page.first_id, None);
        let page: PermissionPage = serde_json::from_str(r#"{"object":"list","data":[],"has_more":false}"#).unwrap();
        assert_eq!(page.last_id, None);
    }

    #[test]
    fn unknown_fields_are_accepted() {
        let json = r#"{"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1,"project_id":"p","new":{"x":[1]}}],"has_more":true,"total":9}"#;
        assert!(serde_json::from_str::<PermissionPage>(json).is_ok());
    }

    #[test]
    fn wrong_shapes_are_refused() {
        let wrong = [
            r#"{"object":"list","data":[],"has_more":"no"}"#,
            r#"{"object":"page","data":[],"has_more":false}"#,
            r#"{"object":"list","has_more":false}"#,
            r#"{"object":"list","data":{},"has_more":false}"#,
            r#"{"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1.5,"project_id":"p"}],"has_more":false}"#,
            r#"{"object":"list","data":[{"object":"model","id":"cp_1","created_at":1,"project_id":"p"}],"has_more":false}"#,
            r#"{"object":"list","data":[{"object":"checkpoint.permission","id":7,"created_at":1,"project_id":"p"}],"has_more":false}"#,
            r#"{"object":"list","data":[],"first_id":3,"has_more":false}"#,
            r#"[]"#,
            r#"null"#,
        ];
        for json in wrong {
            assert!(serde_json::from_str::<PermissionPage>(json).is_err(), "{json}");
        }
        assert!(serde_json::from_str::<DeletedPermission>(r#"{"object":"checkpoint.permission","id":"cp_1"}"#).is_err());
    }
}
