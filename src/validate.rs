//! Input rules checked before anything goes on the network. Every failure names the field, and no
//! message ever repeats the offending value: it may be a secret (an API key, a token header).

use std::borrow::Cow;
use std::fmt;

use crate::ids::IdKind;

/// Bad input found before the network; becomes the package's `InvalidInputError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    /// The argument or option at fault, spelled as the caller wrote it (`options.apiKey`, `body.project_ids[2]`).
    pub field: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing,
    MissingApiKey,
    WrongType(&'static str),
    Empty,
    EmptyList,
    ControlCharacter,
    Whitespace,
    /// A character that would end or rewrite a path segment (`/`, `\\`, `%`, `?`, `#`).
    Forbidden(char),
    /// Not an id of the kind expected (a typo, or another kind of id).
    WrongKind(IdKind),
    DotSegment,
    LoneSurrogate,
    LineBreak,
    NotLatin1,
    NotHeaderName,
    NotHttpUrl,
    UrlWithCredentials,
    UrlWithQueryOrFragment,
    OutOfRange(&'static str),
    Unreadable,
    KeyInBrowser,
    /// Said in full by whoever found it (a file's parser): shown after a colon.
    Detail(String),
}

impl Problem {
    fn describe(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self {
            Problem::Missing => "is required",
            Problem::MissingApiKey => {
                "is required: pass an admin API key, or set OPENAI_ADMIN_KEY (read in Node, Deno and Bun when the option is omitted), or pass an Authorization header for a proxy"
            }
            Problem::WrongType(expected) => expected,
            Problem::Detail(detail) => detail,
            Problem::Whitespace => "must not contain whitespace",
            Problem::Forbidden(c) => return Cow::Owned(format!("must not contain \"{c}\"")),
            Problem::WrongKind(kind) => kind.expected(),
            Problem::Empty => "must not be empty",
            Problem::EmptyList => "must contain at least one project id",
            Problem::ControlCharacter => "must not contain control characters",
            Problem::DotSegment => "must not be \".\" or \"..\"",
            Problem::LoneSurrogate => "must be well-formed Unicode (it contains a lone surrogate)",
            Problem::LineBreak => "must not contain a line break (CR or LF)",
            Problem::NotLatin1 => "must contain only characters up to U+00FF, as HTTP headers require",
            Problem::NotHeaderName => "is not a valid HTTP header name",
            Problem::NotHttpUrl => "must be an absolute http:// or https:// URL with a host",
            Problem::UrlWithCredentials => "must not contain a user name or password",
            Problem::UrlWithQueryOrFragment => "must not contain a query (?) or fragment (#)",
            Problem::OutOfRange(range) => range,
            Problem::Unreadable => "could not be read (its getter threw)",
            Problem::KeyInBrowser => {
                "must not be used in a browser, where every visitor can read it: call through a server or Worker that holds the key (pass its URL as baseURL and your own Authorization header), or set dangerouslyAllowBrowser: true if you accept the risk"
            }
        })
    }
}

impl InvalidInput {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        Self { field: field.into(), problem }
    }
}

