//! `/fine_tuning/checkpoints/{checkpoint}/permissions`: create, list and delete.

use crate::config::ClientConfig;
use crate::ids::{self, IdKind};
use crate::model::CreatePermissionsBody;
use crate::query::{Order, PagedQuery, Paging, Query, QueryString};
use crate::request::{HttpRequest, Url};
use crate::validate::InvalidInput;

/// `GET …/permissions`: `after`, `limit`, `order`, `project_id`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub paging: Paging,
    pub order: Option<Order>,
    pub project_id: Option<String>,
}

impl ListQuery {
    /// The caller's query; the cursors a walk takes from the server's pages are not checked.
    pub fn validate(&self) -> Result<(), InvalidInput> {
        if let Some(after) = &self.paging.after {
            IdKind::Permission.check("query.after", after)?;
        }
        if let Some(project_id) = &self.project_id {
            IdKind::Project.check("query.project_id", project_id)?;
        }
        Ok(())
    }
}

impl Query for ListQuery {
    fn write(&self, url: &mut QueryString) {
        self.paging.write(url);
        url.push("order", self.order.map(Order::as_str));
        url.push("project_id", self.project_id.as_deref());
    }
}

impl PagedQuery for ListQuery {
    fn paging(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

/// `POST {base}/fine_tuning/checkpoints/{checkpoint}/permissions` with `{"project_ids": [...]}`.
pub fn create(config: &ClientConfig, checkpoint: &str, body: CreatePermissionsBody) -> Result<HttpRequest<CreatePermissionsBody>, InvalidInput> {
    IdKind::Checkpoint.check("checkpoint", checkpoint)?;
    ids::project_ids("body.project_ids", &body.project_ids, false)?;
    Ok(permissions(config, checkpoint).post(config, body))
}

/// `GET {base}/fine_tuning/checkpoints/{checkpoint}/permissions?after=…&limit=…&order=…&project_id=…`.
pub fn list(config: &ClientConfig, checkpoint: &str, query: &ListQuery) -> Result<HttpRequest, InvalidInput> {
    IdKind::Checkpoint.check("checkpoint", checkpoint)?;
    Ok(permissions(config, checkpoint).query(query).get(config))
}

/// `DELETE {base}/fine_tuning/checkpoints/{checkpoint}/permissions/{permission_id}`.
pub fn delete(config: &ClientConfig, checkpoint: &str, permission_id: &str) -> Result<HttpRequest, InvalidInput> {
    IdKind::Checkpoint.check("checkpoint", checkpoint)?;
    IdKind::Permission.check("permissionId", permission_id)?;
    Ok(permissions(config, checkpoint).text("/").segment(permission_id).delete(config))
}

fn permissions(config: &ClientConfig, checkpoint: &str) -> Url {
    Url::new(config).text("/fine_tuning/checkpoints/").segment(checkpoint).text("/permissions")
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::config::{no_environment, RawOptions};
    use crate::validate::Problem;

    const CHECKPOINT: &str = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";

    fn config() -> ClientConfig {
        ClientConfig::new(RawOptions { api_key: Some("sk-fake-admin-test".into()), ..RawOptions::default() }, &no_environment).unwrap()
    }

    fn body(list: &[&str]) -> CreatePermissionsBody {
        CreatePermissionsBody { project_ids: list.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn create_is_exactly_the_documented_request() {
        let request = create(&config(), CHECKPOINT, body(&["proj_abGMw1llN8IrBb6SvvY5A1iH"])).unwrap();
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(
            request.url,
            "https://api.openai.com/v1/fine_tuning/checkpoints/ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd/permissions"
        );
        assert_eq!(
            request.headers,
            [("accept", "application/json"), ("content-type", "application/json"), ("authorization", "Bearer sk-fake-admin-test")]
                .map(|(n, v)| (Cow::from(n), Cow::from(v)))
        );
        let body = serde_json::to_string(&request.body).unwrap();
        assert_eq!(body, r#"{"project_ids":["proj_abGMw1llN8IrBb6SvvY5A1iH"]}"#);
    }

    #[test]
    fn list_and_delete_are_the_documented_requests() {
        let config = config();
        let query = ListQuery { paging: Paging { after: None, limit: Some(2) }, order: Some(Order::Ascending), project_id: None };
        let list = list(&config, CHECKPOINT, &query).unwrap();
        assert_eq!(list.method.as_str(), "GET");
        assert_eq!(list.url, format!("https://api.openai.com/v1/fine_tuning/checkpoints/{CHECKPOINT}/permissions?limit=2&order=ascending"));
        assert_eq!(list.body, None);
        assert!(list.headers.iter().all(|(name, _)| name != "content-type"), "no body, no content type");
        let delete = delete(&config, "ft-AF1WoRqd3aJAHsqc9NY7iL8F", "cp_1").unwrap();
        assert_eq!(delete.method.as_str(), "DELETE");
        assert_eq!(delete.url, "https://api.openai.com/v1/fine_tuning/checkpoints/ft-AF1WoRqd3aJAHsqc9NY7iL8F/permissions/cp_1");
    }

    #[test]
    fn every_parameter_in_a_fixed_order() {
        let query = ListQuery {
            paging: Paging { after: Some("cp_1".into()), limit: Some(3) },
            order: Some(Order::Descending),
            project_id: Some("proj_a".into()),
        };
        let url = list(&config(), CHECKPOINT, &query).unwrap().url;
        assert!(url.ends_with("/permissions?after=cp_1&limit=3&order=descending&project_id=proj_a"), "{url}");
    }

    #[test]
    fn bad_ids_are_refused_before_any_request_exists() {
        let config = config();
        assert_eq!(create(&config, "..", body(&["proj_a"])).unwrap_err().problem, Problem::DotSegment);
        assert_eq!(create(&config, "", body(&["proj_a"])).unwrap_err().field, "checkpoint");
        assert_eq!(create(&config, CHECKPOINT, body(&[])).unwrap_err().field, "body.project_ids");
        assert_eq!(create(&config, CHECKPOINT, body(&["proj_a", "team-a"])).unwrap_err().field, "body.project_ids[1]");
        assert_eq!(delete(&config, CHECKPOINT, "cp_x/../y").unwrap_err().problem, Problem::Forbidden('/'));
        assert_eq!(delete(&config, "a/b", "cp_1").unwrap_err().field, "checkpoint");
        assert_eq!(list(&config, "foo", &ListQuery::default()).unwrap_err().problem, Problem::WrongKind(IdKind::Checkpoint));
    }

    #[test]
    fn the_callers_cursor_and_project_must_be_ids() {
        let query = |after: Option<&str>, project: Option<&str>| ListQuery {
            paging: Paging { after: after.map(Into::into), limit: None },
            project_id: project.map(Into::into),
            order: None,
        };
        assert!(query(Some("cp_1"), Some("proj_a")).validate().is_ok());
        assert_eq!(query(Some(""), None).validate().unwrap_err().field, "query.after");
        assert_eq!(query(None, Some("team-a")).validate().unwrap_err().field, "query.project_id");
    }
}
