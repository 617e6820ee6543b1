//! The third argument of every call: openai-node's option names, read into a validated config
//! plus the two things that stay JavaScript (a custom `fetch` and the caller's `AbortSignal`).

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use super::js_input::{self, optional_number, optional_string, property};
use super::names::{self, Name};
use super::untrusted::{self, is_object, object_entries, CallerSignal};
use crate::config::{ClientConfig, RawOptions};
use crate::validate::{InvalidInput, Problem};

pub struct CallOptions {
    pub config: ClientConfig,
    pub fetch: Option<Function>,
    pub signal: Option<CallerSignal>,
}

impl CallOptions {
    pub fn read(options: &JsValue) -> Result<Self, InvalidInput> {
        if options.is_null_or_undefined() {
            return Self::read(&js_sys::Object::new());
        }
        if !is_object(options) {
            return Err(InvalidInput::new("options", Problem::WrongType("must be an object")));
        }
        let read = |key: &'static Name, field: &str| property(options, key, field);
        let api_key = match optional_string(&read(&names::API_KEY, "options.apiKey")?, "options.apiKey")? {
            Some(key) => Some(key),
            None => admin_key_from_environment(),
        };
        let raw = RawOptions {
            api_key,
            base_url: optional_string(&read(&names::BASE_URL, "options.baseURL")?, "options.baseURL")?,
            organization: optional_string(&read(&names::ORGANIZATION, "options.organization")?, "options.organization")?,
            project: optional_string(&read(&names::PROJECT, "options.project")?, "options.project")?,
            timeout_ms: optional_number(&read(&names::TIMEOUT, "options.timeout")?, "options.timeout")?,
            max_retries: optional_number(&read(&names::MAX_RETRIES, "options.maxRetries")?, "options.maxRetries")?,
            headers: headers(&read(&names::HEADERS, "options.headers")?)?,
            in_browser: in_browser(),
            dangerously_allow_browser: read(&names::DANGEROUSLY_ALLOW_BROWSER, "options.dangerouslyAllowBrowser")?.is_truthy(),
        };
        Ok(Self {
            config: ClientConfig::new(raw)?,
            fetch: custom_fetch(&read(&names::FETCH, "options.fetch")?)?,
            signal: signal(&read(&names::SIGNAL, "options.signal")?)?,
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

/// Node's convention (and openai-node's for admin keys). Other runtimes have no `process`, and a
/// browser bundle never gets a key this way.
fn admin_key_from_environment() -> Option<String> {
    let process = untrusted::get(&js_sys::global(), &names::PROCESS).ok().filter(is_object)?;
    let env = untrusted::get(&process, &names::ENV).ok().filter(is_object)?;
    optional_string(&untrusted::get(&env, &names::OPENAI_ADMIN_KEY).ok()?, "OPENAI_ADMIN_KEY").ok().flatten()
}

/// A plain object, a `Headers`, a `Map` or an array of pairs; a `null` value removes a default header.
fn headers(value: &JsValue) -> Result<Vec<(String, Option<String>)>, InvalidInput> {
    const FIELD: &str = "options.headers";
    if value.is_null_or_undefined() {
        return Ok(Vec::new());
    }
    if !is_object(value) {
        return Err(InvalidInput::new(FIELD, Problem::WrongType("must be an object of header names to values")));
    }
    let is_iterable = untrusted::get_symbol(value, &js_sys::Symbol::iterator()).is_ok_and(|method| method.is_function());
    let record = if is_iterable {
        js_sys::Object::from_entries(value).map_err(|_| InvalidInput::new(FIELD, Problem::WrongType("must hold [name, value] pairs")))?.into()
    } else {
        value.clone()
    };
    let entries = object_entries(&record).map_err(|_| InvalidInput::new(FIELD, Problem::Unreadable))?;
    let mut headers = Vec::new();
    // What `Object.entries` built: plain [name, value] arrays.
    for pair in entries.iter() {
        let pair: js_sys::Array = pair.unchecked_into();
        let name = js_input::string(&pair.get(0), FIELD)?;
        let value = optional_string(&pair.get(1), FIELD)?;
        headers.push((name, value));
    }
    Ok(headers)
}

fn custom_fetch(value: &JsValue) -> Result<Option<Function>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    match value.dyn_ref::<Function>() {
        Some(fetch) => Ok(Some(fetch.clone())),
        None => Err(InvalidInput::new("options.fetch", Problem::WrongType("must be a function (a fetch implementation)"))),
    }
}

fn signal(value: &JsValue) -> Result<Option<CallerSignal>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    let looks_like_a_signal = is_object(value)
        && untrusted::get(value, &names::ADD_EVENT_LISTENER).is_ok_and(|method| method.is_function())
        && untrusted::get(value, &names::ABORTED).is_ok();
    if !looks_like_a_signal {
        return Err(InvalidInput::new("options.signal", Problem::WrongType("must be an AbortSignal")));
    }
    Ok(Some(value.clone().unchecked_into()))
}
