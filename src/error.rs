//! Why a call failed, as plain Rust: every call and the lifecycle code pass this along, decide on
//! it (a 404 revoke is done, a 401 stops an access run) and word it; it becomes one of the
//! package's JS error classes only at the export, as gloo-net and workers-rs do. Every text in
//! here came through `redact` first: the key never reaches an error.

use std::borrow::Cow;

use crate::answer_size;
use crate::error_class::ErrorClass;
use crate::error_message::{self, ErrorBody};
use crate::redact::redact;
use crate::request::Method;
use crate::validate::InvalidInput;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Bad input found before the network: nothing was sent.
    InvalidInput(InvalidInput),
    /// The API answered with a status that is not a success.
    Status(Answered),
    /// A success status whose answer is not the documented object.
    Malformed(Answered),
    /// The audit log cannot be read because the organization never turned audit logging on.
    AuditLoggingDisabled(Answered),
    /// The per-attempt timeout ran out on the last attempt.
    TimedOut { timeout_ms: u32, method: Method, url: String },
    /// The caller's signal aborted the call.
    Aborted,
    /// No answer: refused, reset, DNS, a cut body, or a `fetch` that gave no `Response`.
    Connection { detail: String, method: Method, url: String },
}

/// What the server said when the call failed after it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub status: u16,
    pub message: String,
    /// The answer's headers in order, names lower-case, values redacted.
    pub headers: Vec<(String, String)>,
    /// The answer's text, redacted: the JS error's `error` member is its `error` object.
    pub body: Option<String>,
    pub request_id: Option<String>,
}

impl Error {
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::InvalidInput(_) => ErrorClass::InvalidInput,
            Error::Status(answered) => ErrorClass::for_status(answered.status),
            Error::Malformed(_) => ErrorClass::MalformedResponse,
            Error::AuditLoggingDisabled(_) => ErrorClass::AuditLoggingDisabled,
            Error::TimedOut { .. } => ErrorClass::ConnectionTimeout,
            Error::Aborted => ErrorClass::UserAbort,
            Error::Connection { .. } => ErrorClass::Connection,
        }
    }

    pub fn message(&self) -> Cow<'_, str> {
        match self {
            Error::InvalidInput(invalid) => Cow::Owned(invalid.message()),
            Error::Status(answered) | Error::Malformed(answered) | Error::AuditLoggingDisabled(answered) => Cow::Borrowed(&answered.message),
            Error::TimedOut { timeout_ms, method, url } => {
                Cow::Owned(format!("Request timed out after {timeout_ms} ms ({} {url}).", method.as_str()))
            }
            Error::Aborted => Cow::Borrowed("Request was aborted."),
            Error::Connection { detail, method, url } => Cow::Owned(format!("Connection error: {detail} ({} {url}).", method.as_str())),
        }
    }

    /// The answer's status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status(answered) | Error::Malformed(answered) | Error::AuditLoggingDisabled(answered) => Some(answered.status),
            _ => None,
        }
    }

    /// 401 or 403: every later call with the same credentials fails the same way.
    pub fn is_authentication_failure(&self) -> bool {
        matches!(self, Error::Status(Answered { status: 401 | 403, .. }))
    }

    /// A non-success answer. `api_message` is OpenAI's `error.message` when the body is its error
    /// object; otherwise the body is summarized. `text` is the whole body, `None` when it was too
    /// large to read (`oversized` bytes).
    pub fn from_status(status: u16, answer: AnswerParts<'_>, api_message: Option<&str>, secrets: &[&str]) -> Self {
        let message = match (answer.text, answer.oversized) {
            (_, Some(size)) => format!("{status} status code, and {}", answer_size::too_large(size)),
            (text, None) => {
                let text = redact(text.unwrap_or_default(), secrets);
                let described = match api_message {
                    Some(message) => ErrorBody::ApiMessage(message),
                    None => ErrorBody::Other { content_type: answer.content_type, text: &text },
                };
                error_message::api_error(status, described)
            }
        };
        Error::Status(Answered::new(status, &message, answer, secrets))
    }

    /// A success status whose body could not be used; `problem` says why.
    pub fn malformed(status: u16, problem: &str, answer: AnswerParts<'_>, secrets: &[&str]) -> Self {
        let message = error_message::malformed_response(status, problem);
        Error::Malformed(Answered::new(status, &message, AnswerParts { text: None, ..answer }, secrets))
    }

    pub fn connection(detail: &str, method: Method, url: &str, secrets: &[&str]) -> Self {
        Error::Connection { detail: redact(detail, secrets).into_owned(), method, url: url.to_owned() }
    }
}

