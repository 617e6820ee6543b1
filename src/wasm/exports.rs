//! What JavaScript calls. One exported function serves every operation, chosen by number: each
//! extra export would cost the wasm its own conversion shim and its own copy of the set-up.
//! `pkg-template/api.js` gives the operations their public names; the numbers below are its.

use wasm_bindgen::prelude::*;

use super::js_input::{self, is_object, property};
use super::operation::{start, Operation};
use super::options::CallOptions;
use crate::query::ListQuery;
use crate::request;
use crate::validate::{self, InvalidInput, Problem};

const CREATE: u32 = 0;
const LIST: u32 = 1;
const DELETE: u32 = 2;
const GRANT: u32 = 3;
const REVOKE: u32 = 4;
const SYNC: u32 = 5;

/// `operation(checkpoint, second, options)`; `second` is the body, query, permission id or
/// project ids, depending on the operation. Resolves to its result or rejects with a package error.
#[wasm_bindgen(js_name = perform, skip_typescript)]
pub fn perform_operation(operation: u32, checkpoint: JsValue, second: JsValue, options: JsValue) -> js_sys::Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        let config = &call.config;
        Ok(match operation {
            CREATE => Operation::Page(request::create_permissions(config, &checkpoint, &create_body(&second)?)?),
            LIST => Operation::Page(request::list_permissions(config, &checkpoint, &js_input::list_query(&second)?)?),
            DELETE => Operation::Delete(request::delete_permission(config, &checkpoint, &js_input::string(&second, "permissionId")?)?),
            GRANT => Operation::Grant { project_ids: project_ids(call, &checkpoint, &second, false)?, checkpoint },
            REVOKE => Operation::Revoke { project_ids: project_ids(call, &checkpoint, &second, false)?, checkpoint, concurrency: js_input::concurrency(&options)? },
            SYNC => Operation::Sync {
                project_ids: project_ids(call, &checkpoint, &second, true)?,
                checkpoint,
                dry_run: js_input::optional_bool(&property(&options, "dryRun", "options.dryRun")?, "options.dryRun")?,
                concurrency: js_input::concurrency(&options)?,
            },
            _ => return Err(InvalidInput::new("operation", Problem::OutOfRange("is not one this package knows"))),
        })
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

/// Checks the checkpoint (by building its list request) and the project ids up front, so a
/// bad id fails before the first request, not between the list and the writes.
fn project_ids(call: &CallOptions, checkpoint: &str, project_ids: &JsValue, may_be_empty: bool) -> Result<Vec<String>, InvalidInput> {
    const FIELD: &str = "projectIds";
    request::list_permissions(&call.config, checkpoint, &ListQuery::default())?;
    let project_ids = js_input::string_list(project_ids, FIELD)?;
    if !(may_be_empty && project_ids.is_empty()) {
        validate::project_ids(FIELD, &project_ids)?;
    }
    Ok(project_ids)
}
