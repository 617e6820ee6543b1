//! The last argument of every call: openai-node's option names and the lifecycle calls' own, read
//! once into a validated config plus what stays JavaScript (a custom `fetch`, the caller's
//! `AbortSignal`, a progress callback). Each option's name is written once, below.

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use super::environment;
use super::js_input::{self, optional_number, optional_string};
use super::js_members::read_members;
use super::names;
use super::untrusted::{self, is_object, object_entries, CallerSignal};
use crate::config::{ClientConfig, RawOptions};
use crate::validate::{InvalidInput, Problem};

pub struct CallOptions {
    pub config: ClientConfig,
    pub fetch: Option<Function>,
    pub signal: Option<CallerSignal>,
    /// Told of each retry before its wait (not in the lean `/create` build).
    #[cfg(feature = "lifecycle")]
    pub on_retry: Option<Function>,
    #[cfg(feature = "lifecycle")]
    pub batch: BatchOptions,
}

/// The options of grant, revoke, sync and access as code.
#[cfg(feature = "lifecycle")]
pub struct BatchOptions {
    /// Plan only: list, compute, write nothing.
    pub dry_run: bool,
    /// Writes at once within one checkpoint.
    pub concurrency: usize,
    /// Checkpoints at once in an access run.
    #[cfg(feature = "access")]
    pub checkpoint_concurrency: usize,
    /// The organization's projects, as `listAllProjects` gives them: runs that name projects use
    /// these instead of reading the directory themselves; `null`: none are read or named.
    pub projects: Option<JsValue>,
    /// Told of each checkpoint as it finishes.
    #[cfg(feature = "access")]
    pub on_checkpoint: Option<Function>,
    /// A saved `planAccess` result to apply exactly (read by `applyAccess`).
    #[cfg(feature = "access")]
    pub plan: Option<JsValue>,
}

struct JsOptions {
    api_key: Option<String>,
    base_url: Option<String>,
    organization: Option<Option<String>>,
    project: Option<Option<String>>,
    timeout: Option<f64>,
    max_retries: Option<f64>,
    headers: Vec<(String, Option<String>)>,
    fetch: Option<Function>,
    signal: Option<CallerSignal>,
    dangerously_allow_browser: bool,
    #[cfg(feature = "lifecycle")]
    on_retry: Option<Function>,
    #[cfg(feature = "lifecycle")]
    dry_run: bool,
    #[cfg(feature = "lifecycle")]
    concurrency: usize,
    #[cfg(feature = "lifecycle")]
    projects: Option<JsValue>,
    #[cfg(feature = "access")]
    checkpoint_concurrency: usize,
    #[cfg(feature = "access")]
    on_checkpoint: Option<Function>,
    #[cfg(feature = "access")]
    plan: Option<JsValue>,
}

read_members! {
    fn read_js_options("options") -> JsOptions {
        api_key: "apiKey" => optional_string,
        base_url: "baseURL" => optional_string,
        organization: "organization" => nullable_string,
        project: "project" => nullable_string,
        timeout: "timeout" => optional_number,
        max_retries: "maxRetries" => optional_number,
        headers: "headers" => headers,
        fetch: "fetch" => custom_fetch,
        signal: "signal" => signal,
        dangerously_allow_browser: "dangerouslyAllowBrowser" => truthy,
        #[cfg(feature = "lifecycle")]
        on_retry: "onRetry" => optional_function,
        #[cfg(feature = "lifecycle")]
        dry_run: "dryRun" => flag,
        #[cfg(feature = "lifecycle")]
        concurrency: "concurrency" => concurrency,
        #[cfg(feature = "lifecycle")]
        projects: "projects" => given_value,
        #[cfg(feature = "access")]
        checkpoint_concurrency: "checkpointConcurrency" => concurrency,
        #[cfg(feature = "access")]
        on_checkpoint: "onCheckpoint" => optional_function,
        #[cfg(feature = "access")]
        plan: "plan" => optional_value,
    }
}

impl CallOptions {
    pub fn read(options: &JsValue) -> Result<Self, InvalidInput> {
        let js = read_js_options(options)?;
        let raw = RawOptions {
            api_key: js.api_key,
            base_url: js.base_url,
            organization: js.organization,
            project: js.project,
            timeout_ms: js.timeout,
            max_retries: js.max_retries,
            headers: js.headers,
            in_browser: in_browser(),
            dangerously_allow_browser: js.dangerously_allow_browser,
        };
        Ok(Self {
            config: ClientConfig::new(raw, &environment::variable)?,
            fetch: js.fetch,
            signal: js.signal,
            #[cfg(feature = "lifecycle")]
            on_retry: js.on_retry,
            #[cfg(feature = "lifecycle")]
            batch: BatchOptions {
                dry_run: js.dry_run,
                concurrency: js.concurrency,
                projects: js.projects,
                #[cfg(feature = "access")]
                checkpoint_concurrency: js.checkpoint_concurrency,
                #[cfg(feature = "access")]
                on_checkpoint: js.on_checkpoint,
                #[cfg(feature = "access")]
                plan: js.plan,
            },
        })
    }
}

