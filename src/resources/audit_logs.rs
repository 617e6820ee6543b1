//! `/organization/audit_logs`: the organization's audit log, listed newest first.

use crate::config::ClientConfig;
use crate::error::Error;
use crate::ids;
use crate::query::{PagedQuery, Paging, Query, QueryString};
use crate::request::{HttpRequest, Url};
use crate::validate::{InvalidInput, Problem};

/// The event types the package reads.
pub const PERMISSION_CREATED: &str = "checkpoint.permission.created";
pub const PERMISSION_DELETED: &str = "checkpoint.permission.deleted";

/// `effective_at[gt|gte|lt|lte]`, Unix seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeRange {
    pub gt: Option<i64>,
    pub gte: Option<i64>,
    pub lt: Option<i64>,
    pub lte: Option<i64>,
}

/// `GET /organization/audit_logs`, with the API's own names and shapes (openai-node's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub effective_at: TimeRange,
    pub project_ids: Vec<String>,
    pub event_types: Vec<String>,
    pub actor_ids: Vec<String>,
    pub actor_emails: Vec<String>,
    pub resource_ids: Vec<String>,
    pub paging: Paging,
    pub before: Option<String>,
}

impl ListQuery {
    /// The caller's query: project ids are project ids; the other lists hold no empty value.
    pub fn validate(&self) -> Result<(), InvalidInput> {
        ids::project_ids("query.project_ids", &self.project_ids, true)?;
        let lists = [("event_types", &self.event_types), ("actor_ids", &self.actor_ids), ("actor_emails", &self.actor_emails), ("resource_ids", &self.resource_ids)];
        for (name, values) in lists {
            if let Some(index) = values.iter().position(String::is_empty) {
                return Err(InvalidInput::new(format!("query.{name}[{index}]"), Problem::Empty));
            }
        }
        Ok(())
    }
}

impl Query for ListQuery {
    fn write(&self, url: &mut QueryString) {
        let TimeRange { gt, gte, lt, lte } = self.effective_at;
        for (name, bound) in [("effective_at[gt]", gt), ("effective_at[gte]", gte), ("effective_at[lt]", lt), ("effective_at[lte]", lte)] {
            url.push(name, bound.map(|seconds| seconds.to_string()).as_deref());
        }
        url.push_each("project_ids[]", &self.project_ids);
        url.push_each("event_types[]", &self.event_types);
        url.push_each("actor_ids[]", &self.actor_ids);
        url.push_each("actor_emails[]", &self.actor_emails);
        url.push_each("resource_ids[]", &self.resource_ids);
        self.paging.write(url);
        url.push("before", self.before.as_deref());
    }
}

impl PagedQuery for ListQuery {
    fn paging(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

/// An answer to an audit-log request that says the organization never turned audit logging on
/// becomes its own error, which says how to turn it on. OpenAI does not document that answer; it
/// is recognised by a 400 or 403 whose message speaks of the audit log being "not enabled" or
/// "disabled". Any other error is left as it is.
pub fn classify(error: Error) -> Error {
    let Error::Status(mut answered) = error else { return error };
    let message = answered.message.to_ascii_lowercase();
    let says_off = message.contains("audit log") && (message.contains("not enabled") || message.contains("disabled"));
    if !(matches!(answered.status, 400 | 403) && says_off) {
        return Error::Status(answered);
    }
    answered.message = format!(
        "Audit logging is not enabled for this organization, so there is no history to read. An organization owner turns it on in the OpenAI platform: Settings → Organization → Data controls → Data retention → Audit logging. Changes made before then are not recorded. (The API answered: {})",
        answered.message
    );
    Error::AuditLoggingDisabled(answered)
}

/// `GET {base}/organization/audit_logs?…`.
pub fn list(config: &ClientConfig, query: &ListQuery) -> HttpRequest {
    Url::new(config).text("/organization/audit_logs").query(query).get(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{no_environment, RawOptions};

    fn config() -> ClientConfig {
        ClientConfig::new(RawOptions { api_key: Some("sk-fake-admin-test".into()), ..RawOptions::default() }, &no_environment).unwrap()
    }

    #[test]
    fn every_parameter_is_written_as_the_spec_names_it() {
        let query = ListQuery {
            effective_at: TimeRange { gt: Some(1_700_000_000), gte: None, lt: None, lte: Some(1_800_000_000) },
            project_ids: vec!["proj_a".into()],
            event_types: vec![PERMISSION_CREATED.into(), PERMISSION_DELETED.into()],
            actor_ids: vec!["user-1".into()],
            actor_emails: vec!["a+b@example.com".into()],
            resource_ids: vec!["cp_1".into()],
            paging: Paging { after: Some("audit_log-1".into()), limit: Some(100) },
            before: Some("audit_log-9".into()),
        };
        assert_eq!(
            list(&config(), &query).url,
            "https://api.openai.com/v1/organization/audit_logs?effective_at%5Bgt%5D=1700000000&effective_at%5Blte%5D=1800000000\
             &project_ids%5B%5D=proj_a&event_types%5B%5D=checkpoint.permission.created&event_types%5B%5D=checkpoint.permission.deleted\
             &actor_ids%5B%5D=user-1&actor_emails%5B%5D=a%2Bb@example.com&resource_ids%5B%5D=cp_1&after=audit_log-1&limit=100&before=audit_log-9"
        );
        assert_eq!(list(&config(), &ListQuery::default()).url, "https://api.openai.com/v1/organization/audit_logs");
    }

    #[test]
    fn audit_logging_off_is_its_own_error_and_says_how_to_turn_it_on() {
        use crate::error::AnswerParts;
        use crate::error_class::ErrorClass;
        let off = Error::from_status(400, AnswerParts::default(), Some("Audit logging is not enabled for this organization."), &[]);
        let error = classify(off);
        assert_eq!(error.class(), ErrorClass::AuditLoggingDisabled);
        assert!(error.message().contains("Data controls → Data retention → Audit logging"), "{}", error.message());
        assert_eq!(error.status(), Some(400));
        let other = classify(Error::from_status(403, AnswerParts::default(), Some("You have insufficient permissions"), &[]));
        assert_eq!(other.class(), ErrorClass::PermissionDenied);
        let not_found = classify(Error::from_status(404, AnswerParts::default(), Some("audit log not enabled"), &[]));
        assert_eq!(not_found.class(), ErrorClass::NotFound, "only a 400 or 403 is read this way");
    }

    #[test]
    fn the_callers_lists_are_checked() {
        assert_eq!(ListQuery { project_ids: vec!["team-a".into()], ..ListQuery::default() }.validate().unwrap_err().field, "query.project_ids[0]");
        assert_eq!(ListQuery { actor_emails: vec!["a@x".into(), String::new()], ..ListQuery::default() }.validate().unwrap_err().field, "query.actor_emails[1]");
    }
}
