//! Defence in depth for secrets: whatever text reaches an error (a server's answer, a runtime's
//! exception message) passes through here first, so an echoed key never reaches the caller's logs.

use std::borrow::Cow;

pub const REDACTED: &str = "[redacted]";

pub fn redact<'a>(text: &'a str, secrets: &[&str]) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(text);
    // An empty secret matches everywhere and hides nothing; checking first keeps clean text uncopied.
    for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
        if text.contains(secret) {
            text = Cow::Owned(text.replace(secret, REDACTED));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_of_every_secret_is_replaced() {
        let text = "key sk-fake-admin-1 and Bearer tok, again sk-fake-admin-1";
        assert_eq!(redact(text, &["sk-fake-admin-1", "tok"]), "key [redacted] and Bearer [redacted], again [redacted]");
    }

    #[test]
    fn text_without_secrets_is_not_copied() {
        assert!(matches!(redact("nothing here", &["sk-fake-admin-1", ""]), Cow::Borrowed(_)));
    }
}
