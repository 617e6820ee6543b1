//! Grant, revoke and sync: read what exists, let the core plan, apply the writes, report with the
//! core's serde models. When any write failed, the call rejects with a `PartialFailureError`
//! whose `result` is the report, so the caller can retry exactly the rest.

use futures_util::stream::{self, StreamExt};
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::directory;
use crate::directory::ProjectDirectory;
use crate::model::{CheckpointPermission, CreatePermissionsBody, DeletedPermission, PermissionPage};
use crate::validate::{InvalidInput, Problem};
use crate::plan::{self, SyncPlan};
use crate::query::Order;
use crate::report::{partial_failure_message, Action, FailedChange, GrantReport, RevokeReport, SyncReport};
use crate::resources::checkpoint_permissions::{self as resource, ListQuery};
use crate::saved_plan::{stale_message, SavedPlan};
use crate::wasm::call::send;
use crate::wasm::call_error::CallError;
use crate::wasm::export::Rejection;
use crate::wasm::exports::checkpoint_permissions::walk;
use crate::wasm::options::CallOptions;
use crate::wasm::to_js;

type Failures = Vec<FailedChange<CallError>>;

pub async fn grant(call: &CallOptions, checkpoint: &str, project_ids: &[String]) -> Result<JsValue, Rejection> {
    let current = all_permissions(call, checkpoint).await?;
    let plan = plan::grant(&current, project_ids);
    let mut failed = Vec::new();
    let created = create(call, checkpoint, &plan.create, &mut failed).await;
    let report = GrantReport { created, already_granted: plan.already_granted, failed };
    finish("grant", &report, &report.failed, plan.create.len())
}

pub async fn revoke(call: &CallOptions, checkpoint: &str, project_ids: &[String]) -> Result<JsValue, Rejection> {
    let current = all_permissions(call, checkpoint).await?;
    let plan = plan::revoke(&current, project_ids);
    let mut failed = Vec::new();
    let revoked = delete(call, checkpoint, &plan.delete, &mut failed).await;
    let report = RevokeReport { revoked, not_granted: plan.not_granted, failed };
    finish("revoke", &report, &report.failed, plan.delete.len())
}

/// The plan names every project; one that cannot be given access (unknown, archived) makes a
/// sync that would write refuse with `InvalidInputError` before any write. A dry run reports it.
pub async fn sync(call: &CallOptions, checkpoint: &str, desired: &[String], given: directory::Given) -> Result<JsValue, Rejection> {
    let directory = directory::read(call, given).await?;
    let current = all_permissions(call, checkpoint).await?;
    let mut report = planned(checkpoint.to_owned(), desired.to_vec(), &current, call.batch.dry_run);
    named(&mut report, &directory);
    if call.batch.dry_run {
        return finish_sync("sync", &report);
    }
    if let Some(problem) = report.refused.first() {
        let index = desired.iter().position(|project| *project == problem.project_id).unwrap_or_default();
        return Err(InvalidInput::new(format!("projectIds[{index}]"), Problem::Detail(problem.message.clone())).into());
    }
    let report = apply(call, report).await;
    finish_sync("sync", &report)
}

/// Names the plan's projects, or says once that they could not be.
fn named(report: &mut SyncReport<CallError>, directory: &Result<ProjectDirectory, Option<String>>) {
    match directory {
        Ok(directory) => report.name_projects(directory),
        Err(warning) => report.warnings.extend(warning.clone()),
    }
}

/// Writes exactly a saved plan (a dry-run sync's result), or nothing when the checkpoint's
/// permissions changed since it was made: then a `StalePlanError` carries a fresh plan.
pub async fn apply_saved_plan(call: &CallOptions, saved: SavedPlan) -> Result<JsValue, Rejection> {
    let current = all_permissions(call, &saved.checkpoint).await?;
    if let Some(change) = saved.changes_since(&current) {
        let fresh = planned(saved.checkpoint, saved.desired, &current, true);
        let message = stale_message("applyCheckpointPlan", std::slice::from_ref(&change));
        return Err(Rejection::Stale { message, changes: to_js::plain(&[change])?, plan: to_js::plain(&fresh)? });
    }
    let SavedPlan { checkpoint, desired, grant, revoke, keep, .. } = saved;
    let report = apply(call, SyncReport::planned(checkpoint, desired, false, SyncPlan { grant, revoke, keep })).await;
    finish_sync("applyCheckpointPlan", &report)
}

