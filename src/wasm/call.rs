//! The driver: send, read, ask the core whether to retry, wait, repeat. All policy lives in
//! `crate::retry`; this loop only feeds it the clock, `Math.random()`, `Date.parse` and what
//! happened.

use wasm_bindgen::JsValue;

use super::attempt::AttemptWindow;
use super::js_error::{self, object};
use super::names;
use super::options::CallOptions;
use super::response::{receive, Answer};
use super::timer::sleep;
use super::untrusted::CallerSignal;
use crate::request::HttpRequest;
use crate::retry::{decide, AttemptOutcome, RetryDecision, Runtime};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The runtime's global `fetch`, looked up at each call: window, worker, Workers, Node ≥ 18
    /// (web-sys binds it only on `Window` and `WorkerGlobalScope`).
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &JsValue) -> Result<JsValue, JsValue>;
}

/// Resolves to a success answer, or rejects with one of the package's error objects.
pub async fn send(options: &CallOptions, request: &HttpRequest) -> Result<Answer, JsValue> {
    let config = &options.config;
    let caller = options.signal.as_ref();
    let secrets = config.secrets();
    let method = request.method.as_str();
    let init = request_init(request)?;
    let mut retries_done = 0;
    loop {
        if caller_aborted(caller) {
            return Err(js_error::user_abort());
        }
        let window = AttemptWindow::open(config.timeout_ms, caller)?;
        let _ = names::SIGNAL.with(|signal| js_sys::Reflect::set(&init, signal, &window.signal()));
        let result = match start_fetch(options, &request.url, &init) {
            Ok(pending) => receive(pending).await,
            Err(thrown) => Err(thrown),
        };
        if result.as_ref().is_ok_and(Answer::is_unread) {
            window.cancel();
        }
        let delay = match result {
            Ok(answer) if answer.is_success() => return Ok(answer),
            Ok(answer) => {
                let (should_retry, retry_after_ms, retry_after) =
                    (answer.header(&names::X_SHOULD_RETRY), answer.header(&names::RETRY_AFTER_MS), answer.header(&names::RETRY_AFTER));
                let outcome = AttemptOutcome::Status {
                    status: answer.status,
                    should_retry: should_retry.as_deref(),
                    retry_after_ms: retry_after_ms.as_deref(),
                    retry_after: retry_after.as_deref(),
                };
                match decide(config.max_retries, retries_done, &outcome, runtime()) {
                    RetryDecision::RetryAfterMs(delay) => delay,
                    RetryDecision::GiveUp => return Err(answer.into_error(&secrets)),
                }
            }
            Err(_) if caller_aborted(caller) => return Err(js_error::user_abort()),
            Err(thrown) => {
                let timed_out = window.timed_out();
                let outcome = if timed_out { AttemptOutcome::TimedOut } else { AttemptOutcome::ConnectionFailed };
                match decide(config.max_retries, retries_done, &outcome, runtime()) {
                    RetryDecision::RetryAfterMs(delay) => delay,
                    RetryDecision::GiveUp if timed_out => return Err(js_error::timed_out(config.timeout_ms, method, &request.url)),
                    RetryDecision::GiveUp => return Err(js_error::connection_failed(&thrown, method, &request.url, &secrets)),
                }
            }
        };
        drop(window);
        sleep(delay, caller).await.map_err(|()| js_error::user_abort())?;
        retries_done += 1;
    }
}

fn caller_aborted(caller: Option<&CallerSignal>) -> bool {
    caller.is_some_and(CallerSignal::is_aborted)
}

fn start_fetch(options: &CallOptions, url: &str, init: &JsValue) -> Result<JsValue, JsValue> {
    match &options.fetch {
        // `this` stays undefined: a fetch bound to another object throws "Illegal invocation"
        // in browsers and Workers.
        Some(fetch) => fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init),
        None => global_fetch(url, init),
    }
}

/// `{ method, headers, body }` as a plain object. Nothing else is set: options such as `cache`
/// are not implemented in every runtime (workerd throws on them).
fn request_init(request: &HttpRequest) -> Result<JsValue, JsValue> {
    let headers = js_sys::Object::new();
    for (name, value) in &request.headers {
        js_sys::Reflect::set(&headers, &js_text(name), &js_text(value))?;
    }
    let init = object(&[(&names::METHOD, &js_text(request.method.as_str())), (&names::HEADERS, &headers)]);
    if let Some(body) = &request.body {
        let text = js_sys::JSON::stringify(&serde_wasm_bindgen::to_value(body)?)?;
        names::BODY.with(|key| js_sys::Reflect::set(&init, key, &text))?;
    }
    Ok(init)
}

/// The request's fixed names and values are the same on every call: each is a JS string made once.
fn js_text(text: &str) -> JsValue {
    match names::fixed_request_text(text) {
        Some(fixed) => fixed.with(|fixed| fixed.clone().into()),
        None => JsValue::from_str(text),
    }
}

fn runtime() -> Runtime {
    Runtime { now_unix_ms: js_sys::Date::now(), jitter: js_sys::Math::random(), http_date_ms: |text| Some(js_sys::Date::parse(text)) }
}
