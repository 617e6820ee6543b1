//! Arguments of the lifecycle calls: list queries, project id lists, sync and revoke options.

#[cfg(feature = "access")]
use js_sys::Function;
#[cfg(feature = "access")]
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

use crate::query::{self, ListQuery, Order};
use crate::request;
use crate::validate::{self, InvalidInput, Problem};
use crate::wasm::js_input::{self, optional_number, optional_string, property};
use crate::wasm::names::{self, Name};
use crate::wasm::options::CallOptions;
use crate::wasm::untrusted::is_object;

/// Checks the checkpoint (by building its list request) and the project ids up front, so a
/// bad id fails before the first request, not between the list and the writes.
pub fn project_ids(call: &CallOptions, checkpoint: &str, project_ids: &JsValue, may_be_empty: bool) -> Result<Vec<String>, InvalidInput> {
    const FIELD: &str = "projectIds";
    request::list_permissions(&call.config, checkpoint, &ListQuery::default())?;
    let project_ids = js_input::string_list(project_ids, FIELD)?;
    if !(may_be_empty && project_ids.is_empty()) {
        validate::project_ids(FIELD, &project_ids)?;
    }
    Ok(project_ids)
}

pub fn optional_bool(value: &JsValue, field: &str) -> Result<bool, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(false);
    }
    value.as_bool().ok_or_else(|| InvalidInput::new(field, Problem::WrongType("must be true or false")))
}

/// `options.concurrency` (writes at once within one checkpoint) or `options.checkpointConcurrency`
/// (checkpoints at once in an access run).
pub fn concurrency(options: &JsValue, key: &'static Name, field: &str) -> Result<usize, InvalidInput> {
    const DEFAULT: usize = 4;
    if !is_object(options) {
        return Ok(DEFAULT);
    }
    match optional_number(&property(options, key, field)?, field)? {
        None => Ok(DEFAULT),
        Some(n) if n.fract() == 0.0 && (1.0..=32.0).contains(&n) => Ok(n as usize),
        Some(_) => Err(InvalidInput::new(field, Problem::OutOfRange("must be a whole number from 1 to 32"))),
    }
}

/// A callback option; `undefined` or `null` means none.
#[cfg(feature = "access")]
pub fn optional_function(options: &JsValue, key: &'static Name, field: &str) -> Result<Option<Function>, InvalidInput> {
    if !is_object(options) {
        return Ok(None);
    }
    let value = property(options, key, field)?;
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    value.dyn_into::<Function>().map(Some).map_err(|_| InvalidInput::new(field, Problem::WrongType("must be a function")))
}

/// The list call's `{ after, limit, order, project_id }`; `undefined` or `null` means none.
pub fn list_query(value: &JsValue) -> Result<ListQuery, InvalidInput> {
    if value.is_null_or_undefined() {
        return Ok(ListQuery::default());
    }
    let value = js_input::object(value, "query", "must be an object like { after, limit, order, project_id }")?;
    let limit =
        optional_number(&property(value, &names::LIMIT, "query.limit")?, "query.limit")?.map(|n| query::limit("query.limit", n)).transpose()?;
    let order =
        optional_string(&property(value, &names::ORDER, "query.order")?, "query.order")?.map(|o| Order::parse("query.order", &o)).transpose()?;
    Ok(ListQuery {
        after: optional_string(&property(value, &names::AFTER, "query.after")?, "query.after")?,
        limit,
        order,
        project_id: optional_string(&property(value, &names::PROJECT_ID, "query.project_id")?, "query.project_id")?,
    })
}
