//! The HTTP request a call makes, described as plain data for the fetch layer to send: one shape
//! for every resource. Only the headers the API needs go out: each extra custom header would cost
//! a CORS preflight that proxies and local servers often refuse.

use std::borrow::Cow;

use serde::{Serialize, Serializer};

use crate::config::ClientConfig;
use crate::path;
use crate::query::{Query, QueryString};

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

/// The body type of requests without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoBody {}

impl Serialize for NoBody {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest<B = NoBody> {
    pub method: Method,
    pub url: String,
    /// Lower-case names, at most one entry per name. This package's own names and fixed values
    /// stay borrowed: the fetch layer hands those to JS as strings made once.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// A model, serialized to JSON once, by the fetch layer (serde-wasm-bindgen, then the
    /// runtime's `JSON.stringify`: no JSON writer is compiled into the wasm).
    pub body: Option<B>,
}

/// `{base}/…`: fixed path text, ids as one percent-encoded segment each, then a query. The ids
/// are checked by the resource before they get here (`crate::ids`).
pub struct Url(String);

impl Url {
    pub fn new(config: &ClientConfig) -> Self {
        let mut url = String::with_capacity(config.base_url.len() + 120);
        url.push_str(&config.base_url);
        Self(url)
    }

    /// A fixed part of the path, written as it is: `"/fine_tuning/checkpoints/"`.
    pub fn text(mut self, fixed: &'static str) -> Self {
        self.0.push_str(fixed);
        self
    }

    pub fn segment(mut self, id: &str) -> Self {
        path::push_segment(&mut self.0, id);
        self
    }

    pub fn query(self, query: &impl Query) -> Self {
        let mut url = QueryString::new(self.0);
        query.write(&mut url);
        Self(url.finish())
    }

    pub fn get(self, config: &ClientConfig) -> HttpRequest {
        HttpRequest { method: Method::Get, url: self.0, headers: headers(config, false), body: None }
    }

    pub fn delete(self, config: &ClientConfig) -> HttpRequest {
        HttpRequest { method: Method::Delete, url: self.0, headers: headers(config, false), body: None }
    }

    pub fn post<B: Serialize>(self, config: &ClientConfig, body: B) -> HttpRequest<B> {
        HttpRequest { method: Method::Post, url: self.0, headers: headers(config, true), body: Some(body) }
    }
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
    use crate::config::{no_environment, RawOptions};

    fn config(raw: RawOptions) -> ClientConfig {
        ClientConfig::new(RawOptions { api_key: Some("sk-fake-admin-test".into()), ..raw }, &no_environment).unwrap()
    }

    #[test]
    fn ids_stay_one_segment_under_a_custom_base_url() {
        let raw = RawOptions { base_url: Some("http://127.0.0.1:8787/v1/".into()), ..RawOptions::default() };
        let request = Url::new(&config(raw)).text("/things/").segment("a b/é").text("/parts").get(&config(RawOptions::default()));
        assert_eq!(request.url, "http://127.0.0.1:8787/v1/things/a%20b%2F%C3%A9/parts");
        assert_eq!(request.body, None);
    }

    #[test]
    fn only_the_needed_headers_go_out_and_a_body_adds_its_type() {
        let config = config(RawOptions::default());
        let get = Url::new(&config).get(&config);
        let names: Vec<&str> = get.headers.iter().map(|(n, _)| n.as_ref()).collect();
        assert_eq!(names, ["accept", "authorization"]);
        let post = Url::new(&config).post(&config, [1]);
        assert_eq!(post.headers[1], (Cow::from("content-type"), Cow::from("application/json")));
        assert_eq!(post.method.as_str(), "POST");
    }

    #[test]
    fn organization_project_and_caller_headers() {
        let raw = RawOptions {
            organization: Some(Some("org-1".into())),
            project: Some(Some("proj_1".into())),
            headers: vec![
                ("Accept".into(), Some("application/json; q=1".into())),
                ("OpenAI-Project".into(), None),
                ("X-Trace".into(), Some("t1".into())),
            ],
            ..RawOptions::default()
        };
        let config = config(raw);
        let request = Url::new(&config).post(&config, ());
        let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_ref()).collect();
        assert_eq!(names, ["content-type", "authorization", "openai-organization", "accept", "x-trace"]);
        assert_eq!(request.headers[3].1, "application/json; q=1");
    }
}