impl InvalidInput {
    /// "{field} {problem}": the field named, the value never quoted.
    pub fn message(&self) -> String {
        match &self.problem {
            Problem::Detail(detail) => format!("{}: {detail}", self.field),
            problem => format!("{} {}", self.field, problem.describe()),
        }
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// A header value the runtime's `fetch` will accept. Checked here because `fetch` itself rejects
/// bad values with an error that quotes the value, which for `Authorization` is the key.
pub fn header_value(field: &str, value: &str) -> Result<(), InvalidInput> {
    for c in value.chars() {
        if c == '\r' || c == '\n' {
            return Err(InvalidInput::new(field, Problem::LineBreak));
        }
        if c.is_control() && c != '\t' {
            return Err(InvalidInput::new(field, Problem::ControlCharacter));
        }
        if u32::from(c) > 0xFF {
            return Err(InvalidInput::new(field, Problem::NotLatin1));
        }
    }
    Ok(())
}

/// A credential-like header value (API key, organization, project): non-empty and header-safe.
pub fn credential(field: &str, value: &str) -> Result<(), InvalidInput> {
    if value.is_empty() {
        return Err(InvalidInput::new(field, Problem::Empty));
    }
    header_value(field, value)
}

/// RFC 9110 `token`.
pub fn header_name(field: &str, name: &str) -> Result<(), InvalidInput> {
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(InvalidInput::new(field, Problem::NotHeaderName));
    }
    Ok(())
}

/// Returns the base URL without trailing slashes, ready for `{base}/fine_tuning/...`.
pub fn base_url(field: &str, url: &str) -> Result<String, InvalidInput> {
    let not_http = || InvalidInput::new(field, Problem::NotHttpUrl);
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(not_http());
    }
    let scheme_end = url.find("://").ok_or_else(not_http)?;
    let scheme = url.get(..scheme_end).ok_or_else(not_http)?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(not_http());
    }
    let rest = url.get(scheme_end + 3..).ok_or_else(not_http)?;
    if rest.contains(['?', '#']) {
        return Err(InvalidInput::new(field, Problem::UrlWithQueryOrFragment));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(InvalidInput::new(field, Problem::UrlWithCredentials));
    }
    let host = authority.rsplit_once(':').map_or(authority, |(host, _port)| host);
    if host.is_empty() || host.contains('\\') {
        return Err(not_http());
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Milliseconds per attempt; `setTimeout` cannot wait longer than 2^31 - 1 ms.
pub fn timeout_ms(field: &str, value: f64) -> Result<u32, InvalidInput> {
    const RANGE: &str = "must be a number of milliseconds from 1 to 2147483647";
    if !(1.0..=2_147_483_647.0).contains(&value) {
        return Err(InvalidInput::new(field, Problem::OutOfRange(RANGE)));
    }
    Ok(value.ceil() as u32)
}

pub fn max_retries(field: &str, value: f64) -> Result<u32, InvalidInput> {
    const RANGE: &str = "must be a whole number from 0 to 1000";
    if !(value.fract() == 0.0 && (0.0..=1000.0).contains(&value)) {
        return Err(InvalidInput::new(field, Problem::OutOfRange(RANGE)));
    }
    Ok(value as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem<T>(result: Result<T, InvalidInput>) -> Problem {
        match result {
            Ok(_) => panic!("expected an error"),
            Err(error) => error.problem,
        }
    }

    #[test]
    fn messages_name_the_field_and_never_the_value() {
        let error = credential("options.apiKey", "sk-fake-admin-secret\r\nX-Evil: 1").unwrap_err();
        let message = error.to_string();
        assert_eq!(message, "options.apiKey must not contain a line break (CR or LF)");
        assert!(!message.contains("secret"));
    }

    #[test]
    fn header_values_refuse_what_fetch_would_refuse() {
        assert!(header_value("h", "Bearer sk-fake-admin-abc").is_ok());
        assert!(header_value("h", "tab\tok, latin-1 é").is_ok());
        assert_eq!(problem(header_value("h", "a\nb")), Problem::LineBreak);
        assert_eq!(problem(header_value("h", "a\rb")), Problem::LineBreak);
        assert_eq!(problem(header_value("h", "a\0b")), Problem::ControlCharacter);
        assert_eq!(problem(header_value("h", "ключ")), Problem::NotLatin1);
        assert_eq!(problem(credential("h", "")), Problem::Empty);
    }

    #[test]
    fn header_names_must_be_tokens() {
        assert!(header_name("h", "X-Custom_Header.1").is_ok());
        for bad in ["", "a b", "a:b", "é", "a\nb", "(x)"] {
            assert_eq!(problem(header_name("h", bad)), Problem::NotHeaderName, "{bad:?}");
        }
    }

    #[test]
    fn base_urls_must_be_plain_http_or_https() {
        assert_eq!(base_url("b", "https://api.openai.com/v1/").unwrap(), "https://api.openai.com/v1");
        assert_eq!(base_url("b", "HTTP://127.0.0.1:8787").unwrap(), "HTTP://127.0.0.1:8787");
        assert_eq!(base_url("b", "http://[::1]:99/v1").unwrap(), "http://[::1]:99/v1");
        for bad in ["", "api.openai.com/v1", "ftp://x/v1", "javascript:alert(1)", "https://", "https:///v1", "https://a b", "http://x\n"] {
            assert_eq!(problem(base_url("b", bad)), Problem::NotHttpUrl, "{bad:?}");
        }
        assert_eq!(problem(base_url("b", "https://u:p@host/v1")), Problem::UrlWithCredentials);
        assert_eq!(problem(base_url("b", "https://host/v1?x=1")), Problem::UrlWithQueryOrFragment);
        assert_eq!(problem(base_url("b", "https://host/v1#f")), Problem::UrlWithQueryOrFragment);
    }

    #[test]
    fn numeric_options_have_ranges() {
        assert_eq!(timeout_ms("t", 600_000.0).unwrap(), 600_000);
        assert_eq!(timeout_ms("t", 1.2).unwrap(), 2);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 3e9] {
            assert!(timeout_ms("t", bad).is_err(), "{bad}");
        }
        assert_eq!(max_retries("m", 0.0).unwrap(), 0);
        assert_eq!(max_retries("m", 5.0).unwrap(), 5);
        for bad in [-1.0, 1.5, f64::NAN, 1e9] {
            assert!(max_retries("m", bad).is_err(), "{bad}");
        }
    }
}
