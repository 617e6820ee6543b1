//! `/organization/projects`: the organization's projects, listed.

use crate::config::ClientConfig;
use crate::query::{PagedQuery, Paging, Query, QueryString};
use crate::request::{HttpRequest, Url};

/// `GET /organization/projects`: `limit`, `after`, `include_archived`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub paging: Paging,
    pub include_archived: Option<bool>,
}

impl Query for ListQuery {
    fn write(&self, url: &mut QueryString) {
        self.paging.write(url);
        url.push("include_archived", self.include_archived.map(|yes| if yes { "true" } else { "false" }));
    }
}

impl PagedQuery for ListQuery {
    fn paging(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

/// `GET {base}/organization/projects?limit=…&after=…&include_archived=…`. The cursor is a
/// project id as the API gives it, not checked: its own example's cursors are `proj-…`.
pub fn list(config: &ClientConfig, query: &ListQuery) -> HttpRequest {
    Url::new(config).text("/organization/projects").query(query).get(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{no_environment, RawOptions};

    #[test]
    fn list_is_the_documented_request() {
        let config = ClientConfig::new(RawOptions { api_key: Some("sk-fake-admin-test".into()), ..RawOptions::default() }, &no_environment).unwrap();
        let query = ListQuery { paging: Paging { after: Some("proj_abc".into()), limit: Some(20) }, include_archived: Some(false) };
        let request = list(&config, &query);
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url, "https://api.openai.com/v1/organization/projects?after=proj_abc&limit=20&include_archived=false");
        assert_eq!(list(&config, &ListQuery::default()).url, "https://api.openai.com/v1/organization/projects");
    }
}
