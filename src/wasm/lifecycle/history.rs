//! `checkpointAccessHistory`: who granted or revoked which project, and when, from the audit log.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::directory;
use crate::history::{checkpoint_history, unexplained_revokes, AccessHistory};
use crate::ids::IdKind;
use crate::model::AuditLog;
use crate::resources::audit_logs::{ListQuery, TimeRange, PERMISSION_CREATED, PERMISSION_DELETED};
use crate::wasm::call_error::CallError;
use crate::wasm::export::start;
use crate::wasm::exports::audit_logs::walk;
use crate::wasm::js_input::{self, optional_seconds};
use crate::wasm::js_members::read_members;
use crate::wasm::options::CallOptions;
use crate::wasm::to_js;

/// Revoked permissions whose grant is looked up at once: a query string stays short.
const LOOKUP_BATCH: usize = 20;

struct Window {
    since: Option<i64>,
    until: Option<i64>,
}

read_members! {
    fn read_window("query", "must be an object like { since, until } of Unix seconds") -> Window {
        since: "since" => optional_seconds,
        until: "until" => optional_seconds,
    }
}

/// `{ checkpoint, since, until, events: [{ action, permissionId, projectId, projectName, actor,
/// effectiveAt, eventId }], warnings }`, newest first.
#[wasm_bindgen(js_name = checkpointAccessHistory)]
pub fn checkpoint_access_history(checkpoint: JsValue, query: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        IdKind::Checkpoint.check("checkpoint", &checkpoint)?;
        let Window { since, until } = read_window(&query)?;
        let given = directory::given(&call)?;
        Ok(async move {
            let call = &*call;
            let window = TimeRange { gte: since, lte: until, ..TimeRange::default() };
            let types = vec![PERMISSION_CREATED.to_owned(), PERMISSION_DELETED.to_owned()];
            let events = all_events(call, ListQuery { event_types: types, effective_at: window, ..ListQuery::default() }).await?;
            // A revoke names only its permission: its grant, maybe older than the window, says whose it was.
            let mut grants_beyond = Vec::new();
            for batch in unexplained_revokes(&events).chunks(LOOKUP_BATCH) {
                let query = ListQuery {
                    event_types: vec![PERMISSION_CREATED.to_owned()],
                    resource_ids: batch.iter().map(|id| (*id).to_owned()).collect(),
                    effective_at: TimeRange { lte: until, ..TimeRange::default() },
                    ..ListQuery::default()
                };
                grants_beyond.extend(all_events(call, query).await?);
            }
            let (directory, warnings) = match directory::read(call, given).await? {
                Ok(directory) => (Some(directory), Vec::new()),
                Err(warning) => (None, warning.into_iter().collect()),
            };
            let history = checkpoint_history(&checkpoint, &events, &grants_beyond, directory.as_ref());
            Ok(to_js::plain(&AccessHistory { checkpoint, since, until, events: history, warnings })?)
        })
    })
}

async fn all_events(call: &CallOptions, query: ListQuery) -> Result<Vec<AuditLog>, CallError> {
    walk(call, query)?.all_items(call).await
}
