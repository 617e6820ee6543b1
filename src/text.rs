//! Substring search, written out: `str::find(&str)` brings the two-way searcher (over a kilobyte of
//! wasm) for needles that are a few bytes long, in texts that are rarely long.

/// Strings joined, for messages: `format!` would bring all of `core::fmt` into the wasm.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `n` in decimal.
pub fn decimal(n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(slot) = digits.get_mut(at) {
            *slot = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || at == 0 {
            break;
        }
    }
    digits.get(at..).map(|d| d.iter().map(|&b| char::from(b)).collect()).unwrap_or_default()
}

/// The byte offset of the first `needle` in `haystack`.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// `text` with every `needle` replaced by `with`; `None` when there was none (no copy made).
pub fn replace_all(text: &str, needle: &str, with: &str) -> Option<String> {
    let first = find(text, needle).filter(|_| !needle.is_empty())?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut next = Some(first);
    while let Some(at) = next {
        out.push_str(rest.get(..at)?);
        out.push_str(with);
        rest = rest.get(at + needle.len()..)?;
        next = find(rest, needle);
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_and_concat_match_format() {
        for n in [0, 7, 10, 404, 65_536, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
        assert_eq!(concat(&["a", "", "bc"]), "abc");
    }

    #[test]
    fn finds_like_str_find() {
        for (haystack, needle) in [("https://x", "://"), ("abc", "d"), ("", "a"), ("aaa", "aa"), ("é<title>é", "<title>"), ("x", "")] {
            assert_eq!(find(haystack, needle), haystack.find(needle), "{haystack:?} {needle:?}");
        }
    }

    #[test]
    fn replaces_like_str_replace() {
        for (text, needle) in [("a sk b sk", "sk"), ("sksk", "sk"), ("none", "sk"), ("ééskéé", "sk"), ("aaa", "aa")] {
            let expected = text.contains(needle).then(|| text.replace(needle, "[x]"));
            assert_eq!(replace_all(text, needle, "[x]"), expected, "{text:?}");
        }
        assert_eq!(replace_all("abc", "", "x"), None);
    }
}
