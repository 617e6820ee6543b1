//! The runtime's environment variables, where it has `process.env` (Node, Bun, and Deno with
//! `--allow-env`; a Deno without it throws, which reads as unset). Browsers and Workers have
//! none: there every setting comes from the options. Read on every call (a variable may change),
//! but the `process.env` object is found once: looking it up through the global `process` on
//! every call cost a tenth of a create call's own time.

use wasm_bindgen::JsValue;

use super::js_input::optional_string;
use super::names;
use super::untrusted::{self, is_object};

thread_local! {
    static ENV: Option<JsValue> = process_env();
}

/// `process.env[name]`, when it is a well-formed string.
pub fn variable(name: &'static str) -> Option<String> {
    let value = ENV.with(|env| {
        let env = env.as_ref()?;
        js_sys::Reflect::get(env, &JsValue::from_str(name)).ok()
    })?;
    optional_string(&value, name).ok().flatten()
}

fn process_env() -> Option<JsValue> {
    let process = untrusted::get(&js_sys::global(), &names::PROCESS).ok().filter(is_object)?;
    untrusted::get(&process, &names::ENV).ok().filter(is_object)
}
