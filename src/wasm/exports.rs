//! What JavaScript calls. One exported function serves every operation, chosen by number: each
//! extra export would cost the wasm its own conversion shim and its own copy of the set-up.
//! `pkg-template/api.js` gives the operations their public names; the numbers are its.

use wasm_bindgen::prelude::*;

use super::js_input::{self, is_object, property};
use super::operation::{start, Operation};
use crate::request;
use crate::validate::{InvalidInput, Problem};

const CREATE: u32 = 0;

/// `operation(checkpoint, second, options)`; `second` is the body, query, permission id or
/// project ids, depending on the operation. Resolves to its result or rejects with a package error.
#[wasm_bindgen(js_name = perform, skip_typescript)]
pub fn perform_operation(operation: u32, checkpoint: JsValue, second: JsValue, options: JsValue) -> js_sys::Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        match operation {
            CREATE => Ok(Operation::Page(request::create_permissions(&call.config, &checkpoint, &create_body(&second)?)?)),
            #[cfg(feature = "lifecycle")]
            other => super::lifecycle::read::operation(other, call, checkpoint, &second, &options).map(Operation::Lifecycle),
            #[cfg(not(feature = "lifecycle"))]
            _ => Err(InvalidInput::new("operation", Problem::OutOfRange("is not in this build (use the package's main entry)"))),
        }
    })
}

/// `{ project_ids: [...] }`.
fn create_body(body: &JsValue) -> Result<Vec<String>, InvalidInput> {
    if !is_object(body) {
        let problem = if body.is_undefined() { Problem::Missing } else { Problem::WrongType("must be an object like { project_ids: [...] }") };
        return Err(InvalidInput::new("body", problem));
    }
    js_input::string_list(&property(body, "project_ids", "body.project_ids")?, "body.project_ids")
}
