//! One answer from `fetch`: reading it, and turning it into the caller's value or an error.
//! The body stays a JS string: the runtime's `JSON.parse` builds the caller's object, and the
//! core's serde models check a clone of it (serde-wasm-bindgen), so the caller gets the API's own
//! object, unknown new fields included, or a `MalformedResponseError`. Only error bodies are
//! copied into wasm, to be redacted.

use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

use super::call_error::object;
use super::js_input::serde_message;
use super::names::{self, Name};
use super::untrusted::{is_object, json_parse, settled, AnyHeaders, AnyResponse};
use crate::answer_size;
use crate::error::{AnswerParts, Error};
use crate::error_message;
use crate::model::{self, ApiErrorBody};
use crate::redact::redact;

pub struct Answer {
    pub status: u16,
    headers: AnyHeaders,
    /// The body, a JS string (empty when oversized).
    text: JsValue,
    /// The body's size when it was over the cap and so left unread (or dropped).
    oversized: Option<u64>,
}

/// Waits for the headers and the whole body. `Err` carries what was thrown: a network failure, an
/// abort, or a custom `fetch` that answered something other than a `Response`.
pub async fn receive(pending: JsValue) -> Result<Answer, JsValue> {
    let response: AnyResponse = settled(&pending).await?.unchecked_into();
    if !is_object(&response) {
        return Err(JsValue::from_str("fetch resolved to something that is not a Response"));
    }
    let status = response.status()?.as_f64().filter(|s| s.fract() == 0.0 && (100.0..=599.0).contains(s));
    let status = status.ok_or_else(|| JsValue::from_str("fetch resolved to a Response without a valid status"))? as u16;
    let headers = response.headers()?;
    if !is_object(&headers) {
        return Err(JsValue::from_str("fetch resolved to a Response without headers"));
    }
    let declared = names::CONTENT_LENGTH.with(|name| headers.get(name)).ok().and_then(|length| length.as_string());
    if let Some(size) = answer_size::declared_too_large(declared.as_deref()) {
        // Left unread: the driver aborts the download.
        return Ok(Answer { status, headers, text: JsValue::from_str(""), oversized: Some(size) });
    }
    let text = settled(&response.text()?).await?;
    let Some(units) = text.dyn_ref::<js_sys::JsString>().map(js_sys::JsString::length) else {
        return Err(JsValue::from_str("Response.text() did not give a string"));
    };
    // UTF-16 units: at most the UTF-8 size, close enough for a cap this far above real answers.
    if u64::from(units) > answer_size::MAX_ANSWER_BYTES {
        return Ok(Answer { status, headers, text: JsValue::from_str(""), oversized: Some(u64::from(units)) });
    }
    Ok(Answer { status, headers, text, oversized: None })
}

impl Answer {
    /// The body was over the cap and left unread.
    pub fn is_unread(&self) -> bool {
        self.oversized.is_some()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &'static Name) -> Option<String> {
        name.with(|name| self.headers.get(name)).ok().and_then(|value| value.as_string())
    }

    /// The caller's value, the parsed body with its shape checked against `T`, and the model, for
    /// the code that plans on it. The request id is attached as openai-node does: not enumerable,
    /// so `JSON.stringify` gives the API's JSON.
    pub fn into_checked<T: DeserializeOwned>(self, secrets: &[&str]) -> Result<(T, JsValue), Error> {
        if let Some(size) = self.oversized {
            return Err(self.malformed(&answer_size::too_large(size), secrets));
        }
        let value = json_parse(&self.text).map_err(|_| {
            let text = redact(&self.text_copy(), secrets).into_owned();
            self.malformed(&format!("the body is not JSON: {}", error_message::summarize(&text)), secrets)
        })?;
        let model = model::read(|| serde_wasm_bindgen::Deserializer::from(value.clone()), serde_message)
            .map_err(|error| self.malformed(&error.message(), secrets))?;
        self.attach_request_id(&value);
        Ok((model, value))
    }

    fn attach_request_id(&self, value: &JsValue) {
        let request_id = names::X_REQUEST_ID.with(|name| self.headers.get(name)).ok().filter(JsValue::is_string).unwrap_or(JsValue::NULL);
        let descriptor = object(&[(&names::VALUE, &request_id), (&names::CONFIGURABLE, &JsValue::TRUE)]);
        let object = value.unchecked_ref::<js_sys::Object>();
        // Only a frozen or primitive answer refuses the property; the answer itself is still right.
        let _ = names::UNDERSCORE_REQUEST_ID.with(|key| js_sys::Reflect::define_property(object, key, descriptor.unchecked_ref()));
    }

    /// The error for a non-success status, with OpenAI's error message when the body has one.
    pub fn into_error(self, secrets: &[&str]) -> Error {
        let content_type = self.header(&names::CONTENT_TYPE);
        let request_id = self.header(&names::X_REQUEST_ID);
        let text = self.oversized.is_none().then(|| redact(&self.text_copy(), secrets).into_owned());
        let api_message = text
            .as_deref()
            .and_then(|text| json_parse(&JsValue::from_str(text)).ok())
            // No path needed here: a body that is not OpenAI's error object is simply quoted.
            .and_then(|body| serde_wasm_bindgen::from_value::<ApiErrorBody>(body).ok())
            .and_then(|body| body.error.message);
        let parts = AnswerParts {
            headers: self.header_pairs(),
            content_type: content_type.as_deref(),
            request_id: request_id.as_deref(),
            text: text.as_deref(),
            oversized: self.oversized,
        };
        Error::from_status(self.status, parts, api_message.as_deref(), secrets)
    }

    fn malformed(&self, problem: &str, secrets: &[&str]) -> Error {
        let request_id = self.header(&names::X_REQUEST_ID);
        let parts = AnswerParts { headers: self.header_pairs(), request_id: request_id.as_deref(), ..AnswerParts::default() };
        Error::malformed(self.status, problem, parts, secrets)
    }

    fn text_copy(&self) -> String {
        self.text.as_string().unwrap_or_default()
    }

    /// Every header as a (name, value) pair, read only when an error is made.
    fn header_pairs(&self) -> Vec<(String, String)> {
        let Ok(record) = js_sys::Object::from_entries(&self.headers) else {
            return Vec::new();
        };
        // What `Object.fromEntries` built: plain [name, value] pairs.
        js_sys::Object::entries(&record)
            .iter()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.unchecked_into();
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect()
    }
}
