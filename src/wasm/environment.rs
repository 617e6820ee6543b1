//! The runtime's environment variables, where it has `process.env` (Node, Bun, and Deno with
//! `--allow-env`; a Deno without it throws, which reads as unset). Browsers and Workers have
//! none: there every setting comes from the options.

use wasm_bindgen::JsValue;

use super::js_input::optional_string;
use super::names;
use super::untrusted::{self, is_object};

/// `process.env[name]`, when it is a well-formed string.
pub fn variable(name: &'static str) -> Option<String> {
    let process = untrusted::get(&js_sys::global(), &names::PROCESS).ok().filter(is_object)?;
    let env = untrusted::get(&process, &names::ENV).ok().filter(is_object)?;
    let value = js_sys::Reflect::get(&env, &JsValue::from_str(name)).ok()?;
    optional_string(&value, name).ok().flatten()
}
