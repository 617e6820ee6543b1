//! Defence in depth for secrets: whatever text reaches an error (a server's answer, a runtime's
//! exception message) passes through here first, so an echoed key never reaches the caller's logs.

use std::borrow::Cow;

use crate::text::replace_all;

pub const REDACTED: &str = "[redacted]";

pub fn redact<'a>(text: &'a str, secrets: &[&str]) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(text);
    for secret in secrets {
        if let Some(replaced) = replace_all(&text, secret, REDACTED) {
            text = Cow::Owned(replaced);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_of_every_secret_is_replaced() {
        let text = "key sk-admin-1 and Bearer tok, again sk-admin-1";
        assert_eq!(redact(text, &["sk-admin-1", "tok"]), "key [redacted] and Bearer [redacted], again [redacted]");
    }

    #[test]
    fn text_without_secrets_is_not_copied() {
        assert!(matches!(redact("nothing here", &["sk-admin-1", ""]), Cow::Borrowed(_)));
    }
}
