//! How much of an answer the client reads. The largest page of this API is a few hundred
//! kilobytes; a body far beyond that is a misbehaving server or proxy, and reading it would only
//! cost the caller memory. A declared size over the cap is refused before the body is read.

pub const MAX_ANSWER_BYTES: u64 = 16 * 1024 * 1024;

/// The size a `content-length` header declares, when it is over the cap.
pub fn declared_too_large(content_length: Option<&str>) -> Option<u64> {
    let text = content_length?.trim_ascii();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Saturating: digits beyond u64 are certainly too large.
    let size = text.bytes().fold(0u64, |size, digit| size.saturating_mul(10).saturating_add(u64::from(digit - b'0')));
    (size > MAX_ANSWER_BYTES).then_some(size)
}

pub fn too_large(size: u64) -> String {
    format!("the answer is {size} bytes, more than the {MAX_ANSWER_BYTES} this client reads")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sizes_over_the_cap_are_refused() {
        assert_eq!(declared_too_large(Some("16777216")), None);
        assert_eq!(declared_too_large(Some(" 16777217 ")), Some(16_777_217));
        assert_eq!(declared_too_large(Some("99999999999999999999999")), Some(u64::MAX));
        for harmless in [None, Some(""), Some("12"), Some("-5"), Some("1e9"), Some("abc")] {
            assert_eq!(declared_too_large(harmless), None, "{harmless:?}");
        }
    }
}
