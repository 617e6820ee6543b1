//! The fixed names the package reads and writes on the runtime's objects (responses, headers,
//! signals, errors), each made into a JS string once and kept (wasm-bindgen's `static_string`).
//! A call reads a dozen of them: a copy into JS per use, or a hash lookup per use as
//! `wasm_bindgen::intern` does, costs more than the property access it serves. The names of the
//! caller's options and queries are declared where they are read (`read_members!`).

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsThreadLocal;

/// One fixed name; `name.with(|js| …)` lends its JS string.
pub type Name = JsThreadLocal<JsString>;

#[wasm_bindgen]
extern "C" {
    // Members of a request's init and of an API error.
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static HEADERS: JsString = "headers";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static SIGNAL: JsString = "signal";

    // Arrays.
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static LENGTH: JsString = "length";

    // The runtime: its globals, a request's init, an abort signal, errors and answers.
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static DOCUMENT: JsString = "document";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static CONSTRUCTOR: JsString = "constructor";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static NAME: JsString = "name";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static PROCESS: JsString = "process";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static ENV: JsString = "env";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static METHOD: JsString = "method";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static BODY: JsString = "body";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static ABORT: JsString = "abort";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static ABORTED: JsString = "aborted";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static ADD_EVENT_LISTENER: JsString = "addEventListener";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static MESSAGE: JsString = "message";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static CAUSE: JsString = "cause";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static STATUS: JsString = "status";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static ERROR: JsString = "error";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static FIELD: JsString = "field";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static REQUEST_ID_PROPERTY: JsString = "requestID";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static RESULT: JsString = "result";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static CHANGES: JsString = "changes";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static ATTEMPT: JsString = "attempt";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static MAX_ATTEMPTS: JsString = "maxAttempts";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static DELAY_MS: JsString = "delayMs";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static PLAN: JsString = "plan";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static VALUE: JsString = "value";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static CONFIGURABLE: JsString = "configurable";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static UNDERSCORE_REQUEST_ID: JsString = "_request_id";

    // Header names and values (lower case, as `Headers.get` takes them either way) and methods.
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static ACCEPT: JsString = "accept";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static AUTHORIZATION: JsString = "authorization";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static CONTENT_TYPE: JsString = "content-type";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static CONTENT_LENGTH: JsString = "content-length";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static OPENAI_ORGANIZATION: JsString = "openai-organization";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static OPENAI_PROJECT: JsString = "openai-project";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static X_REQUEST_ID: JsString = "x-request-id";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static X_SHOULD_RETRY: JsString = "x-should-retry";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static RETRY_AFTER_MS: JsString = "retry-after-ms";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static RETRY_AFTER: JsString = "retry-after";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static APPLICATION_JSON: JsString = "application/json";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static GET: JsString = "GET";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static POST: JsString = "POST";
    #[wasm_bindgen(thread_local_v2, static_string)]
    pub static DELETE: JsString = "DELETE";
}

/// The kept JS string of one of the request's fixed texts (`request::headers`' names and values,
/// the methods), or `None` for any other text.
pub fn fixed_request_text(text: &str) -> Option<&'static Name> {
    Some(match text {
        "accept" => &ACCEPT,
        "authorization" => &AUTHORIZATION,
        "content-type" => &CONTENT_TYPE,
        "openai-organization" => &OPENAI_ORGANIZATION,
        "openai-project" => &OPENAI_PROJECT,
        "application/json" => &APPLICATION_JSON,
        "GET" => &GET,
        "POST" => &POST,
        "DELETE" => &DELETE,
        _ => return None,
    })
}
