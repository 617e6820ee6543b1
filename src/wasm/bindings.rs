//! Hand-declared imports: only what the package uses, typed loosely enough that a polyfilled or
//! cross-realm `Response`/`AbortSignal` works (structural method calls, no `instanceof`). Each
//! import costs the glue a shim, so one import serves every use of the same JS operation
//! (`Reflect.get` with a JS key for names and indexes alike, one `length` getter).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The runtime's global `fetch`, looked up at each call (window, worker, Workers, Node ≥ 18).
    #[wasm_bindgen(js_name = fetch, catch)]
    pub fn global_fetch(url: &str, init: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(callback: &JsValue, ms: u32) -> JsValue;
    /// Node answers `setTimeout` with an object, browsers with a number: the handle stays opaque.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(handle: &JsValue);

    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    pub fn reflect_get_key(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> bool;
    #[wasm_bindgen(js_namespace = Object, js_name = entries, catch)]
    pub fn object_entries(target: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = fromEntries, catch)]
    pub fn object_from_entries(iterable: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = defineProperty, catch)]
    pub fn define_property(target: &JsValue, key: &JsValue, descriptor: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
    /// Throws on a revoked proxy, hence `catch`.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    pub fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// The global object of any runtime (window, worker, Workers, Node).
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    pub static GLOBAL_THIS: JsValue;
    #[wasm_bindgen(thread_local_v2, js_namespace = Symbol, js_name = iterator)]
    pub static SYMBOL_ITERATOR: JsValue;
    #[wasm_bindgen(js_namespace = Promise, js_name = reject)]
    pub fn rejected_promise(reason: &JsValue) -> JsValue;
    /// Throws on a lone surrogate: the check for runtimes without `String.prototype.isWellFormed`.
    #[wasm_bindgen(js_name = encodeURIComponent, catch)]
    pub fn encode_uri_component(text: &JsValue) -> Result<JsValue, JsValue>;

    /// A plain `{}`.
    #[wasm_bindgen(js_name = Object)]
    pub type PlainObject;
    #[wasm_bindgen(constructor, js_class = Object)]
    fn new() -> PlainObject;

    #[wasm_bindgen(js_name = Array)]
    pub type JsArray;
    #[wasm_bindgen(constructor, js_class = Array)]
    pub fn new() -> JsArray;
    #[wasm_bindgen(method, js_class = Array)]
    pub fn push(this: &JsArray, value: &JsValue) -> u32;

    #[wasm_bindgen(js_namespace = Math, js_name = random)]
    pub fn math_random() -> f64;
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    pub fn date_now() -> f64;
    /// `NaN` for what it cannot read; never throws on a string.
    #[wasm_bindgen(js_namespace = Date, js_name = parse)]
    pub fn date_parse(text: &str) -> f64;

    /// Any callable: the caller's `fetch`, `abort`.
    pub type Callable;
    #[wasm_bindgen(method, catch, js_name = call)]
    pub fn call2(this: &Callable, context: &JsValue, first: &JsValue, second: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, js_name = bind)]
    pub fn bind(this: &Callable, context: &JsValue) -> JsValue;

    /// A string or an array: one `length` import serves both.
    pub type HasLength;
    #[wasm_bindgen(method, structural, getter)]
    pub fn length(this: &HasLength) -> u32;

    /// A JS string, for the checks that must happen before it is copied into wasm.
    pub type JsText;
    #[wasm_bindgen(method, catch, js_name = isWellFormed)]
    pub fn is_well_formed(this: &JsText) -> Result<bool, JsValue>;

    pub type AbortController;
    #[wasm_bindgen(constructor)]
    pub fn new() -> AbortController;
    #[wasm_bindgen(method, getter)]
    pub fn signal(this: &AbortController) -> AbortSignal;
    #[wasm_bindgen(method, structural, getter, js_name = abort)]
    pub fn abort_method(this: &AbortController) -> Callable;
    #[wasm_bindgen(method)]
    pub fn abort(this: &AbortController);

    /// Ours or the caller's; the caller's may be any object that looks like one.
    pub type AbortSignal;
    #[wasm_bindgen(method, catch, getter)]
    pub fn aborted(this: &AbortSignal) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, catch, js_name = addEventListener)]
    pub fn add_event_listener(this: &AbortSignal, kind: &str, listener: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = removeEventListener)]
    pub fn remove_event_listener(this: &AbortSignal, kind: &str, listener: &JsValue) -> Result<(), JsValue>;

    pub type FetchResponse;
    #[wasm_bindgen(method, catch, getter)]
    pub fn status(this: &FetchResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, getter)]
    pub fn headers(this: &FetchResponse) -> Result<FetchHeaders, JsValue>;
    #[wasm_bindgen(method, catch)]
    pub fn text(this: &FetchResponse) -> Result<JsValue, JsValue>;

    pub type FetchHeaders;
    #[wasm_bindgen(method, catch, js_name = get)]
    pub fn get(this: &FetchHeaders, name: &JsValue) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(raw_module = "./errors.js")]
extern "C" {
    /// `pkg-template/errors.js`: builds an instance of the named exported error class.
    #[wasm_bindgen(js_name = makeError)]
    pub fn make_error(class_name: &str, message: &str, properties: &JsValue) -> JsValue;
}

/// A new plain object (`{}`): js-sys would bring its whole descriptor table for this one call.
pub fn new_object() -> JsValue {
    PlainObject::new().into()
}

/// `target[index]`; `Err` is what a getter or proxy threw.
pub fn reflect_get_index(target: &JsValue, index: u32) -> Result<JsValue, JsValue> {
    reflect_get_key(target, &JsValue::from(index))
}

/// The `length` of a string or an array.
pub fn length(value: &JsValue) -> u32 {
    value.unchecked_ref::<HasLength>().length()
}