/// The plan that makes `checkpoint`'s projects exactly `desired`, from what it has now.
pub fn planned(checkpoint: String, desired: Vec<String>, current: &[CheckpointPermission], dry_run: bool) -> SyncReport<CallError> {
    let plan = plan::sync(current, &desired);
    SyncReport::planned(checkpoint, desired, dry_run, plan)
}

/// Makes exactly a plan's writes: its grants in one request, its revokes at most
/// `options.concurrency` at a time. What failed is in the report.
pub async fn apply(call: &CallOptions, mut report: SyncReport<CallError>) -> SyncReport<CallError> {
    report.dry_run = false;
    report.created = create(call, &report.checkpoint, &report.grant, &mut report.failed).await;
    report.revoked = delete(call, &report.checkpoint, &report.revoke, &mut report.failed).await;
    report
}

/// Oldest first, so every list in a report reads in the order permissions were granted.
pub async fn all_permissions(call: &CallOptions, checkpoint: &str) -> Result<Vec<CheckpointPermission>, CallError> {
    let query = ListQuery { order: Some(Order::Ascending), ..ListQuery::default() };
    walk(call, checkpoint.to_owned(), query)?.all_items(call).await
}

/// One request for all the projects; on failure each of them is listed with the error.
async fn create(call: &CallOptions, checkpoint: &str, project_ids: &[String], failed: &mut Failures) -> Vec<CheckpointPermission> {
    if project_ids.is_empty() {
        return Vec::new();
    }
    match create_all(call, checkpoint, project_ids).await {
        Ok(created) => created,
        Err(error) => {
            failed.extend(project_ids.iter().map(|project_id| FailedChange {
                action: Action::Grant,
                project_id: project_id.clone(),
                permission_id: None,
                error: error.clone(),
            }));
            Vec::new()
        }
    }
}

async fn create_all(call: &CallOptions, checkpoint: &str, project_ids: &[String]) -> Result<Vec<CheckpointPermission>, CallError> {
    let request = resource::create(&call.config, checkpoint, CreatePermissionsBody { project_ids: project_ids.to_vec() })?;
    let (page, _) = send(call, &request).await?.into_checked::<PermissionPage>(&call.config.secrets())?;
    Ok(page.data)
}

/// One request per permission, at most `options.concurrency` at a time, reported in the order
/// planned. A permission that is already gone (404) counts as revoked: that is the state the
/// caller asked for.
async fn delete(call: &CallOptions, checkpoint: &str, targets: &[CheckpointPermission], failed: &mut Failures) -> Vec<CheckpointPermission> {
    let deletes = targets.iter().map(|target| async move {
        let request = resource::delete(&call.config, checkpoint, &target.id)?;
        send(call, &request).await?.into_checked::<DeletedPermission>(&call.config.secrets())?;
        Ok::<_, CallError>(())
    });
    let outcomes: Vec<Result<(), CallError>> = stream::iter(deletes).buffered(call.batch.concurrency.max(1)).collect().await;
    let mut revoked = Vec::new();
    for (target, outcome) in targets.iter().zip(outcomes) {
        match outcome {
            Err(error) if error.error().status() != Some(404) => failed.push(FailedChange {
                action: Action::Revoke,
                project_id: target.project_id.clone(),
                permission_id: Some(target.id.clone()),
                error,
            }),
            _ => revoked.push(target.clone()),
        }
    }
    revoked
}

fn finish_sync(call_name: &str, report: &SyncReport<CallError>) -> Result<JsValue, Rejection> {
    finish(call_name, report, &report.failed, report.grant.len() + report.revoke.len())
}

/// The report as a JS object, or the `PartialFailureError` that carries it.
fn finish<R: Serialize>(call_name: &str, report: &R, failed: &Failures, planned: usize) -> Result<JsValue, Rejection> {
    let result = to_js::plain(report)?;
    match failed.first() {
        None => Ok(result),
        Some(first) => {
            let message = partial_failure_message(call_name, failed.len(), planned, &first.error.error().message());
            Err(Rejection::Partial { message, result })
        }
    }
}
