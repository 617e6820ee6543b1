//! The few JS operations that js-sys and web-sys declare infallible but that throw on a hostile
//! value from the caller (a throwing getter, a revoked Proxy, a thenable whose `then` throws, a
//! polyfilled `Response`). Declared here with `catch`: an exception that unwound through wasm
//! frames would leave the module broken for every later call. Everything else comes from js-sys
//! and web-sys.

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::names::Name;

#[wasm_bindgen]
extern "C" {
    /// Throws on a revoked proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// Runs the caller's getters.
    #[wasm_bindgen(js_namespace = Object, js_name = entries, catch)]
    pub fn object_entries(value: &JsValue) -> Result<js_sys::Array, JsValue>;

    /// Takes the JS string as it is: js-sys's `JSON.parse` takes a `&str`, which would copy a whole
    /// page into wasm memory and back out.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;

    /// A JS string, checked before it is copied into wasm.
    type Text;
    /// Missing before Node 20, so it may throw "not a function".
    #[wasm_bindgen(method, js_name = isWellFormed, catch)]
    fn is_well_formed(this: &Text) -> Result<bool, JsValue>;
    /// Throws on a lone surrogate: the check where `isWellFormed` is missing.
    #[wasm_bindgen(js_name = encodeURIComponent, catch)]
    fn encode_uri_component(text: &JsValue) -> Result<JsValue, JsValue>;

    /// The caller's `AbortSignal`, or anything shaped like one.
    #[derive(Clone)]
    pub type CallerSignal;
    #[wasm_bindgen(method, structural, getter, catch)]
    fn aborted(this: &CallerSignal) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, structural, catch, js_name = addEventListener)]
    pub fn add_event_listener(this: &CallerSignal, kind: &JsString, listener: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(method, structural, catch, js_name = removeEventListener)]
    pub fn remove_event_listener(this: &CallerSignal, kind: &JsString, listener: &Function) -> Result<(), JsValue>;

    /// What the caller's `fetch` resolved to: a `Response` from any realm or polyfill.
    pub type AnyResponse;
    #[wasm_bindgen(method, structural, getter, catch)]
    pub fn status(this: &AnyResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, getter, catch)]
    pub fn headers(this: &AnyResponse) -> Result<AnyHeaders, JsValue>;
    #[wasm_bindgen(method, structural, catch)]
    pub fn text(this: &AnyResponse) -> Result<JsValue, JsValue>;

    pub type AnyHeaders;
    #[wasm_bindgen(method, structural, catch)]
    pub fn get(this: &AnyHeaders, name: &JsString) -> Result<JsValue, JsValue>;
}

pub fn is_array(value: &JsValue) -> bool {
    array_is_array(value).unwrap_or(false)
}

/// True for a string without lone surrogates (copying one into Rust would silently turn it into
/// U+FFFD: a different id than the caller's).
pub fn is_well_formed_string(value: &JsValue) -> bool {
    if !value.is_string() {
        return false;
    }
    value.unchecked_ref::<Text>().is_well_formed().unwrap_or_else(|_| encode_uri_component(value).is_ok())
}

/// `value[key]`; `Err` is what a getter or a proxy threw.
pub fn get(value: &JsValue, key: &'static Name) -> Result<JsValue, JsValue> {
    key.with(|key| js_sys::Reflect::get(value, key))
}

/// Objects and functions: what `Reflect.get` reads without throwing.
pub fn is_object(value: &JsValue) -> bool {
    value.is_object() || value.is_function()
}

impl CallerSignal {
    /// A signal whose `aborted` cannot be read counts as not aborted: the call still ends by timeout.
    pub fn is_aborted(&self) -> bool {
        self.aborted().unwrap_or(false)
    }
}

/// Waits for `value`, whatever it is: `new Promise(resolve => resolve(value))` never throws, even
/// on a thenable whose `then` throws or a promise whose own `then` was replaced, and its `then`
/// is the runtime's own.
pub fn settled(value: &JsValue) -> JsFuture {
    let promise = Promise::new(&mut |resolve, _reject| {
        let _ = resolve.call1(&JsValue::UNDEFINED, value);
    });
    JsFuture::from(promise)
}

/// `value[symbol]`.
pub fn get_symbol(value: &JsValue, symbol: &js_sys::Symbol) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(value, symbol)
}
