//! `listAuditLogs` and the pages behind `listAllAuditLogs`: the organization's audit log, newest
//! first, with the API's own query (`event_types`, `effective_at: { gt, gte, lt, lte }`, …).

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::model::{AuditLog, AuditLogPage};
use crate::query::Paging;
use crate::resources::audit_logs::{self as resource, ListQuery, TimeRange};
use crate::validate::InvalidInput;
use crate::wasm::call::send;
use crate::wasm::export::start;
use crate::wasm::js_input::{optional_limit, optional_list, optional_seconds, optional_string};
use crate::wasm::js_members::read_members;
use crate::wasm::list::{ListWalk, Pages};
use crate::wasm::options::CallOptions;

/// One page: `{ object: "list", data: [audit log events…], first_id, last_id, has_more }`. An
/// organization that never turned audit logging on gets an `AuditLoggingDisabledError`.
#[wasm_bindgen(js_name = listAuditLogs)]
pub fn list_audit_logs(query: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let request = resource::list(&call.config, &read_query(&query)?);
        Ok(async move {
            let answer = send(&call, &request).await.map_err(|error| error.reclassified(resource::classify))?;
            let (_, page) = answer.into_checked::<AuditLogPage>(&call.config.secrets())?;
            Ok(page)
        })
    })
}

/// The pages of `listAllAuditLogs` (`calls.js`); throws `InvalidInputError`.
#[wasm_bindgen(js_name = auditLogPages)]
pub fn audit_log_pages(query: JsValue, options: JsValue) -> Result<Pages, JsValue> {
    Pages::open(&options, |call| walk(call, read_query(&query)?))
}

/// Every page of the audit log the query selects.
pub fn walk(call: &CallOptions, query: ListQuery) -> Result<ListWalk<ListQuery, AuditLog>, InvalidInput> {
    Ok(ListWalk::new(call, query, Box::new(|config, query| Ok(resource::list(config, query))))?.classifying(resource::classify))
}

struct JsQuery {
    effective_at: TimeRange,
    project_ids: Vec<String>,
    event_types: Vec<String>,
    actor_ids: Vec<String>,
    actor_emails: Vec<String>,
    resource_ids: Vec<String>,
    limit: Option<u32>,
    after: Option<String>,
    before: Option<String>,
}

read_members! {
    fn read_js_query("query", "must be an object like { event_types, effective_at, project_ids, limit, after }") -> JsQuery {
        effective_at: "effective_at" => read_time_range,
        project_ids: "project_ids" => optional_list,
        event_types: "event_types" => optional_list,
        actor_ids: "actor_ids" => optional_list,
        actor_emails: "actor_emails" => optional_list,
        resource_ids: "resource_ids" => optional_list,
        limit: "limit" => optional_limit,
        after: "after" => optional_string,
        before: "before" => optional_string,
    }
}

read_members! {
    fn read_range("query.effective_at", "must be an object like { gt, gte, lt, lte } of Unix seconds") -> TimeRange {
        gt: "gt" => optional_seconds,
        gte: "gte" => optional_seconds,
        lt: "lt" => optional_seconds,
        lte: "lte" => optional_seconds,
    }
}

fn read_time_range(value: &JsValue, _field: &str) -> Result<TimeRange, InvalidInput> {
    read_range(value)
}

/// The caller's query, checked.
pub fn read_query(value: &JsValue) -> Result<ListQuery, InvalidInput> {
    let JsQuery { effective_at, project_ids, event_types, actor_ids, actor_emails, resource_ids, limit, after, before } = read_js_query(value)?;
    let query = ListQuery { effective_at, project_ids, event_types, actor_ids, actor_emails, resource_ids, paging: Paging { after, limit }, before };
    query.validate()?;
    Ok(query)
}
