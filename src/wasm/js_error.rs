//! Failures as instances of the package's exported error classes (`pkg-template/errors.js`:
//! Rust cannot subclass `Error`). Every text that came from outside passes `redact` first: the
//! key never reaches an error.

use wasm_bindgen::prelude::*;

use super::names::{self, Name};
use super::untrusted;
use crate::error_class::ErrorClass;
use crate::redact::redact;
use crate::validate::InvalidInput;

#[wasm_bindgen(raw_module = "./errors.js")]
extern "C" {
    /// Builds an instance of the named exported error class.
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(class_name: &str, message: &str, properties: &JsValue) -> JsValue;
}

/// A plain object of the given members, for error properties and results.
pub fn object(members: &[(&'static Name, &JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in members {
        // Setting a new property on a fresh plain object cannot fail.
        let _ = key.with(|key| js_sys::Reflect::set(&object, key, value));
    }
    object.into()
}

pub fn error(class: ErrorClass, message: &str, properties: &[(&'static Name, &JsValue)]) -> JsValue {
    make_error(class.name(), message, &object(properties))
}

pub fn invalid_input(error: &InvalidInput) -> JsValue {
    self::error(ErrorClass::InvalidInput, &error.message(), &[(&names::FIELD, &JsValue::from_str(&error.field))])
}

pub fn user_abort() -> JsValue {
    error(ErrorClass::UserAbort, "Request was aborted.", &[])
}

pub fn timed_out(timeout_ms: u32, method: &str, url: &str) -> JsValue {
    error(ErrorClass::ConnectionTimeout, &format!("Request timed out after {timeout_ms} ms ({method} {url})."), &[])
}

/// `cause` is what `fetch` threw; its own cause often holds the useful part
/// (undici: "fetch failed" caused by "connect ECONNREFUSED 127.0.0.1:9").
pub fn connection_failed(cause: &JsValue, method: &str, url: &str, secrets: &[&str]) -> JsValue {
    let outer = error_text(cause);
    let inner = untrusted::get(cause, &names::CAUSE).ok().map(|inner| error_text(&inner)).unwrap_or_default();
    let detail = match (outer.is_empty(), inner.is_empty()) {
        (false, false) => format!("{outer} ({inner})"),
        (false, true) => outer,
        (true, false) => inner,
        (true, true) => "the request failed without an answer".to_owned(),
    };
    let redacted = redact(&detail, secrets);
    let message = format!("Connection error: {redacted} ({method} {url}).");
    // The original error is kept for debugging unless it quotes a secret.
    let cause = if redacted == detail { cause.clone() } else { JsValue::UNDEFINED };
    error(ErrorClass::Connection, &message, &[(&names::CAUSE, &cause)])
}

fn error_text(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    untrusted::get(value, &names::MESSAGE).ok().and_then(|message| message.as_string()).unwrap_or_default()
}
