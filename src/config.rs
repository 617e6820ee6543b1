//! The caller's options, validated once: what every request of a call (or of a client) shares.

use crate::retry::DEFAULT_MAX_RETRIES;
use crate::validate::{self, InvalidInput, Problem};

pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
/// openai-node's default: ten minutes per attempt.
pub const DEFAULT_TIMEOUT_MS: u32 = 600_000;

/// Options as the JavaScript layer read them: types already checked, contents not yet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawOptions {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    pub organization: Option<String>,
    pub project: Option<String>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    /// The caller's own headers in their order; `None` removes a header this package would send.
    pub headers: Vec<(String, Option<String>)>,
    /// The code runs in a browser page or worker, where a key would be visible to every visitor.
    pub in_browser: bool,
    pub dangerously_allow_browser: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    pub api_key: Option<String>,
    pub base_url: String,
    pub organization: Option<String>,
    pub project: Option<String>,
    pub timeout_ms: u32,
    pub max_retries: u32,
    pub headers: Vec<(String, Option<String>)>,
}

impl ClientConfig {
    pub fn new(raw: RawOptions) -> Result<Self, InvalidInput> {
        if let Some(key) = &raw.api_key {
            validate::credential("options.apiKey", key)?;
            if raw.in_browser && !raw.dangerously_allow_browser {
                return Err(InvalidInput::new("options.apiKey", Problem::KeyInBrowser));
            }
        }
        for (field, value) in [("options.organization", &raw.organization), ("options.project", &raw.project)] {
            if let Some(value) = value {
                validate::credential(field, value)?;
            }
        }
        for (name, value) in &raw.headers {
            // The name goes into the field only once it is known to be a plain token.
            validate::header_name("options.headers", name)?;
            if let Some(value) = value {
                validate::header_value(&format!("options.headers[\"{name}\"]"), value)?;
            }
        }
        let caller_authorizes = raw.headers.iter().any(|(name, value)| value.is_some() && name.eq_ignore_ascii_case("authorization"));
        if raw.api_key.is_none() && !caller_authorizes {
            return Err(InvalidInput::new("options.apiKey", Problem::MissingApiKey));
        }
        let base_url = match &raw.base_url {
            Some(url) => validate::base_url("options.baseURL", url)?,
            None => DEFAULT_BASE_URL.to_owned(),
        };
        let timeout_ms = raw.timeout_ms.map(|t| validate::timeout_ms("options.timeout", t)).transpose()?.unwrap_or(DEFAULT_TIMEOUT_MS);
        let max_retries =
            raw.max_retries.map(|m| validate::max_retries("options.maxRetries", m)).transpose()?.unwrap_or(DEFAULT_MAX_RETRIES);
        Ok(Self {
            api_key: raw.api_key,
            base_url,
            organization: raw.organization,
            project: raw.project,
            timeout_ms,
            max_retries,
            headers: raw.headers,
        })
    }

    /// Values that must never appear in an error: the key, and any authorization the caller set.
    pub fn secrets(&self) -> Vec<&str> {
        let caller_authorization = self
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("proxy-authorization"))
            .filter_map(|(_, value)| value.as_deref());
        self.api_key.as_deref().into_iter().chain(caller_authorization).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_key() -> RawOptions {
        RawOptions { api_key: Some("sk-fake-admin-test".into()), ..RawOptions::default() }
    }

    #[test]
    fn defaults_are_openai_nodes() {
        let config = ClientConfig::new(with_key()).unwrap();
        assert_eq!(config.base_url, "https://api.openai.com/v1");
        assert_eq!(config.timeout_ms, 600_000);
        assert_eq!(config.max_retries, 2);
    }

    #[test]
    fn a_key_is_required_unless_the_caller_authorizes_a_proxy() {
        let error = ClientConfig::new(RawOptions::default()).unwrap_err();
        assert_eq!(error.field, "options.apiKey");
        assert_eq!(error.problem, Problem::MissingApiKey);
        let proxy = RawOptions { headers: vec![("Authorization".into(), Some("Bearer console-token".into()))], ..RawOptions::default() };
        assert!(ClientConfig::new(proxy).is_ok());
        let removed = RawOptions { headers: vec![("authorization".into(), None)], ..RawOptions::default() };
        assert!(ClientConfig::new(removed).is_err());
    }

    #[test]
    fn every_header_bound_option_is_checked_for_injection() {
        let cases = [
            (RawOptions { api_key: Some("sk\r\nX: y".into()), ..RawOptions::default() }, "options.apiKey"),
            (RawOptions { organization: Some("org\n".into()), ..with_key() }, "options.organization"),
            (RawOptions { project: Some("".into()), ..with_key() }, "options.project"),
            (RawOptions { headers: vec![("X-Trace".into(), Some("a\rb".into()))], ..with_key() }, "options.headers[\"X-Trace\"]"),
            (RawOptions { headers: vec![("Bad Name".into(), Some("v".into()))], ..with_key() }, "options.headers"),
            (RawOptions { base_url: Some("file:///etc".into()), ..with_key() }, "options.baseURL"),
            (RawOptions { timeout_ms: Some(-5.0), ..with_key() }, "options.timeout"),
            (RawOptions { max_retries: Some(0.5), ..with_key() }, "options.maxRetries"),
        ];
        for (raw, field) in cases {
            assert_eq!(ClientConfig::new(raw).unwrap_err().field, field);
        }
    }

    #[test]
    fn a_key_in_a_browser_needs_an_explicit_opt_in() {
        let browser = RawOptions { in_browser: true, ..with_key() };
        let error = ClientConfig::new(browser.clone()).unwrap_err();
        assert_eq!(error.problem, Problem::KeyInBrowser);
        assert!(error.to_string().contains("baseURL"), "the message points at the proxy alternative");
        assert!(ClientConfig::new(RawOptions { dangerously_allow_browser: true, ..browser }).is_ok());
        let proxy =
            RawOptions { in_browser: true, headers: vec![("authorization".into(), Some("Bearer t".into()))], ..RawOptions::default() };
        assert!(ClientConfig::new(proxy).is_ok(), "no key, no problem");
    }

    #[test]
    fn secrets_are_the_key_and_caller_authorization() {
        let raw = RawOptions {
            headers: vec![("AUTHORIZATION".into(), Some("Bearer t".into())), ("x-trace".into(), Some("1".into()))],
            ..with_key()
        };
        assert_eq!(ClientConfig::new(raw).unwrap().secrets(), ["sk-fake-admin-test", "Bearer t"]);
    }
}
