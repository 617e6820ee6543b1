//! The third argument of every call: openai-node's option names, read into a validated config
//! plus the two things that stay JavaScript (a custom `fetch` and the caller's `AbortSignal`).

use wasm_bindgen::{JsCast, JsValue};

use super::bindings::{
    length, new_object, object_entries, object_from_entries, reflect_get_index, reflect_get_key, AbortSignal, Callable, GLOBAL_THIS,
    SYMBOL_ITERATOR,
};
use super::js_input::{self, is_object, optional_number, optional_string, property};
use super::js_strings::{js_string, reflect_get};
use crate::config::{ClientConfig, RawOptions};
use crate::validate::{InvalidInput, Problem};

pub struct CallOptions {
    pub config: ClientConfig,
    pub fetch: Option<Callable>,
    pub signal: Option<AbortSignal>,
}

impl CallOptions {
    pub fn read(options: &JsValue) -> Result<Self, InvalidInput> {
        if options.is_null_or_undefined() {
            return Self::read(&new_object());
        }
        if !is_object(options) {
            return Err(InvalidInput::new("options", Problem::WrongType("must be an object")));
        }
        let read = |key: &'static str, field: &str| property(options, key, field);
        let api_key = match optional_string(&read("apiKey", "options.apiKey")?, "options.apiKey")? {
            Some(key) => Some(key),
            None => admin_key_from_environment(),
        };
        let raw = RawOptions {
            api_key,
            base_url: optional_string(&read("baseURL", "options.baseURL")?, "options.baseURL")?,
            organization: optional_string(&read("organization", "options.organization")?, "options.organization")?,
            project: optional_string(&read("project", "options.project")?, "options.project")?,
            timeout_ms: optional_number(&read("timeout", "options.timeout")?, "options.timeout")?,
            max_retries: optional_number(&read("maxRetries", "options.maxRetries")?, "options.maxRetries")?,
            headers: headers(&read("headers", "options.headers")?)?,
            in_browser: in_browser(),
            dangerously_allow_browser: read("dangerouslyAllowBrowser", "options.dangerouslyAllowBrowser")?.is_truthy(),
        };
        Ok(Self {
            config: ClientConfig::new(raw)?,
            fetch: custom_fetch(&read("fetch", "options.fetch")?)?,
            signal: signal(&read("signal", "options.signal")?)?,
        })
    }
}

/// A page (it has a `document`) or a dedicated or shared web worker. Not Node, Deno, Bun or
/// Cloudflare Workers, where code runs on a server the visitor cannot read.
fn in_browser() -> bool {
    GLOBAL_THIS.with(|global| {
        if reflect_get(global, "document").is_ok_and(|document| is_object(&document)) {
            return true;
        }
        // Compared as JS strings: nothing is copied into wasm on every call.
        let scope = reflect_get(global, "constructor").and_then(|constructor| reflect_get(&constructor, "name")).unwrap_or_default();
        scope == *js_string("DedicatedWorkerGlobalScope") || scope == *js_string("SharedWorkerGlobalScope")
    })
}

/// Node's convention (and openai-node's for admin keys). Other runtimes have no `process`, and a
/// browser bundle never gets a key this way.
fn admin_key_from_environment() -> Option<String> {
    let process = GLOBAL_THIS.with(|global| reflect_get(global, "process")).ok().filter(is_object)?;
    let env = reflect_get(&process, "env").ok().filter(is_object)?;
    js_input::optional_string(&reflect_get(&env, "OPENAI_ADMIN_KEY").ok()?, "OPENAI_ADMIN_KEY").ok().flatten()
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
    let is_iterable = SYMBOL_ITERATOR.with(|iterator| reflect_get_key(value, iterator)).map(|f| f.is_function()).unwrap_or(false);
    let record = if is_iterable {
        object_from_entries(value).map_err(|_| InvalidInput::new(FIELD, Problem::WrongType("must hold [name, value] pairs")))?
    } else {
        value.clone()
    };
    let entries = object_entries(&record).map_err(|_| InvalidInput::new(FIELD, Problem::Unreadable))?;
    let mut headers = Vec::new();
    for index in 0..length(&entries) {
        let pair = reflect_get_index(&entries, index).unwrap_or_default();
        let name = js_input::string(&reflect_get(&pair, "0").unwrap_or_default(), FIELD)?;
        let value = js_input::optional_string(&reflect_get(&pair, "1").unwrap_or_default(), FIELD)?;
        headers.push((name, value));
    }
    Ok(headers)
}

fn custom_fetch(value: &JsValue) -> Result<Option<Callable>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    if !value.is_function() {
        return Err(InvalidInput::new("options.fetch", Problem::WrongType("must be a function (a fetch implementation)")));
    }
    Ok(Some(value.clone().unchecked_into()))
}

fn signal(value: &JsValue) -> Result<Option<AbortSignal>, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    let looks_like_a_signal = is_object(value)
        && reflect_get(value, "addEventListener").map(|f| f.is_function()).unwrap_or(false)
        && reflect_get(value, "aborted").is_ok();
    if !looks_like_a_signal {
        return Err(InvalidInput::new("options.signal", Problem::WrongType("must be an AbortSignal")));
    }
    Ok(Some(value.clone().unchecked_into()))
}
