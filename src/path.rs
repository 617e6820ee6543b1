//! An identifier becomes exactly one URL path segment: every byte outside RFC 3986 `pchar`
//! is percent-encoded, so `/`, `?`, `#`, `%` and spaces can never reach another path, the query
//! or the fragment. `:` and `@` stay as they are (`ft:gpt-4o-mini:org:name:id` is readable on the wire).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// RFC 3986 `pchar` stays as it is (unreserved `-._~`, sub-delims `!$&'()*+,;=`, `:` and `@`):
/// none of it can end a segment, and a server reads it back unchanged.
const PCHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

pub fn push_segment(out: &mut String, segment: &str) {
    out.extend(utf8_percent_encode(segment, PCHAR));
}

pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    push_segment(&mut out, segment);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(encoded: &str) -> String {
        let bytes = encoded.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fine_tuned_model_ids_keep_their_colons() {
        let id = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
        assert_eq!(encode_segment(id), id);
    }

    #[test]
    fn separators_percent_signs_and_spaces_are_encoded() {
        assert_eq!(encode_segment("a/b"), "a%2Fb");
        assert_eq!(encode_segment("../x"), "..%2Fx");
        assert_eq!(encode_segment("a?b#c"), "a%3Fb%23c");
        assert_eq!(encode_segment("100%"), "100%25");
        assert_eq!(encode_segment("%2F"), "%252F");
        assert_eq!(encode_segment("a b"), "a%20b");
        assert_eq!(encode_segment("a\\b"), "a%5Cb");
        assert_eq!(encode_segment("\"<>[]{}|^`"), "%22%3C%3E%5B%5D%7B%7D%7C%5E%60");
    }

    #[test]
    fn non_ascii_is_encoded_as_utf8_bytes() {
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(encode_segment("模"), "%E6%A8%A1");
        assert_eq!(encode_segment("🙂"), "%F0%9F%99%82");
    }

    #[test]
    fn encoding_never_leaves_a_delimiter_and_always_decodes_back() {
        let samples = ["ft:a:b", "a/b/../c", "?#%/ \t", "é模🙂", "!$&'()*+,;=:@-._~", "%%%", ""];
        for sample in samples {
            let encoded = encode_segment(sample);
            assert!(!encoded.contains(['/', '?', '#', ' ']), "{encoded}");
            assert_eq!(decode(&encoded), sample);
        }
    }
}
