//! Fixed strings (property names, constants) as JS strings, made once per name. Passing a `&str`
//! to JS decodes it from wasm memory at every call; for the few names read on every call and
//! every item of a page, that decoding was the largest cost.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use super::bindings::{reflect_get_key, reflect_set};

thread_local! {
    /// Keyed by the address of the `&'static str`: each literal is one entry. The values live as
    /// long as the module, so callers borrow them: a clone would cost two more calls into JS.
    static JS_STRINGS: RefCell<Vec<(&'static str, &'static JsValue)>> = const { RefCell::new(Vec::new()) };
}

pub fn js_string(text: &'static str) -> &'static JsValue {
    JS_STRINGS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, value)) = cache.iter().find(|(known, _)| std::ptr::eq(*known, text)) {
            return *value;
        }
        let value: &'static JsValue = Box::leak(Box::new(JsValue::from_str(text)));
        cache.push((text, value));
        value
    })
}

/// `target[key] = value` for a fixed key.
pub fn set_property(target: &JsValue, key: &'static str, value: &JsValue) {
    reflect_set(target, js_string(key), value);
}

/// `target[key]` for a fixed key; `Err` is what a getter or proxy threw.
pub fn reflect_get(target: &JsValue, key: &'static str) -> Result<JsValue, JsValue> {
    reflect_get_key(target, js_string(key))
}
