//! The caller's options, validated once: what every request of a call (or of a client) shares.
//! Each setting comes from the caller's option, else the environment (`OPENAI_ADMIN_KEY`,
//! `OPENAI_BASE_URL`, `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`, as openai-node reads them), else its
//! default: the library and the CLI both take them from here.

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
    /// `Some(None)`: the caller passed `null`, which sends no header whatever the environment says.
    pub organization: Option<Option<String>>,
    pub project: Option<Option<String>>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    /// The caller's own headers in their order; `None` removes a header this package would send.
    pub headers: Vec<(String, Option<String>)>,
    /// The code runs in a browser page or worker, where a key would be visible to every visitor.
    pub in_browser: bool,
    pub dangerously_allow_browser: bool,
}

/// The environment variables a setting falls back to, as openai-node names them.
pub const OPENAI_ADMIN_KEY: &str = "OPENAI_ADMIN_KEY";
pub const OPENAI_BASE_URL: &str = "OPENAI_BASE_URL";
pub const OPENAI_ORG_ID: &str = "OPENAI_ORG_ID";
pub const OPENAI_PROJECT_ID: &str = "OPENAI_PROJECT_ID";

/// Reads one environment variable (`process.env[name]` in the package); asked only for a setting
/// the options leave out. Unset and empty are the same thing.
pub type Environment<'a> = &'a dyn Fn(&'static str) -> Option<String>;

/// No environment: what runtimes without `process.env` have.
pub fn no_environment(_: &'static str) -> Option<String> {
    None
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
    /// Option, else environment, else default; every value checked, and an error names where the
    /// value came from (`options.baseURL` or `OPENAI_BASE_URL`).
    pub fn new(raw: RawOptions, environment: Environment<'_>) -> Result<Self, InvalidInput> {
        let variable = |name: &'static str| environment(name).filter(|value| !value.is_empty());
        let given = |option: Option<String>, field: &'static str, name: &'static str| {
            option.map(|value| (value, field)).or_else(|| variable(name).map(|value| (value, name)))
        };
        let api_key = given(raw.api_key, "options.apiKey", OPENAI_ADMIN_KEY);
        if let Some((key, field)) = &api_key {
            validate::credential(field, key)?;
            if raw.in_browser && !raw.dangerously_allow_browser {
                return Err(InvalidInput::new(*field, Problem::KeyInBrowser));
            }
        }
        let organization = raw.organization.unwrap_or_else(|| variable(OPENAI_ORG_ID));
        let project = raw.project.unwrap_or_else(|| variable(OPENAI_PROJECT_ID));
        for (field, value) in [("options.organization", &organization), ("options.project", &project)] {
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
        if api_key.is_none() && !caller_authorizes {
            return Err(InvalidInput::new("options.apiKey", Problem::MissingApiKey));
        }
        let base_url = match given(raw.base_url, "options.baseURL", OPENAI_BASE_URL) {
            Some((url, field)) => validate::base_url(field, &url)?,
            None => DEFAULT_BASE_URL.to_owned(),
        };
        let timeout_ms = raw.timeout_ms.map(|t| validate::timeout_ms("options.timeout", t)).transpose()?.unwrap_or(DEFAULT_TIMEOUT_MS);
        let max_retries =
            raw.max_retries.map(|m| validate::max_retries("options.maxRetries", m)).transpose()?.unwrap_or(DEFAULT_MAX_RETRIES);
        Ok(Self { api_key: api_key.map(|(key, _)| key), base_url, organization, project, timeout_ms, max_retries, headers: raw.headers })
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
        let config = ClientConfig::new(with_key(), &no_environment).unwrap();
        assert_eq!(config.base_url, "https://api.openai.com/v1");
        assert_eq!(config.timeout_ms, 600_000);
        assert_eq!(config.max_retries, 2);
    }

    #[test]
    fn a_key_is_required_unless_the_caller_authorizes_a_proxy() {
        let error = ClientConfig::new(RawOptions::default(), &no_environment).unwrap_err();
        assert_eq!(error.field, "options.apiKey");
        assert_eq!(error.problem, Problem::MissingApiKey);
        let proxy = RawOptions { headers: vec![("Authorization".into(), Some("Bearer console-token".into()))], ..RawOptions::default() };
        assert!(ClientConfig::new(proxy, &no_environment).is_ok());
        let removed = RawOptions { headers: vec![("authorization".into(), None)], ..RawOptions::default() };
        assert!(ClientConfig::new(removed, &no_environment).is_err());
    }

    #[test]
    fn every_header_bound_option_is_checked_for_injection() {
        let cases = [
            (RawOptions { api_key: Some("sk\r\nX: y".into()), ..RawOptions::default() }, "options.apiKey"),
            (RawOptions { organization: Some(Some("org\n".into())), ..with_key() }, "options.organization"),
            (RawOptions { project: Some(Some("".into())), ..with_key() }, "options.project"),
            (RawOptions { headers: vec![("X-Trace".into(), Some("a\rb".into()))], ..with_key() }, "options.headers[\"X-Trace\"]"),
            (RawOptions { headers: vec![("Bad Name".into(), Some("v".into()))], ..with_key() }, "options.headers"),
            (RawOptions { base_url: Some("file:///etc".into()), ..with_key() }, "options.baseURL"),
            (RawOptions { timeout_ms: Some(-5.0), ..with_key() }, "options.timeout"),
            (RawOptions { max_retries: Some(0.5), ..with_key() }, "options.maxRetries"),
        ];
        for (raw, field) in cases {
            assert_eq!(ClientConfig::new(raw, &no_environment).unwrap_err().field, field);
        }
    }

    #[test]
    fn a_key_in_a_browser_needs_an_explicit_opt_in() {
        let browser = RawOptions { in_browser: true, ..with_key() };
        let error = ClientConfig::new(browser.clone(), &no_environment).unwrap_err();
        assert_eq!(error.problem, Problem::KeyInBrowser);
        assert!(error.to_string().contains("baseURL"), "the message points at the proxy alternative");
        assert!(ClientConfig::new(RawOptions { dangerously_allow_browser: true, ..browser }, &no_environment).is_ok());
        let proxy =
            RawOptions { in_browser: true, headers: vec![("authorization".into(), Some("Bearer t".into()))], ..RawOptions::default() };
        assert!(ClientConfig::new(proxy, &no_environment).is_ok(), "no key, no problem");
    }

    fn environment(name: &'static str) -> Option<String> {
        let value = match name {
            OPENAI_ADMIN_KEY => "sk-fake-admin-env",
            OPENAI_BASE_URL => "http://127.0.0.1:9/v1",
            OPENAI_ORG_ID => "org-env",
            OPENAI_PROJECT_ID => "proj_env",
            _ => return None,
        };
        Some(value.to_owned())
    }

    #[test]
    fn the_environment_fills_what_the_options_leave_out() {
        let config = ClientConfig::new(RawOptions::default(), &environment).unwrap();
        assert_eq!(config.api_key.as_deref(), Some("sk-fake-admin-env"));
        assert_eq!(config.base_url, "http://127.0.0.1:9/v1");
        assert_eq!((config.organization.as_deref(), config.project.as_deref()), (Some("org-env"), Some("proj_env")));
    }

    #[test]
    fn the_environment_is_asked_only_for_what_the_options_leave_out() {
        let asked = std::cell::RefCell::new(Vec::new());
        let recording = |name: &'static str| {
            asked.borrow_mut().push(name);
            None
        };
        let raw = RawOptions { base_url: Some("https://x/v1".into()), organization: Some(None), ..with_key() };
        ClientConfig::new(raw, &recording).unwrap();
        assert_eq!(*asked.borrow(), [OPENAI_PROJECT_ID]);
    }

    #[test]
    fn an_option_beats_the_environment_and_null_turns_a_header_off() {
        let raw = RawOptions {
            api_key: Some("sk-fake-admin-option".into()),
            base_url: Some("https://proxy.example/v1".into()),
            organization: Some(None),
            project: Some(Some("proj_option".into())),
            ..RawOptions::default()
        };
        let config = ClientConfig::new(raw, &environment).unwrap();
        assert_eq!(config.api_key.as_deref(), Some("sk-fake-admin-option"));
        assert_eq!(config.base_url, "https://proxy.example/v1");
        assert_eq!((config.organization, config.project.as_deref()), (None, Some("proj_option")));
    }

    #[test]
    fn empty_variables_are_unset_and_bad_ones_are_named() {
        let empty = |_: &'static str| Some(String::new());
        assert_eq!(ClientConfig::new(RawOptions::default(), &empty).unwrap_err().problem, Problem::MissingApiKey);
        let bad_url = |name: &'static str| if name == OPENAI_BASE_URL { Some("api.openai.com".into()) } else { environment(name) };
        assert_eq!(ClientConfig::new(RawOptions::default(), &bad_url).unwrap_err().field, "OPENAI_BASE_URL");
        let bad_key = |name: &'static str| if name == OPENAI_ADMIN_KEY { Some("sk\nx".into()) } else { environment(name) };
        assert_eq!(ClientConfig::new(RawOptions::default(), &bad_key).unwrap_err().field, "OPENAI_ADMIN_KEY");
    }

    #[test]
    fn secrets_are_the_key_and_caller_authorization() {
        let raw = RawOptions {
            headers: vec![("AUTHORIZATION".into(), Some("Bearer t".into())), ("x-trace".into(), Some("1".into()))],
            ..with_key()
        };
        assert_eq!(ClientConfig::new(raw, &no_environment).unwrap().secrets(), ["sk-fake-admin-test", "Bearer t"]);
    }
}
