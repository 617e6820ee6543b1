//! A call's failure on its way out: the core's `Error`, plus the one part that stays JavaScript
//! (what `fetch` threw, kept as the JS error's `cause` for debugging). It turns into an instance of
//! one of the package's error classes (`pkg-template/errors.js`: Rust cannot subclass `Error`)
//! only when a call rejects, or when a report that carries it is handed to the caller.

use std::cell::Cell;
use std::rc::Rc;

use serde::{Serialize, Serializer};
use wasm_bindgen::prelude::*;

use super::names::{self, Name};
use super::untrusted::{self, is_object, json_parse};
use crate::error::{Answered, Error};
#[cfg(feature = "lifecycle")]
use crate::error_class::ErrorClass;
use crate::request::Method;
use crate::validate::InvalidInput;

#[wasm_bindgen(raw_module = "./errors.js")]
extern "C" {
    /// Builds an instance of the named exported error class; throws for a name it does not know.
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(class_name: &str, message: &str, properties: &JsValue) -> JsValue;
}

/// Shared, not copied: one failed create is reported once per project, and a future that holds an
/// error stays one pointer wide.
#[derive(Debug, Clone)]
pub struct CallError(Rc<Failure>);

struct Failure {
    error: Error,
    cause: Option<JsValue>,
    /// The JS error, once a report has needed it. A `Cell`, not a `OnceCell`, whose reentrancy
    /// panic costs 1 KB of wasm.
    js: Cell<Option<JsValue>>,
}

impl std::fmt::Debug for Failure {
    fn fmt(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.debug_struct("Failure").field("error", &self.error).field("cause", &self.cause).finish_non_exhaustive()
    }
}

impl CallError {
    fn new(error: Error, cause: Option<JsValue>) -> Self {
        Self(Rc::new(Failure { error, cause, js: Cell::new(None) }))
    }

    pub fn error(&self) -> &Error {
        &self.0.error
    }

    /// The same failure, read by a resource's own rule (`resources::audit_logs::classify`).
    #[cfg(feature = "lifecycle")]
    pub fn reclassified(self, classify: fn(Error) -> Error) -> Self {
        match Rc::try_unwrap(self.0) {
            Ok(Failure { error, cause, .. }) => Self::new(classify(error), cause),
            Err(shared) => Self::new(classify(shared.error.clone()), shared.cause.clone()),
        }
    }

    /// `thrown` is what `fetch` threw; its own `cause` often holds the useful part (undici: "fetch
    /// failed" caused by "connect ECONNREFUSED 127.0.0.1:9").
    pub fn connection(thrown: &JsValue, method: Method, url: &str, secrets: &[&str]) -> Self {
        let outer = error_text(thrown);
        let inner = untrusted::get(thrown, &names::CAUSE).ok().map(|inner| error_text(&inner)).unwrap_or_default();
        let detail = match (outer.is_empty(), inner.is_empty()) {
            (false, false) => format!("{outer} ({inner})"),
            (false, true) => outer,
            (true, false) => inner,
            (true, true) => "the request failed without an answer".to_owned(),
        };
        let error = Error::connection(&detail, method, url, secrets);
        // The original error is kept for debugging unless it quotes a secret.
        let quoted_a_secret = matches!(&error, Error::Connection { detail: redacted, .. } if *redacted != detail);
        Self::new(error, (!quoted_a_secret).then(|| thrown.clone()))
    }

    /// The instance of the package's error class: `InvalidInputError` with its `field`, the API
    /// classes with openai-node's `status`, `headers`, `error` and `requestID`.
    pub fn to_js(&self) -> JsValue {
        let properties = js_sys::Object::new();
        match self.error() {
            Error::InvalidInput(invalid) => set(&properties, &names::FIELD, &JsValue::from_str(&invalid.field)),
            Error::Status(answered) | Error::Malformed(answered) | Error::AuditLoggingDisabled(answered) => set_answer_properties(&properties, answered),
            Error::Connection { .. } => {
                if let Some(cause) = &self.0.cause {
                    set(&properties, &names::CAUSE, cause);
                }
            }
            Error::TimedOut { .. } | Error::Aborted => {}
        }
        make_error(self.error().class().name(), &self.error().message(), &properties)
    }
}

/// An instance of `class`, with these own properties.
#[cfg(feature = "lifecycle")]
pub fn error_object(class: ErrorClass, message: &str, properties: &[(&'static Name, &JsValue)]) -> JsValue {
    make_error(class.name(), message, &object(properties))
}

/// Sets a member of a fresh plain object, which cannot fail.
fn set(object: &js_sys::Object, key: &'static Name, value: &JsValue) {
    let _ = key.with(|key| js_sys::Reflect::set(object, key, value));
}

/// A plain object of the given members.
pub fn object(members: &[(&'static Name, &JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in members {
        set(&object, key, value);
    }
    object.into()
}

fn set_answer_properties(properties: &js_sys::Object, answered: &Answered) {
    // A plain object (openai-node's shape), which survives `JSON.stringify` and `structuredClone`.
    let headers = js_sys::Object::new();
    for (name, value) in &answered.headers {
        let _ = js_sys::Reflect::set(&headers, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    // The body's own `error` object, unknown members included; the text was redacted already.
    let error = answered
        .body
        .as_deref()
        .and_then(|body| json_parse(&JsValue::from_str(body)).ok())
        .and_then(|body| untrusted::get(&body, &names::ERROR).ok())
        .filter(is_object)
        .unwrap_or(JsValue::UNDEFINED);
    let request_id = answered.request_id.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    set(properties, &names::STATUS, &JsValue::from(answered.status));
    set(properties, &names::HEADERS, &headers);
    set(properties, &names::ERROR, &error);
    set(properties, &names::REQUEST_ID_PROPERTY, &request_id);
}

fn error_text(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    untrusted::get(value, &names::MESSAGE).ok().and_then(|message| message.as_string()).unwrap_or_default()
}

impl From<Error> for CallError {
    fn from(error: Error) -> Self {
        Self::new(error, None)
    }
}

impl From<InvalidInput> for CallError {
    fn from(invalid: InvalidInput) -> Self {
        Error::InvalidInput(invalid).into()
    }
}

/// Inside a report handed to the caller, the error is the JS error object itself: built once, and
/// the same object in every entry of the one failure (each project of a failed create) and in
/// every report that carries it (a progress callback's, then the final one).
impl Serialize for CallError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let js = self.0.js.take().unwrap_or_else(|| self.to_js());
        self.0.js.set(Some(js.clone()));
        serde_wasm_bindgen::preserve::serialize(&js, serializer)
    }
}
