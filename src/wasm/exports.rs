//! What JavaScript calls. One exported function serves every operation, chosen by number: each
//! extra export would cost the wasm its own conversion shim and its own copy of the set-up.
//! `pkg-template/api.js` gives the operations their public names; the numbers are its.

use wasm_bindgen::prelude::*;

use super::js_input::{self, is_object, property};
use super::operation::{start, Operation};
use crate::request;
#[cfg(feature = "lifecycle")]
use crate::validate;
use crate::validate::{InvalidInput, Problem};

const CREATE: u32 = 0;

/// `operation(checkpoint, second, options)`; `second` is the body, query, permission id or
/// project ids, depending on the operation. Resolves to its result or rejects with a package error.
#[wasm_bindgen(js_name = perform, skip_typescript)]
pub fn perform_operation(operation: u32, checkpoint: JsValue, second: JsValue, options: JsValue) -> JsValue {
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
        let problem =
            if body.is_undefined() { Problem::Missing } else { Problem::WrongType("must be an object like { project_ids: [...] }") };
        return Err(InvalidInput::new("body", problem));
    }
    js_input::string_list(&property(body, "project_ids", "body.project_ids")?, "body.project_ids")
}

#[cfg(feature = "lifecycle")]
const CHECKPOINT: u32 = 0;
#[cfg(feature = "lifecycle")]
const PROJECT_IDS: u32 = 1;
#[cfg(feature = "lifecycle")]
const PERMISSION_ID: u32 = 2;

/// In the main entry only (the lean one exports create alone).
/// The calls' own input rules, without a call: `null` when `value` is valid, otherwise the
/// `InvalidInputError` a call would reject with. For forms that check as the user types.
#[cfg(feature = "lifecycle")]
#[wasm_bindgen(js_name = validate, skip_typescript)]
pub fn validate_input(kind: u32, value: JsValue) -> JsValue {
    let checked = match kind {
        CHECKPOINT => js_input::string(&value, "checkpoint").and_then(|id| validate::path_id("checkpoint", &id)),
        PROJECT_IDS => js_input::string_list(&value, "projectIds").and_then(|ids| validate::project_ids("projectIds", &ids)),
        PERMISSION_ID => js_input::string(&value, "permissionId").and_then(|id| validate::path_id("permissionId", &id)),
        _ => Err(InvalidInput::new("kind", Problem::OutOfRange("is not one this package knows"))),
    };
    match checked {
        Ok(()) => JsValue::NULL,
        Err(error) => super::js_error::invalid_input(&error),
    }
}