/// The parts of an answer an error keeps, as the fetch layer read them.
#[derive(Debug, Default)]
pub struct AnswerParts<'a> {
    pub headers: Vec<(String, String)>,
    pub content_type: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub text: Option<&'a str>,
    /// The declared or measured size of a body too large to read.
    pub oversized: Option<u64>,
}

impl Answered {
    fn new(status: u16, message: &str, answer: AnswerParts<'_>, secrets: &[&str]) -> Self {
        let clean = |text: &str| redact(text, secrets).into_owned();
        let mut headers = answer.headers;
        for (_, value) in &mut headers {
            if let Cow::Owned(redacted) = redact(value, secrets) {
                *value = redacted;
            }
        }
        Self { status, message: clean(message), headers, body: answer.text.map(clean), request_id: answer.request_id.map(clean) }
    }
}

impl From<InvalidInput> for Error {
    fn from(invalid: InvalidInput) -> Self {
        Error::InvalidInput(invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Problem;

    const KEY: &str = "sk-fake-admin-secret";

    fn headers() -> Vec<(String, String)> {
        vec![("x-request-id".into(), "req_1".into()), ("x-echo".into(), format!("Bearer {KEY}"))]
    }

    #[test]
    fn a_status_error_reads_like_openai_node_and_keeps_no_key() {
        let answer = AnswerParts {
            headers: headers(),
            request_id: Some("req_1"),
            text: Some(r#"{"error":{"message":"bad key sk-fake-admin-secret"}}"#),
            ..AnswerParts::default()
        };
        let error = Error::from_status(401, answer, Some("bad key [redacted]"), &[KEY]);
        assert_eq!(error.class(), ErrorClass::Authentication);
        assert_eq!(error.message(), "401 bad key [redacted]");
        assert!(error.is_authentication_failure());
        let Error::Status(answered) = &error else { panic!("{error:?}") };
        assert_eq!(answered.request_id.as_deref(), Some("req_1"));
        assert!(!format!("{answered:?}").contains(KEY), "{answered:?}");
    }

    #[test]
    fn an_html_page_is_summarized_and_an_oversized_body_is_measured() {
        let html = AnswerParts { content_type: Some("text/html"), text: Some("<title>502 Bad Gateway</title>"), ..AnswerParts::default() };
        let error = Error::from_status(502, html, None, &[]);
        assert_eq!(error.message(), "502 status code, and the body is not an OpenAI error (text/html): 502 Bad Gateway");
        assert_eq!(error.class(), ErrorClass::InternalServer);
        assert!(!error.is_authentication_failure());
        let huge = AnswerParts { oversized: Some(99_999_999), ..AnswerParts::default() };
        assert!(Error::from_status(500, huge, None, &[]).message().starts_with("500 status code, and the answer is 99999999 bytes"));
    }

    #[test]
    fn every_variant_has_its_class_and_words() {
        let invalid = Error::from(InvalidInput::new("checkpoint", Problem::Empty));
        assert_eq!((invalid.class().name(), invalid.message().as_ref()), ("InvalidInputError", "checkpoint must not be empty"));
        let malformed = Error::malformed(200, "has_more: missing", AnswerParts::default(), &[]);
        assert_eq!(malformed.class(), ErrorClass::MalformedResponse);
        assert_eq!(malformed.status(), Some(200));
        let timed_out = Error::TimedOut { timeout_ms: 5, method: Method::Get, url: "http://x/v1".into() };
        assert_eq!(timed_out.message(), "Request timed out after 5 ms (GET http://x/v1).");
        assert_eq!(Error::Aborted.class().name(), "APIUserAbortError");
        let cut = Error::connection(&format!("reset by {KEY}"), Method::Post, "http://x/v1", &[KEY]);
        assert_eq!(cut.message(), "Connection error: reset by [redacted] (POST http://x/v1).");
        assert_eq!(cut.status(), None);
    }
}
