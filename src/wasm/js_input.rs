//! Reading the caller's JS values: wrong types, throwing getters, lone surrogates and absurd sizes
//! all become `InvalidInput` before any of it is copied into wasm memory.

use wasm_bindgen::{JsCast, JsValue};

use super::bindings::{encode_uri_component, is_array, length, reflect_get_index, reflect_get_key, JsText};
use super::js_strings::js_string;
use crate::validate::{InvalidInput, Problem};

/// Far above any id, key or URL; keeps a hostile multi-megabyte string out of wasm memory.
pub const MAX_STRING_UNITS: u32 = 65_536;
/// All project ids of one call together.
const MAX_LIST_UNITS: u64 = 8 * 1024 * 1024;

pub fn property(object: &JsValue, key: &'static str, field: &str) -> Result<JsValue, InvalidInput> {
    reflect_get_key(object, js_string(key)).map_err(|_| InvalidInput::new(field, Problem::Unreadable))
}

pub fn string(value: &JsValue, field: &str) -> Result<String, InvalidInput> {
    if !value.is_string() {
        let problem = if value.is_undefined() { Problem::Missing } else { Problem::WrongType("must be a string") };
        return Err(InvalidInput::new(field, problem));
    }
    let text: &JsText = value.unchecked_ref();
    if length(value) > MAX_STRING_UNITS {
        return Err(InvalidInput::new(field, Problem::OutOfRange("must be at most 65536 characters long")));
    }
    // Copying into Rust would silently turn a lone surrogate into U+FFFD: a different id than the caller's.
    let well_formed = text.is_well_formed().unwrap_or_else(|_| encode_uri_component(value).is_ok());
    if !well_formed {
        return Err(InvalidInput::new(field, Problem::LoneSurrogate));
    }
    value.as_string().ok_or_else(|| InvalidInput::new(field, Problem::WrongType("must be a string")))
}

/// `undefined` and `null` mean "not given".
pub fn optional_string(value: &JsValue, field: &str) -> Result<Option<String>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    string(value, field).map(Some)
}

pub fn optional_number(value: &JsValue, field: &str) -> Result<Option<f64>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    value.as_f64().map(Some).ok_or_else(|| InvalidInput::new(field, Problem::WrongType("must be a number")))
}

pub fn string_list(value: &JsValue, field: &str) -> Result<Vec<String>, InvalidInput> {
    if !is_array(value).unwrap_or(false) {
        let problem = if value.is_undefined() { Problem::Missing } else { Problem::WrongType("must be an array of strings") };
        return Err(InvalidInput::new(field, problem));
    }
    let count = length(value);
    let mut list = Vec::with_capacity(usize::try_from(count).unwrap_or(0).min(1024));
    let mut total_units: u64 = 0;
    // The item's field name is only spelled out for an error: a list may hold 100,000 ids.
    let item_field = |index: u32| crate::text::concat(&[field, "[", &crate::text::decimal(index.into()), "]"]);
    for index in 0..count {
        let item = reflect_get_index(value, index).map_err(|_| InvalidInput::new(item_field(index), Problem::Unreadable))?;
        if item.is_string() {
            total_units += u64::from(length(&item));
            if total_units > MAX_LIST_UNITS {
                return Err(InvalidInput::new(field, Problem::OutOfRange("is too large (over 8 Mi characters in all)")));
            }
        }
        list.push(string(&item, "").map_err(|error| InvalidInput { field: item_field(index), ..error })?);
    }
    Ok(list)
}

pub fn is_object(value: &JsValue) -> bool {
    value.is_object() || value.is_function()
}
