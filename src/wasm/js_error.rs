//! Failures as instances of the package's exported error classes (`pkg-template/errors.js`).
//! Every text that came from outside passes `redact` first: the key never reaches an error.

use wasm_bindgen::JsValue;

use super::bindings::{make_error, new_object};
use super::js_strings::{reflect_get, set_property};
use crate::error_class::ErrorClass;
use crate::redact::redact;
use crate::text::{concat, decimal};
use crate::validate::InvalidInput;

pub fn invalid_input(error: &InvalidInput) -> JsValue {
    let properties = new_object();
    set_property(&properties, "field", &JsValue::from_str(&error.field));
    make_error(ErrorClass::InvalidInput.name(), &error.message(), &properties)
}

pub fn user_abort() -> JsValue {
    make_error(ErrorClass::UserAbort.name(), "Request was aborted.", &JsValue::UNDEFINED)
}

pub fn timed_out(timeout_ms: u32, method: &str, url: &str) -> JsValue {
    let message = concat(&["Request timed out after ", &decimal(timeout_ms.into()), " ms (", method, " ", url, ")."]);
    make_error(ErrorClass::ConnectionTimeout.name(), &message, &JsValue::UNDEFINED)
}

/// `cause` is what `fetch` threw; its own cause often holds the useful part
/// (undici: "fetch failed" caused by "connect ECONNREFUSED 127.0.0.1:9").
pub fn connection_failed(cause: &JsValue, method: &str, url: &str, secrets: &[&str]) -> JsValue {
    let outer = error_text(cause);
    let inner = reflect_get(cause, "cause").ok().map(|inner| error_text(&inner)).unwrap_or_default();
    let detail = match (outer.is_empty(), inner.is_empty()) {
        (false, false) => concat(&[&outer, " (", &inner, ")"]),
        (false, true) => outer,
        (true, false) => inner,
        (true, true) => "the request failed without an answer".to_owned(),
    };
    let redacted = redact(&detail, secrets);
    let properties = new_object();
    // The original error is kept for debugging unless it quotes a secret.
    if redacted == detail {
        set_property(&properties, "cause", cause);
    }
    make_error(ErrorClass::Connection.name(), &concat(&["Connection error: ", &redacted, " (", method, " ", url, ")."]), &properties)
}

/// An answer that is not a success, or a success whose body is unusable.
pub struct ApiFailure<'a> {
    pub class: ErrorClass,
    pub message: &'a str,
    pub status: u16,
    pub headers: &'a JsValue,
    pub error: &'a JsValue,
    pub request_id: Option<&'a str>,
}

pub fn api_failure(failure: &ApiFailure<'_>) -> JsValue {
    let properties = new_object();
    set_property(&properties, "status", &JsValue::from(failure.status));
    set_property(&properties, "headers", failure.headers);
    set_property(&properties, "error", failure.error);
    set_property(&properties, "requestID", &failure.request_id.map_or(JsValue::NULL, JsValue::from_str));
    make_error(failure.class.name(), failure.message, &properties)
}

fn error_text(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    reflect_get(value, "message").ok().and_then(|message| message.as_string()).unwrap_or_default()
}
