//! A small JSON reader for checking answers. The runtime's `JSON.parse` builds the caller's
//! object; this reader only has to confirm its shape, and costs a fraction of the wasm bytes of
//! serde. It never panics on any input: nesting is bounded, every index is checked.

use std::borrow::Cow;

/// Deeper than any answer of this API; stops a hostile body from exhausting the wasm stack.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// The number's text, exactly as written: the shape check decides what it may be.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(name, _)| name == key).map(|(_, value)| value),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
}

pub fn parse(text: &str) -> Result<Json<'_>, SyntaxError> {
    let mut reader = Reader { text, bytes: text.as_bytes(), at: 0 };
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.at != reader.bytes.len() {
        return Err(reader.error());
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self) -> SyntaxError {
        SyntaxError { offset: self.at }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn consume(&mut self, byte: u8) -> Result<(), SyntaxError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn literal(&mut self, word: &str, value: Json<'a>) -> Result<Json<'a>, SyntaxError> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error());
        }
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error()),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json<'a>, SyntaxError> {
        self.consume(b'[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error()),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json<'a>, SyntaxError> {
        self.consume(b'{')?;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_whitespace();
            let name = self.string()?;
            self.skip_whitespace();
            self.consume(b':')?;
            members.push((name, self.value(depth + 1)?));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.error()),
            }
        }
    }

    fn number(&mut self) -> Result<Json<'a>, SyntaxError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error()),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        self.text.get(start..self.at).map(Json::Number).ok_or_else(|| self.error())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), SyntaxError> {
        let start = self.at;
        self.digits();
        if self.at == start {
            Err(self.error())
        } else {
            Ok(())
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.consume(b'"')?;
        let start = self.at;
        // Fast path: no escapes, the text is borrowed as it is.
        loop {
            match self.peek() {
                Some(b'"') => {
                    let text = self.text.get(start..self.at).ok_or_else(|| self.error())?;
                    self.at += 1;
                    return Ok(Cow::Borrowed(text));
                }
                Some(b'\\') => break,
                Some(0x00..=0x1F) | None => return Err(self.error()),
                Some(_) => self.at += 1,
            }
        }
        let mut out = String::from(self.text.get(start..self.at).ok_or_else(|| self.error())?);
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = self.peek().ok_or_else(|| self.error())?;
                    self.at += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(self.error()),
                    }
                }
                Some(0x00..=0x1F) | None => return Err(self.error()),
                Some(_) => {
                    // Copy the run up to the next quote or backslash; both are ASCII, so the
                    // run ends on a character boundary.
                    let run_start = self.at;
                    while matches!(self.peek(), Some(byte) if byte != b'"' && byte != b'\\' && byte >= 0x20) {
                        self.at += 1;
                    }
                    out.push_str(self.text.get(run_start..self.at).ok_or_else(|| self.error())?);
                }
            }
        }
    }

    /// After `\u`: four hex digits, joined with a following low surrogate when there is one.
    /// A lone surrogate is valid JSON (JS strings may hold one); Rust strings cannot, so it
    /// reads as U+FFFD, which is enough for a shape check.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u") {
            let saved = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            self.at = saved;
        }
        Ok(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|byte| char::from(byte).to_digit(16)).ok_or_else(|| self.error())?;
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agrees_with_serde_json(text: &str) {
        let ours = parse(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        assert_eq!(ours.is_ok(), theirs.is_ok(), "{text:?}: ours {ours:?}, serde_json {theirs:?}");
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            assert_eq!(to_serde(&ours), theirs, "{text:?}");
        }
    }

    fn to_serde(value: &Json<'_>) -> serde_json::Value {
        match value {
            Json::Null => serde_json::Value::Null,
            Json::Bool(b) => serde_json::Value::Bool(*b),
            Json::Number(n) => serde_json::from_str(n).unwrap(),
            Json::String(s) => serde_json::Value::String(s.to_string()),
            Json::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
            Json::Object(members) => serde_json::Value::Object(members.iter().map(|(k, v)| (k.to_string(), to_serde(v))).collect()),
        }
    }

    #[test]
    fn valid_json_reads_as_serde_json_reads_it() {
        for text in [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "12",
            "-3.25e+10",
            "1E2",
            "\"\"",
            "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
            "\"\\u00e9\\u6a21\\ud83d\\ude42\"",
            "\"é模🙂\"",
            "[]",
            "[1, [2, [3]], {}]",
            " { \"a\" : 1 , \"b\" : [true, null] } ",
            r#"{"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1721764867,"project_id":"p"}],"first_id":"cp_1","last_id":"cp_1","has_more":false}"#,
        ] {
            agrees_with_serde_json(text);
        }
    }

    #[test]
    fn invalid_json_is_refused_as_serde_json_refuses_it() {
        for text in [
            "",
            " ",
            "nul",
            "tru",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "+1",
            "NaN",
            "Infinity",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\" 1}",
            "[1 2]",
            "\"unterminated",
            "\"bad \\x escape\"",
            "\"\\u12\"",
            "\"raw\ncontrol\"",
            "[",
            "{",
            "]",
            "1 2",
            "'single'",
            "<html><title>502</title></html>",
        ] {
            agrees_with_serde_json(text);
        }
    }

    #[test]
    fn a_lone_surrogate_escape_is_valid_json() {
        assert_eq!(parse("\"\\ud800x\"").unwrap(), Json::String(Cow::Owned("\u{FFFD}x".into())));
        assert_eq!(parse("\"\\udc00\\ud800\"").unwrap(), Json::String(Cow::Owned("\u{FFFD}\u{FFFD}".into())));
    }

    #[test]
    fn deep_nesting_is_refused_without_exhausting_the_stack() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(parse(&deep).is_err());
        let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn duplicate_keys_resolve_to_the_last_as_json_parse_does() {
        assert_eq!(parse(r#"{"a":1,"a":2}"#).unwrap().get("a"), Some(&Json::Number("2")));
    }
}
