//! One answer from `fetch`: reading it, and turning it into the caller's value or an error.
//! The body stays a JS string: the runtime's `JSON.parse` builds the caller's object and the core's
//! models check its shape in place, so the caller gets the API's own object (unknown new fields
//! included) or a `MalformedResponseError`. Only error bodies are copied into wasm, to be redacted.

use wasm_bindgen::{JsCast, JsValue};

use super::bindings::{
    define_property, json_parse, length, new_object, object_entries, object_from_entries, reflect_get_index, reflect_set, FetchHeaders,
    FetchResponse,
};
use super::executor::settled;
use super::js_error::{api_failure, ApiFailure};
use super::js_input::is_object;
use super::js_strings::{js_string, reflect_get, set_property};
use crate::answer_size;
use crate::error_class::ErrorClass;
use crate::error_message::{self, ErrorBody};
use crate::model::ApiObject;
use crate::redact::redact;
use crate::text::{concat, decimal};

pub struct Answer {
    pub status: u16,
    headers: FetchHeaders,
    /// The body, a JS string (empty when oversized).
    text: JsValue,
    /// The body's size when it was over the cap and so left unread (or dropped).
    oversized: Option<u64>,
}

/// Waits for the headers and the whole body. `Err` carries what was thrown: a network failure, an
/// abort, or a custom `fetch` that answered something other than a `Response`.
pub async fn receive(response: JsValue) -> Result<Answer, JsValue> {
    let response: FetchResponse = settled(&response).await?.unchecked_into();
    if !is_object(&response) {
        return Err(JsValue::from_str("fetch resolved to something that is not a Response"));
    }
    let status = response.status()?.as_f64().filter(|s| s.fract() == 0.0 && (100.0..=599.0).contains(s));
    let status = status.ok_or_else(|| JsValue::from_str("fetch resolved to a Response without a valid status"))? as u16;
    let headers = response.headers()?;
    if !is_object(&headers) {
        return Err(JsValue::from_str("fetch resolved to a Response without headers"));
    }
    let declared = headers.get(js_string("content-length")).ok().and_then(|length| length.as_string());
    if let Some(size) = answer_size::declared_too_large(declared.as_deref()) {
        // Left unread: dropping the attempt's window aborts the download.
        return Ok(Answer { status, headers, text: JsValue::from_str(""), oversized: Some(size) });
    }
    let text = settled(&response.text()?).await?;
    if !text.is_string() {
        return Err(JsValue::from_str("Response.text() did not give a string"));
    }
    // UTF-16 units: at most the UTF-8 size, close enough for a cap this far above real answers.
    let size = u64::from(length(&text));
    if size > answer_size::MAX_ANSWER_BYTES {
        return Ok(Answer { status, headers, text: JsValue::from_str(""), oversized: Some(size) });
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

    pub fn header(&self, name: &'static str) -> Option<String> {
        self.header_value(name).as_string()
    }

    /// The header as JS has it: a string, or `null` when absent (or unreadable).
    fn header_value(&self, name: &'static str) -> JsValue {
        self.headers.get(js_string(name)).ok().filter(JsValue::is_string).unwrap_or(JsValue::NULL)
    }

    /// The caller's value: the parsed body, its shape checked against `T`, with the request id
    /// attached as openai-node does: not enumerable, so `JSON.stringify` gives the API's JSON.
    pub fn into_checked<T: ApiObject>(self, secrets: &[&str]) -> Result<JsValue, JsValue> {
        let value = self.parsed(secrets)?;
        T::check(&value).map_err(|error| self.malformed(&error.message(), secrets))?;
        self.attach_request_id(&value)?;
        Ok(value)
    }

    /// The same, also giving back the model, for the code that plans on it.
    #[cfg(feature = "lifecycle")]
    pub fn into_parsed<T: ApiObject>(self, secrets: &[&str]) -> Result<(T, JsValue), JsValue> {
        let value = self.parsed(secrets)?;
        let model = T::from_value(&value).map_err(|error| self.malformed(&error.message(), secrets))?;
        self.attach_request_id(&value)?;
        Ok((model, value))
    }

    fn parsed(&self, secrets: &[&str]) -> Result<JsValue, JsValue> {
        if let Some(size) = self.oversized {
            return Err(self.malformed(&answer_size::too_large(size), secrets));
        }
        json_parse(&self.text).map_err(|_| {
            let text = redact(&self.text_copy(), secrets).into_owned();
            self.malformed(&concat(&["the body is not JSON: ", &error_message::summarize(&text)]), secrets)
        })
    }

    fn attach_request_id(&self, value: &JsValue) -> Result<(), JsValue> {
        let descriptor = new_object();
        set_property(&descriptor, "value", &self.header_value("x-request-id"));
        set_property(&descriptor, "configurable", &JsValue::TRUE);
        define_property(value, js_string("_request_id"), &descriptor).map(drop)
    }

    /// The error for a non-success status, with OpenAI's `error` object when the body has one.
    pub fn into_error(self, secrets: &[&str]) -> JsValue {
        if let Some(size) = self.oversized {
            let message = concat(&[&decimal(self.status.into()), " status code, and ", &answer_size::too_large(size)]);
            return self.failure(ErrorClass::for_status(self.status), &message, &JsValue::UNDEFINED, secrets);
        }
        let copy = self.text_copy();
        let text = redact(&copy, secrets);
        let error = json_parse(&JsValue::from_str(&text)).ok().and_then(|body| reflect_get(&body, "error").ok()).filter(is_object);
        let api_message = error.as_ref().and_then(|error| reflect_get(error, "message").ok()).and_then(|message| message.as_string());
        let content_type = self.header("content-type");
        let body = match &api_message {
            Some(message) => ErrorBody::ApiMessage(message),
            None => ErrorBody::Other { content_type: content_type.as_deref(), text: &text },
        };
        let message = error_message::api_error(self.status, body);
        self.failure(ErrorClass::for_status(self.status), &message, &error.unwrap_or(JsValue::UNDEFINED), secrets)
    }

    fn malformed(&self, problem: &str, secrets: &[&str]) -> JsValue {
        let message = error_message::malformed_response(self.status, problem);
        self.failure(ErrorClass::MalformedResponse, &redact(&message, secrets), &JsValue::UNDEFINED, secrets)
    }

    fn failure(&self, class: ErrorClass, message: &str, error: &JsValue, secrets: &[&str]) -> JsValue {
        let request_id = self.header("x-request-id");
        api_failure(&ApiFailure {
            class,
            message,
            status: self.status,
            headers: &self.headers_object(secrets),
            error,
            request_id: request_id.as_deref(),
        })
    }

    fn text_copy(&self) -> String {
        self.text.as_string().unwrap_or_default()
    }

    /// A plain object (openai-node's shape), which survives `JSON.stringify` and `structuredClone`.
    fn headers_object(&self, secrets: &[&str]) -> JsValue {
        let Ok(object) = object_from_entries(&self.headers) else {
            return new_object();
        };
        if let Ok(entries) = object_entries(&object) {
            for index in 0..length(&entries) {
                let pair = reflect_get_index(&entries, index).unwrap_or_default();
                let (Some(name), Some(value)) =
                    (reflect_get(&pair, "0").ok().and_then(|n| n.as_string()), reflect_get(&pair, "1").ok().and_then(|v| v.as_string()))
                else {
                    continue;
                };
                let clean = redact(&value, secrets);
                if clean != value {
                    reflect_set(&object, &JsValue::from_str(&name), &JsValue::from_str(&clean));
                }
            }
        }
        object
    }
}
