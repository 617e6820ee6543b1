//! The driver: send, read, ask the core whether to retry, wait, repeat. All policy lives in
//! `crate::retry`; this loop only feeds it the clock, `Math.random()`, `Date.parse` and what
//! happened.

use std::borrow::Cow;

use wasm_bindgen::JsValue;

use super::abort::{caller_aborted, sleep, AttemptWindow};
use super::bindings::{date_now, date_parse, global_fetch, math_random, new_object, reflect_set};
use super::js_error;
use super::js_strings::{js_string, set_property};
use super::options::CallOptions;
use super::response::{receive, Answer};
use crate::request::HttpRequest;
use crate::retry::{decide, AttemptOutcome, RetryDecision, Runtime};

/// Resolves to a success answer, or rejects with one of the package's error objects.
pub async fn send(options: &CallOptions, request: &HttpRequest) -> Result<Answer, JsValue> {
    let config = &options.config;
    let caller = options.signal.as_ref();
    let secrets = config.secrets();
    let method = request.method.as_str();
    let init = request_init(request);
    let mut retries_done = 0;
    loop {
        if caller_aborted(caller) {
            return Err(js_error::user_abort());
        }
        let window = AttemptWindow::open(config.timeout_ms, caller);
        set_property(&init, "signal", &window.signal());
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
                    (answer.header("x-should-retry"), answer.header("retry-after-ms"), answer.header("retry-after"));
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
fn request_init(request: &HttpRequest) -> JsValue {
    let init = new_object();
    set_property(&init, "method", js_string(request.method.as_str()));
    let headers = new_object();
    for (name, value) in &request.headers {
        with_js_text(name, |name| with_js_text(value, |value| reflect_set(&headers, name, value)));
    }
    set_property(&init, "headers", &headers);
    if let Some(body) = &request.body {
        set_property(&init, "body", &JsValue::from_str(body));
    }
    init.into()
}

/// A fixed name or value is lent from the cache of JS strings; only the caller's text is decoded.
fn with_js_text<R>(text: &Cow<'static, str>, use_it: impl FnOnce(&JsValue) -> R) -> R {
    match text {
        Cow::Borrowed(fixed) => use_it(js_string(fixed)),
        Cow::Owned(text) => use_it(&JsValue::from_str(text)),
    }
}

fn runtime() -> Runtime {
    Runtime { now_unix_ms: date_now(), jitter: math_random(), http_date_ms: |text| Some(date_parse(text)) }
}
