//! The core's `JsonValue` over what `JSON.parse` built: answers are checked where they are,
//! without copying the text into wasm or parsing it a second time.

use wasm_bindgen::JsValue;

use super::bindings::{is_array, length, reflect_get_index, reflect_get_key};
use super::js_strings::js_string;
use crate::json_value::{JsonValue, MAX_SAFE_INTEGER};

impl JsonValue for JsValue {
    /// Arrays pass as objects here: JSON.parse gives them no named members, so the first
    /// required field of a misplaced array still fails the shape check. One call instead of two.
    fn is_object(&self) -> bool {
        JsValue::is_object(self)
    }

    /// No `is_object` call first: the models check that once per object, and `Reflect.get` on
    /// anything else throws, which gives `None` here too.
    fn get(&self, key: &'static str) -> Option<Self> {
        reflect_get_key(self, js_string(key)).ok().filter(|value| !value.is_undefined())
    }

    fn is_null(&self) -> bool {
        JsValue::is_null(self)
    }

    fn items(&self) -> Option<Vec<Self>> {
        if !is_array(self).unwrap_or(false) {
            return None;
        }
        // Only ever read on what JSON.parse built: plain arrays, whose indexing cannot throw.
        Some((0..length(self)).map(|index| reflect_get_index(self, index).unwrap_or_default()).collect())
    }

    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn is_string(&self) -> bool {
        JsValue::is_string(self)
    }

    fn is_str(&self, expected: &'static str) -> bool {
        self == js_string(expected)
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn safe_integer(&self) -> Option<i64> {
        let number = self.as_f64()?;
        (number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER as f64).then_some(number as i64)
    }
}
