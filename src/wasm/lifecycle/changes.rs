//! Grant, revoke and sync: read what exists, let the core plan, apply the writes, report with the
//! core's serde models. When any write failed, the call rejects with a `PartialFailureError`
//! whose `result` is the report, so the caller can retry exactly the rest.

use futures_util::stream::{self, StreamExt};
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::pages::Pages;
use crate::error_class::ErrorClass;
use crate::model::{CheckpointPermission, DeletedPermission, PermissionPage};
use crate::plan;
use crate::query::{ListQuery, Order};
use crate::report::{partial_failure_message, Action, FailedChange, GrantReport, RevokeReport, SyncReport};
use crate::request;
use crate::wasm::call::send;
use crate::wasm::js_error;
use crate::wasm::names;
use crate::wasm::options::CallOptions;
use crate::wasm::untrusted;

/// Big pages mean fewer round trips when listing everything before a write; 100 is the usual
/// maximum of OpenAI's list endpoints (and the emulator's).
const LIST_PAGE_SIZE: u32 = 100;

/// A JS error object inside a report: serialized as the very same object.
#[derive(Serialize)]
#[serde(transparent)]
pub struct JsError(#[serde(with = "serde_wasm_bindgen::preserve")] pub JsValue);

type Failures = Vec<FailedChange<JsError>>;

pub async fn grant(call: &CallOptions, checkpoint: &str, project_ids: &[String]) -> Result<JsValue, JsValue> {
    let current = all_permissions(call, checkpoint).await?;
    let plan = plan::grant(&current, project_ids);
    let mut failed = Vec::new();
    let created = create(call, checkpoint, &plan.create, &mut failed).await;
    let report = GrantReport { created, already_granted: plan.already_granted, failed };
    finish("grant", &report, &report.failed, plan.create.len())
}

pub async fn revoke(call: &CallOptions, checkpoint: &str, project_ids: &[String], concurrency: usize) -> Result<JsValue, JsValue> {
    let current = all_permissions(call, checkpoint).await?;
    let plan = plan::revoke(&current, project_ids);
    let mut failed = Vec::new();
    let revoked = delete(call, checkpoint, &plan.delete, concurrency, &mut failed).await;
    let report = RevokeReport { revoked, not_granted: plan.not_granted, failed };
    finish("revoke", &report, &report.failed, plan.delete.len())
}

pub async fn sync(call: &CallOptions, checkpoint: &str, desired: &[String], dry_run: bool, concurrency: usize) -> Result<JsValue, JsValue> {
    let report = sync_report(call, checkpoint, desired, dry_run, concurrency).await?;
    let planned = report.grant.len() + report.revoke.len();
    finish("sync", &report, &report.failed, planned)
}

/// A sync as data: rejects only when the checkpoint's permissions cannot be read; failed writes
/// are in the report.
pub async fn sync_report(
    call: &CallOptions,
    checkpoint: &str,
    desired: &[String],
    dry_run: bool,
    concurrency: usize,
) -> Result<SyncReport<JsError>, JsValue> {
    let current = all_permissions(call, checkpoint).await?;
    let plan = plan::sync(&current, desired);
    let mut failed = Vec::new();
    let (created, revoked) = if dry_run {
        (Vec::new(), Vec::new())
    } else {
        let created = create(call, checkpoint, &plan.grant, &mut failed).await;
        (created, delete(call, checkpoint, &plan.revoke, concurrency, &mut failed).await)
    };
    Ok(SyncReport { dry_run, grant: plan.grant, revoke: plan.revoke, keep: plan.keep, created, revoked, failed })
}

pub async fn all_permissions(call: &CallOptions, checkpoint: &str) -> Result<Vec<CheckpointPermission>, JsValue> {
    // Oldest first, so every list in a report reads in the order permissions were granted.
    let query = ListQuery { limit: Some(LIST_PAGE_SIZE), order: Some(Order::Ascending), ..ListQuery::default() };
    let pages = Pages::new(call, checkpoint.to_owned(), query).map_err(|e| js_error::invalid_input(&e))?;
    let mut all = Vec::new();
    while let Some((page, _)) = pages.fetch_next(call).await? {
        all.extend(page.data);
    }
    Ok(all)
}

/// One request for all the projects; on failure each of them is listed with the error.
async fn create(call: &CallOptions, checkpoint: &str, project_ids: &[String], failed: &mut Failures) -> Vec<CheckpointPermission> {
    if project_ids.is_empty() {
        return Vec::new();
    }
    let outcome = match request::create_permissions(&call.config, checkpoint, project_ids) {
        Ok(request) => match send(call, &request).await {
            Ok(answer) => answer.into_parsed::<PermissionPage>(&call.config.secrets()),
            Err(error) => Err(error),
        },
        Err(invalid) => Err(js_error::invalid_input(&invalid)),
    };
    match outcome {
        Ok((page, _)) => page.data,
        Err(error) => {
            failed.extend(project_ids.iter().map(|project_id| FailedChange {
                action: Action::Grant,
                project_id: project_id.clone(),
                permission_id: None,
                error: JsError(error.clone()),
            }));
            Vec::new()
        }
    }
}

/// One request per permission, at most `concurrency` at a time, reported in the order planned.
/// A permission that is already gone (404) counts as revoked: that is the state the caller asked for.
async fn delete(
    call: &CallOptions,
    checkpoint: &str,
    targets: &[CheckpointPermission],
    concurrency: usize,
    failed: &mut Failures,
) -> Vec<CheckpointPermission> {
    let deletes = targets.iter().map(|target| async move {
        let request = request::delete_permission(&call.config, checkpoint, &target.id).map_err(|e| js_error::invalid_input(&e))?;
        send(call, &request).await?.into_parsed::<DeletedPermission>(&call.config.secrets()).map(drop)
    });
    let outcomes: Vec<Result<(), JsValue>> = stream::iter(deletes).buffered(concurrency.max(1)).collect().await;
    let mut revoked = Vec::new();
    for (target, outcome) in targets.iter().zip(outcomes) {
        match outcome {
            Err(error) if !is_not_found(&error) => failed.push(FailedChange {
                action: Action::Revoke,
                project_id: target.project_id.clone(),
                permission_id: Some(target.id.clone()),
                error: JsError(error),
            }),
            _ => revoked.push(target.clone()),
        }
    }
    revoked
}

fn is_not_found(error: &JsValue) -> bool {
    untrusted::get(error, &names::STATUS).ok().and_then(|status| status.as_f64()) == Some(404.0)
}

/// The report as a JS object, or the `PartialFailureError` that carries it.
fn finish<R: Serialize>(call_name: &str, report: &R, failed: &Failures, planned: usize) -> Result<JsValue, JsValue> {
    let result = serde_wasm_bindgen::to_value(report)?;
    let Some(first) = failed.first() else {
        return Ok(result);
    };
    let first_message = untrusted::get(&first.error.0, &names::MESSAGE).ok().and_then(|message| message.as_string()).unwrap_or_default();
    let message = partial_failure_message(call_name, failed.len(), planned, &first_message);
    Err(js_error::error(ErrorClass::PartialFailure, &message, &[(&names::RESULT, &result)]))
}
