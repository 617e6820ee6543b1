//! The driver: send, read, ask the core whether to retry, wait, repeat. All policy lives in
//! `crate::retry`; this loop only feeds it the clock, `Math.random()`, `Date.parse` and what
//! happened.

use std::borrow::Cow;

use serde::Serialize;
use wasm_bindgen::JsValue;

use super::answer::{receive, Answer};
use super::attempt::AttemptWindow;
use super::call_error::{object, CallError};
use super::names;
use super::options::CallOptions;
use super::timer::sleep;
use super::untrusted::CallerSignal;
use crate::error::Error;
use crate::request::{HttpRequest, Method};
use crate::retry::{decide, AttemptOutcome, RetryDecision, Runtime};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The runtime's global `fetch`, looked up at each call: window, worker, Workers, Node ≥ 18
    /// (web-sys binds it only on `Window` and `WorkerGlobalScope`).
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &JsValue) -> Result<JsValue, JsValue>;
}

/// Resolves to a success answer, or to the error the call ends with. The body is serialized
/// here, once for every attempt: the one path every request body takes.
pub async fn send<B: Serialize>(options: &CallOptions, request: &HttpRequest<B>) -> Result<Answer, CallError> {
    let prepared = match &request.body {
        Some(body) => json_text(body).and_then(|body| request_init(request.method, &request.headers, Some(&body))),
        None => request_init(request.method, &request.headers, None),
    };
    let init = prepared.map_err(|thrown| CallError::connection(&thrown, request.method, &request.url, &options.config.secrets()))?;
    send_init(options, request.method, &request.url, &init).await
}

async fn send_init(options: &CallOptions, method: Method, url: &str, init: &JsValue) -> Result<Answer, CallError> {
    let config = &options.config;
    let caller = options.signal.as_ref();
    let secrets = config.secrets();
    let mut retries_done = 0;
    loop {
        if caller_aborted(caller) {
            return Err(Error::Aborted.into());
        }
        let window = AttemptWindow::open(config.timeout_ms, caller).map_err(|thrown| CallError::connection(&thrown, method, url, &secrets))?;
        let _ = names::SIGNAL.with(|signal| js_sys::Reflect::set(init, signal, &window.signal()));
        let result = match start_fetch(options, url, init) {
            Ok(pending) => receive(pending).await,
            Err(thrown) => Err(thrown),
        };
        if result.as_ref().is_ok_and(Answer::is_unread) {
            window.cancel();
        }
        let (delay, failure) = match result {
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
                    RetryDecision::RetryAfterMs(delay) => (delay, Failure::answered(answer)),
                    RetryDecision::GiveUp => return Err(answer.into_error(&secrets).into()),
                }
            }
            Err(_) if caller_aborted(caller) => return Err(Error::Aborted.into()),
            Err(thrown) => {
                let timed_out = window.timed_out();
                let outcome = if timed_out { AttemptOutcome::TimedOut } else { AttemptOutcome::ConnectionFailed };
                match decide(config.max_retries, retries_done, &outcome, runtime()) {
                    RetryDecision::RetryAfterMs(delay) => (delay, Failure::thrown(thrown, timed_out)),
                    RetryDecision::GiveUp if timed_out => {
                        return Err(Error::TimedOut { timeout_ms: config.timeout_ms, method, url: url.to_owned() }.into())
                    }
                    RetryDecision::GiveUp => return Err(CallError::connection(&thrown, method, url, &secrets)),
                }
            }
        };
        drop(window);
        #[cfg(feature = "lifecycle")]
        if let Some(callback) = &options.on_retry {
            let error = match failure {
                Failure::Answered(answer) => CallError::from(answer.into_error(&secrets)),
                Failure::Thrown { timed_out: true, .. } => Error::TimedOut { timeout_ms: config.timeout_ms, method, url: url.to_owned() }.into(),
                Failure::Thrown { thrown, .. } => CallError::connection(&thrown, method, url, &secrets),
            };
            announce_retry(callback, retries_done + 2, config.max_retries + 1, delay, &error);
        }
        #[cfg(not(feature = "lifecycle"))]
        let Failure = failure;
        sleep(delay, caller).await.map_err(|()| CallError::from(Error::Aborted))?;
        retries_done += 1;
    }
}

/// Why an attempt is about to be retried; its error is made only if someone is told.
#[cfg(feature = "lifecycle")]
enum Failure {
    Answered(Answer),
    Thrown { thrown: JsValue, timed_out: bool },
}

/// The lean `/create` build tells nobody: nothing is kept (every byte of it counts).
#[cfg(not(feature = "lifecycle"))]
struct Failure;

impl Failure {
    #[cfg(feature = "lifecycle")]
    fn answered(answer: Answer) -> Self {
        Failure::Answered(answer)
    }

    #[cfg(feature = "lifecycle")]
    fn thrown(thrown: JsValue, timed_out: bool) -> Self {
        Failure::Thrown { thrown, timed_out }
    }

    #[cfg(not(feature = "lifecycle"))]
    fn answered(_: Answer) -> Self {
        Failure
    }

    #[cfg(not(feature = "lifecycle"))]
    fn thrown(_: JsValue, _: bool) -> Self {
        Failure
    }
}

/// `options.onRetry({ attempt, maxAttempts, delayMs, status, message })`, before the wait: a page
/// shows "attempt 2 of 3 in 0.5 s" instead of an unexplained wait.
#[cfg(feature = "lifecycle")]
fn announce_retry(callback: &js_sys::Function, attempt: u32, max_attempts: u32, delay_ms: u32, error: &CallError) {
    let status = error.error().status().map_or(JsValue::NULL, JsValue::from);
    let retry = object(&[
        (&names::ATTEMPT, &JsValue::from(attempt)),
        (&names::MAX_ATTEMPTS, &JsValue::from(max_attempts)),
        (&names::DELAY_MS, &JsValue::from(delay_ms)),
        (&names::STATUS, &status),
        (&names::MESSAGE, &JsValue::from_str(&error.error().message())),
    ]);
    super::callback::notify(callback, &retry);
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
fn request_init(method: Method, headers: &[(Cow<'static, str>, Cow<'static, str>)], body: Option<&JsValue>) -> Result<JsValue, JsValue> {
    let header_object = js_sys::Object::new();
    for (name, value) in headers {
        js_sys::Reflect::set(&header_object, &js_text(name), &js_text(value))?;
    }
    let init = object(&[(&names::METHOD, &js_text(method.as_str())), (&names::HEADERS, &header_object)]);
    if let Some(body) = body {
        names::BODY.with(|key| js_sys::Reflect::set(&init, key, body))?;
    }
    Ok(init)
}

/// A body model as JSON text: serde-wasm-bindgen, then the runtime's own `JSON.stringify`.
fn json_text<B: Serialize>(body: &B) -> Result<JsValue, JsValue> {
    Ok(js_sys::JSON::stringify(&serde_wasm_bindgen::to_value(body)?)?.into())
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
