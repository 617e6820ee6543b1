//! Read access to a parsed JSON value. The models' shape checks are written once against this
//! trait: on the host they run on the crate's own reader's tree, in wasm directly on the object
//! the runtime's `JSON.parse` built, so an answer is neither copied into wasm nor parsed twice.

use crate::json_read::Json;

/// ±(2^53 − 1): the integers a JavaScript number holds exactly.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

pub trait JsonValue: Sized {
    fn is_object(&self) -> bool;
    /// A member of an object; `None` when this is not an object or has no such member.
    /// Keys are the models' own field names, so an implementation may cache them.
    fn get(&self, key: &'static str) -> Option<Self>;
    fn is_null(&self) -> bool;
    /// The items of an array; `None` when this is not an array.
    fn items(&self) -> Option<Vec<Self>>;
    fn string(&self) -> Option<String>;
    fn is_string(&self) -> bool;
    fn is_str(&self, expected: &'static str) -> bool;
    fn boolean(&self) -> Option<bool>;
    /// A whole number within `MAX_SAFE_INTEGER`.
    fn safe_integer(&self) -> Option<i64>;
}

impl<'a> JsonValue for &'a Json<'a> {
    fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    fn get(&self, key: &'static str) -> Option<Self> {
        Json::get(self, key)
    }

    fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    fn items(&self) -> Option<Vec<Self>> {
        match self {
            Json::Array(items) => Some(items.iter().collect()),
            _ => None,
        }
    }

    fn string(&self) -> Option<String> {
        match self {
            Json::String(text) => Some(String::from(text.as_ref())),
            _ => None,
        }
    }

    fn is_string(&self) -> bool {
        matches!(self, Json::String(_))
    }

    fn is_str(&self, expected: &'static str) -> bool {
        matches!(self, Json::String(text) if text == expected)
    }

    fn boolean(&self) -> Option<bool> {
        match self {
            Json::Bool(value) => Some(*value),
            _ => None,
        }
    }

    fn safe_integer(&self) -> Option<i64> {
        match self {
            Json::Number(text) => parse_integer(text),
            _ => None,
        }
    }
}

/// JSON integer text, as JavaScript would hold it exactly (so `1.0` and `1e3` are not integers).
fn parse_integer(text: &str) -> Option<i64> {
    let (negative, digits) = text.strip_prefix('-').map_or((false, text), |rest| (true, rest));
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: i64 = 0;
    for byte in digits.bytes() {
        value = value.checked_mul(10)?.checked_add(i64::from(byte - b'0'))?;
    }
    (value <= MAX_SAFE_INTEGER).then_some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_stay_within_what_javascript_holds_exactly() {
        assert_eq!(parse_integer("9007199254740991"), Some(9_007_199_254_740_991));
        assert_eq!(parse_integer("-5"), Some(-5));
        for bad in ["9007199254740992", "99999999999999999999999", "1e3", "1.0", "-", ""] {
            assert_eq!(parse_integer(bad), None, "{bad}");
        }
    }
}
