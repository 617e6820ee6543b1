//! The HTTP request a call makes, described as plain data for the fetch layer to send.
//! Only the headers the API needs go out: each extra custom header would cost a CORS preflight
//! that proxies and local servers often refuse.

use std::borrow::Cow;

use crate::config::ClientConfig;
use crate::model::CreatePermissionsBody;
use crate::path;
use crate::query::ListQuery;
use crate::validate::{self, InvalidInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    /// Lower-case names, at most one entry per name. This package's own names and fixed values
    /// stay borrowed: the fetch layer hands those to JS as strings made once.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// Serialized by the fetch layer (serde-wasm-bindgen and `JSON.stringify` in the package).
    pub body: Option<CreatePermissionsBody>,
}

/// `POST {base}/fine_tuning/checkpoints/{checkpoint}/permissions` with `{"project_ids": [...]}`.
pub fn create_permissions(config: &ClientConfig, checkpoint: &str, project_ids: &[String]) -> Result<HttpRequest, InvalidInput> {
    validate::path_id("checkpoint", checkpoint)?;
    validate::project_ids("body.project_ids", project_ids)?;
    Ok(HttpRequest {
        method: Method::Post,
        url: permissions_url(config, checkpoint),
        headers: headers(config, true),
        body: Some(CreatePermissionsBody { project_ids: project_ids.to_vec() }),
    })
}

/// `GET {base}/fine_tuning/checkpoints/{checkpoint}/permissions?after=…&limit=…&order=…&project_id=…`.
pub fn list_permissions(config: &ClientConfig, checkpoint: &str, query: &ListQuery) -> Result<HttpRequest, InvalidInput> {
    validate::path_id("checkpoint", checkpoint)?;
    query.validate()?;
    let mut url = permissions_url(config, checkpoint);
    query.push_to(&mut url);
    Ok(HttpRequest { method: Method::Get, url, headers: headers(config, false), body: None })
}

/// `DELETE {base}/fine_tuning/checkpoints/{checkpoint}/permissions/{permission_id}`.
pub fn delete_permission(config: &ClientConfig, checkpoint: &str, permission_id: &str) -> Result<HttpRequest, InvalidInput> {
    validate::path_id("checkpoint", checkpoint)?;
    validate::path_id("permissionId", permission_id)?;
    let mut url = permissions_url(config, checkpoint);
    url.push('/');
    path::push_segment(&mut url, permission_id);
    Ok(HttpRequest { method: Method::Delete, url, headers: headers(config, false), body: None })
}

fn permissions_url(config: &ClientConfig, checkpoint: &str) -> String {
    let mut url = String::with_capacity(config.base_url.len() + checkpoint.len() + 80);
    url.push_str(&config.base_url);
    url.push_str("/fine_tuning/checkpoints/");
    path::push_segment(&mut url, checkpoint);
    url.push_str("/permissions");
    url
}

fn headers(config: &ClientConfig, has_body: bool) -> Vec<(Cow<'static, str>, Cow<'static, str>)> {
    const JSON: Cow<'static, str> = Cow::Borrowed("application/json");
    let mut headers = Vec::with_capacity(5 + config.headers.len());
    headers.push((Cow::Borrowed("accept"), JSON));
    if has_body {
        headers.push((Cow::Borrowed("content-type"), JSON));
    }
    if let Some(key) = &config.api_key {
        headers.push((Cow::Borrowed("authorization"), Cow::Owned(format!("Bearer {key}"))));
    }
    if let Some(organization) = &config.organization {
        headers.push((Cow::Borrowed("openai-organization"), Cow::Owned(organization.clone())));
    }
    if let Some(project) = &config.project {
        headers.push((Cow::Borrowed("openai-project"), Cow::Owned(project.clone())));
    }
    // The caller's headers win over ours, whatever their case; a `None` value removes ours.
    for (name, value) in &config.headers {
        let name = name.to_ascii_lowercase();
        headers.retain(|(existing, _)| *existing != name);
        if let Some(value) = value {
            headers.push((Cow::Owned(name), Cow::Owned(value.clone())));
        }
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawOptions;
    use crate::validate::Problem;

    const CHECKPOINT: &str = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";

    fn config(raw: RawOptions) -> ClientConfig {
        ClientConfig::new(RawOptions { api_key: Some("sk-fake-admin-test".into()), ..raw }).unwrap()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn create_is_exactly_the_documented_request() {
        let request = create_permissions(&config(RawOptions::default()), CHECKPOINT, &ids(&["proj_abGMw1llN8IrBb6SvvY5A1iH"])).unwrap();
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
    fn the_checkpoint_stays_one_segment_under_a_custom_base_url() {
        let raw = RawOptions { base_url: Some("http://127.0.0.1:8787/v1/".into()), ..RawOptions::default() };
        let request = create_permissions(&config(raw), "a/../b?c#d e", &ids(&["p"])).unwrap();
        assert_eq!(request.url, "http://127.0.0.1:8787/v1/fine_tuning/checkpoints/a%2F..%2Fb%3Fc%23d%20e/permissions");
    }

    #[test]
    fn organization_project_and_caller_headers() {
        let raw = RawOptions {
            organization: Some("org-1".into()),
            project: Some("proj-1".into()),
            headers: vec![
                ("Accept".into(), Some("application/json; q=1".into())),
                ("OpenAI-Project".into(), None),
                ("X-Trace".into(), Some("t1".into())),
            ],
            ..RawOptions::default()
        };
        let request = create_permissions(&config(raw), CHECKPOINT, &ids(&["p"])).unwrap();
        let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_ref()).collect();
        assert_eq!(names, ["content-type", "authorization", "openai-organization", "accept", "x-trace"]);
        assert_eq!(request.headers[3].1, "application/json; q=1");
    }

    #[test]
    fn list_and_delete_are_the_documented_requests() {
        let config = config(RawOptions::default());
        let query = ListQuery { limit: Some(2), order: Some(crate::query::Order::Ascending), ..ListQuery::default() };
        let list = list_permissions(&config, CHECKPOINT, &query).unwrap();
        assert_eq!(list.method.as_str(), "GET");
        assert_eq!(list.url, format!("https://api.openai.com/v1/fine_tuning/checkpoints/{CHECKPOINT}/permissions?limit=2&order=ascending"));
        assert_eq!(list.body, None);
        assert!(list.headers.iter().all(|(name, _)| name != "content-type"), "no body, no content type");
        let delete = delete_permission(&config, "a/b", "cp_1/../x").unwrap();
        assert_eq!(delete.method.as_str(), "DELETE");
        assert_eq!(delete.url, "https://api.openai.com/v1/fine_tuning/checkpoints/a%2Fb/permissions/cp_1%2F..%2Fx");
        assert_eq!(delete_permission(&config, CHECKPOINT, "..").unwrap_err().field, "permissionId");
        assert_eq!(delete_permission(&config, CHECKPOINT, "").unwrap_err().problem, Problem::Empty);
    }

    #[test]
    fn bad_ids_are_refused_before_any_request_exists() {
        let config = config(RawOptions::default());
        assert_eq!(create_permissions(&config, "..", &ids(&["p"])).unwrap_err().problem, Problem::DotSegment);
        assert_eq!(create_permissions(&config, "", &ids(&["p"])).unwrap_err().field, "checkpoint");
        assert_eq!(create_permissions(&config, CHECKPOINT, &[]).unwrap_err().field, "body.project_ids");
    }
}