/// A page (it has a `document`) or a dedicated or shared web worker. Not Node, Deno, Bun or
/// Cloudflare Workers, where code runs on a server the visitor cannot read. Checked on every
/// call, not cached: a bundle may set up `document` (a DOM shim) after the module loads.
fn in_browser() -> bool {
    let global = js_sys::global();
    if untrusted::get(&global, &names::DOCUMENT).is_ok_and(|document| is_object(&document)) {
        return true;
    }
    let scope = untrusted::get(&global, &names::CONSTRUCTOR).and_then(|constructor| untrusted::get(&constructor, &names::NAME));
    scope.ok().and_then(|name| name.as_string()).is_some_and(|name| name == "DedicatedWorkerGlobalScope" || name == "SharedWorkerGlobalScope")
}

/// `undefined`: not given (the environment may fill it in); `null`: given as "none".
fn nullable_string(value: &JsValue, field: &str) -> Result<Option<Option<String>>, InvalidInput> {
    if value.is_null() {
        return Ok(Some(None));
    }
    Ok(optional_string(value, field)?.map(Some))
}

fn truthy(value: &JsValue, _field: &str) -> Result<bool, InvalidInput> {
    Ok(value.is_truthy())
}

/// A plain object, a `Headers`, a `Map` or an array of pairs; a `null` value removes a default header.
fn headers(value: &JsValue, field: &str) -> Result<Vec<(String, Option<String>)>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(Vec::new());
    }
    if !is_object(value) {
        return Err(InvalidInput::new(field, Problem::WrongType("must be an object of header names to values")));
    }
    let is_iterable = untrusted::get_symbol(value, &js_sys::Symbol::iterator()).is_ok_and(|method| method.is_function());
    let record = if is_iterable {
        js_sys::Object::from_entries(value).map_err(|_| InvalidInput::new(field, Problem::WrongType("must hold [name, value] pairs")))?.into()
    } else {
        value.clone()
    };
    let entries = object_entries(&record).map_err(|_| InvalidInput::new(field, Problem::Unreadable))?;
    let mut headers = Vec::new();
    // What `Object.entries` built: plain [name, value] arrays.
    for pair in entries.iter() {
        let pair: js_sys::Array = pair.unchecked_into();
        let name = js_input::string(&pair.get(0), field)?;
        let value = optional_string(&pair.get(1), field)?;
        headers.push((name, value));
    }
    Ok(headers)
}

fn custom_fetch(value: &JsValue, field: &str) -> Result<Option<Function>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    match value.dyn_ref::<Function>() {
        Some(fetch) => Ok(Some(fetch.clone())),
        None => Err(InvalidInput::new(field, Problem::WrongType("must be a function (a fetch implementation)"))),
    }
}

fn signal(value: &JsValue, field: &str) -> Result<Option<CallerSignal>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    let looks_like_a_signal = is_object(value)
        && untrusted::get(value, &names::ADD_EVENT_LISTENER).is_ok_and(|method| method.is_function())
        && untrusted::get(value, &names::ABORTED).is_ok();
    if !looks_like_a_signal {
        return Err(InvalidInput::new(field, Problem::WrongType("must be an AbortSignal")));
    }
    Ok(Some(value.clone().unchecked_into()))
}

/// `true` or `false`; not given is `false`.
#[cfg(feature = "lifecycle")]
fn flag(value: &JsValue, field: &str) -> Result<bool, InvalidInput> {
    Ok(js_input::optional_bool(value, field)?.unwrap_or(false))
}

/// 1–32 requests or checkpoints at once; 4 when not given.
#[cfg(feature = "lifecycle")]
fn concurrency(value: &JsValue, field: &str) -> Result<usize, InvalidInput> {
    const DEFAULT: usize = 4;
    match optional_number(value, field)? {
        None => Ok(DEFAULT),
        Some(n) if n.fract() == 0.0 && (1.0..=32.0).contains(&n) => Ok(n as usize),
        Some(_) => Err(InvalidInput::new(field, Problem::OutOfRange("must be a whole number from 1 to 32"))),
    }
}

#[cfg(feature = "lifecycle")]
fn optional_function(value: &JsValue, field: &str) -> Result<Option<Function>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    value.dyn_ref::<Function>().cloned().map(Some).ok_or_else(|| InvalidInput::new(field, Problem::WrongType("must be a function")))
}

/// Any value but `undefined`, `null` included (it means "none"), read later by whoever needs it.
#[cfg(feature = "lifecycle")]
fn given_value(value: &JsValue, _field: &str) -> Result<Option<JsValue>, InvalidInput> {
    Ok((!value.is_undefined()).then(|| value.clone()))
}

/// Any value but `undefined` and `null`, read later by whoever needs it.
#[cfg(feature = "access")]
fn optional_value(value: &JsValue, _field: &str) -> Result<Option<JsValue>, InvalidInput> {
    Ok((!value.is_null_or_undefined()).then(|| value.clone()))
}
