//! Reading the caller's JS values: wrong types, throwing getters, lone surrogates and absurd sizes
//! all become `InvalidInput` before any of it is copied into wasm memory.

use wasm_bindgen::{JsCast, JsValue};

use super::names::{self, Name};
use super::untrusted::{self, is_array, is_object, is_well_formed_string};
use crate::validate::{InvalidInput, Problem};

/// Far above any id, key or URL; keeps a hostile multi-megabyte string out of wasm memory.
pub const MAX_STRING_UNITS: u32 = 65_536;
/// All project ids of one call together.
const MAX_LIST_UNITS: u64 = 8 * 1024 * 1024;
/// Ten times the largest list a test sends; a proxy claiming 2^32 empty items is refused at once
/// instead of being read item by item for minutes.
const MAX_LIST_ITEMS: u32 = 1_000_000;

/// `object[key]`, for a member of the caller's object; a getter or proxy that throws makes it unreadable.
pub fn property(object: &JsValue, key: &'static Name, field: &str) -> Result<JsValue, InvalidInput> {
    untrusted::get(object, key).map_err(|_| InvalidInput::new(field, Problem::Unreadable))
}

pub fn string(value: &JsValue, field: &str) -> Result<String, InvalidInput> {
    text(value, field, MAX_STRING_UNITS, "must be at most 65536 characters long")
}

/// A string of up to `max_units` UTF-16 units; `too_long` says the limit when it is over.
pub fn text(value: &JsValue, field: &str, max_units: u32, too_long: &'static str) -> Result<String, InvalidInput> {
    if !value.is_string() {
        let problem = if value.is_undefined() { Problem::Missing } else { Problem::WrongType("must be a string") };
        return Err(InvalidInput::new(field, problem));
    }
    if text_units(value) > max_units {
        return Err(InvalidInput::new(field, Problem::OutOfRange(too_long)));
    }
    if !is_well_formed_string(value) {
        return Err(InvalidInput::new(field, Problem::LoneSurrogate));
    }
    value.as_string().ok_or_else(|| InvalidInput::new(field, Problem::WrongType("must be a string")))
}

/// `undefined` and `null` mean "not given".
#[inline(never)]
pub fn optional_string(value: &JsValue, field: &str) -> Result<Option<String>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    string(value, field).map(Some)
}

#[inline(never)]
pub fn optional_number(value: &JsValue, field: &str) -> Result<Option<f64>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    value.as_f64().map(Some).ok_or_else(|| InvalidInput::new(field, Problem::WrongType("must be a number")))
}

#[inline(never)]
pub fn string_list(value: &JsValue, field: &str) -> Result<Vec<String>, InvalidInput> {
    if !is_array(value) {
        let problem = if value.is_undefined() { Problem::Missing } else { Problem::WrongType("must be an array of strings") };
        return Err(InvalidInput::new(field, problem));
    }
    // Read through `Reflect.get`: a proxy's `length` or index getter may throw.
    let count = property(value, &names::LENGTH, field)?.as_f64().map_or(0, |n| n as u32);
    if count > MAX_LIST_ITEMS {
        return Err(InvalidInput::new(field, Problem::OutOfRange("must hold at most 1000000 items")));
    }
    let mut list = Vec::with_capacity(usize::try_from(count).unwrap_or(0).min(1024));
    let mut total_units: u64 = 0;
    // The item's field name is only spelled out for an error: a list may hold 100,000 ids.
    let item_field = |index: u32| format!("{field}[{index}]");
    for index in 0..count {
        let item = js_sys::Reflect::get_u32(value, index).map_err(|_| InvalidInput::new(item_field(index), Problem::Unreadable))?;
        if item.is_string() {
            total_units += u64::from(text_units(&item));
            if total_units > MAX_LIST_UNITS {
                return Err(InvalidInput::new(field, Problem::OutOfRange("is too large (over 8 Mi characters in all)")));
            }
        }
        list.push(string(&item, "").map_err(|error| InvalidInput { field: item_field(index), ..error })?);
    }
    Ok(list)
}

/// `{ ... }` where an object is required; `undefined` says it is missing.
pub fn object<'a>(value: &'a JsValue, field: &str, expected: &'static str) -> Result<&'a JsValue, InvalidInput> {
    if is_object(value) {
        return Ok(value);
    }
    let problem = if value.is_undefined() { Problem::Missing } else { Problem::WrongType(expected) };
    Err(InvalidInput::new(field, problem))
}

/// The UTF-16 length of a JS string, read without copying it.
fn text_units(text: &JsValue) -> u32 {
    text.dyn_ref::<js_sys::JsString>().map_or(0, js_sys::JsString::length)
}

/// serde-wasm-bindgen's errors are JS `Error`s; their `message` is serde's text.
pub fn serde_message(error: serde_wasm_bindgen::Error) -> String {
    untrusted::get(&JsValue::from(error), &names::MESSAGE).ok().and_then(|message| message.as_string()).unwrap_or_default()
}

/// `undefined` and `null` mean "not given"; otherwise `true` or `false`.
#[cfg(feature = "lifecycle")]
#[inline(never)]
pub fn optional_bool(value: &JsValue, field: &str) -> Result<Option<bool>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    value.as_bool().map(Some).ok_or_else(|| InvalidInput::new(field, Problem::WrongType("must be true or false")))
}

/// `undefined` and `null` mean an empty list.
#[cfg(feature = "lifecycle")]
#[inline(never)]
pub fn optional_list(value: &JsValue, field: &str) -> Result<Vec<String>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(Vec::new());
    }
    string_list(value, field)
}

/// Unix seconds: a whole number a JS number holds exactly.
#[cfg(feature = "lifecycle")]
#[inline(never)]
pub fn optional_seconds(value: &JsValue, field: &str) -> Result<Option<i64>, InvalidInput> {
    const RANGE: &str = "must be Unix seconds: a whole number";
    match optional_number(value, field)? {
        None => Ok(None),
        Some(seconds) if seconds.fract() == 0.0 && seconds.abs() <= 9_007_199_254_740_991.0 => Ok(Some(seconds as i64)),
        Some(_) => Err(InvalidInput::new(field, Problem::OutOfRange(RANGE))),
    }
}

/// A list call's page size.
#[cfg(feature = "lifecycle")]
#[inline(never)]
pub fn optional_limit(value: &JsValue, field: &str) -> Result<Option<u32>, InvalidInput> {
    optional_number(value, field)?.map(|n| crate::query::limit(field, n)).transpose()
}
