//! Grant, revoke and sync: read what exists, let the core plan, apply the writes.
//! Partial failure loses nothing: the result lists every write that succeeded and every one that
//! failed (with its error). When any failed, the call rejects with a `PartialFailureError` whose
//! `result` is that list, so the caller can retry exactly the rest.

use wasm_bindgen::JsValue;

use super::js_values::{object, permission, permissions, strings};
use super::pages::Pages;
use crate::bounded::run_bounded;
use crate::error_class::ErrorClass;
use crate::model::{CheckpointPermission, DeletedPermission, PermissionPage};
use crate::plan;
use crate::query::{ListQuery, Order};
use crate::request;
use crate::text::{concat, decimal};
use crate::wasm::bindings::{length, make_error, reflect_get_index, JsArray};
use crate::wasm::call::send;
use crate::wasm::js_error;
use crate::wasm::js_strings::reflect_get;
use crate::wasm::options::CallOptions;

/// Big pages mean fewer round trips when listing everything before a write; 100 is the usual
/// maximum of OpenAI's list endpoints (and the emulator's).
const LIST_PAGE_SIZE: u32 = 100;

pub async fn grant(call: &CallOptions, checkpoint: &str, project_ids: &[String]) -> Result<JsValue, JsValue> {
    let current = all_permissions(call, checkpoint).await?;
    let plan = plan::grant(&current, project_ids);
    let failed = JsArray::new();
    let created = create(call, checkpoint, &plan.create, &failed).await;
    let result = object(&[("created", &created), ("alreadyGranted", &permissions(&plan.already_granted)), ("failed", &failed)]);
    finish("grant", result, &failed, plan.create.len())
}

pub async fn revoke(call: &CallOptions, checkpoint: &str, project_ids: &[String], concurrency: usize) -> Result<JsValue, JsValue> {
    let current = all_permissions(call, checkpoint).await?;
    let plan = plan::revoke(&current, project_ids);
    let failed = JsArray::new();
    let revoked = delete(call, checkpoint, &plan.delete, concurrency, &failed).await;
    let result = object(&[("revoked", &revoked), ("notGranted", &strings(&plan.not_granted)), ("failed", &failed)]);
    finish("revoke", result, &failed, plan.delete.len())
}

pub async fn sync(call: &CallOptions, checkpoint: &str, desired: &[String], dry_run: bool, concurrency: usize) -> Result<JsValue, JsValue> {
    let current = all_permissions(call, checkpoint).await?;
    let plan = plan::sync(&current, desired);
    let failed = JsArray::new();
    let (created, revoked) = if dry_run {
        (JsArray::new(), JsArray::new())
    } else {
        let created = create(call, checkpoint, &plan.grant, &failed).await;
        (created, delete(call, checkpoint, &plan.revoke, concurrency, &failed).await)
    };
    let result = object(&[
        ("dryRun", &JsValue::from_bool(dry_run)),
        ("grant", &strings(&plan.grant)),
        ("revoke", &permissions(&plan.revoke)),
        ("keep", &permissions(&plan.keep)),
        ("created", &created),
        ("revoked", &revoked),
        ("failed", &failed),
    ]);
    finish("sync", result, &failed, plan.grant.len() + plan.revoke.len())
}

async fn all_permissions(call: &CallOptions, checkpoint: &str) -> Result<Vec<CheckpointPermission>, JsValue> {
    // Oldest first, so every list in a result reads in the order permissions were granted.
    let query = ListQuery { limit: Some(LIST_PAGE_SIZE), order: Some(Order::Ascending), ..ListQuery::default() };
    let pages = Pages::new(call, checkpoint.to_owned(), query).map_err(|e| js_error::invalid_input(&e))?;
    let mut all = Vec::new();
    while let Some((page, _)) = pages.fetch_next_parsed(call).await? {
        all.extend(page.data);
    }
    Ok(all)
}

/// One request for all the projects; on failure each of them is listed with the error.
async fn create(call: &CallOptions, checkpoint: &str, project_ids: &[String], failed: &JsArray) -> JsArray {
    if project_ids.is_empty() {
        return JsArray::new();
    }
    let outcome = match request::create_permissions(&call.config, checkpoint, project_ids) {
        Ok(request) => match send(call, &request).await {
            Ok(answer) => answer.into_parsed::<PermissionPage>(&call.config.secrets()).map(|(_, page)| page),
            Err(error) => Err(error),
        },
        Err(invalid) => Err(js_error::invalid_input(&invalid)),
    };
    match outcome.and_then(|page| reflect_get(&page, "data")) {
        Ok(data) => data.into(),
        Err(error) => {
            for project_id in project_ids {
                failed.push(&object(&[("action", &"grant".into()), ("projectId", &project_id.into()), ("error", &error)]));
            }
            JsArray::new()
        }
    }
}

/// One request per permission, at most `concurrency` at a time. A permission that is already gone
/// (404) counts as revoked: that is the state the caller asked for.
async fn delete(call: &CallOptions, checkpoint: &str, targets: &[CheckpointPermission], concurrency: usize, failed: &JsArray) -> JsArray {
    let deletes = targets.iter().map(|target| async move {
        let request = request::delete_permission(&call.config, checkpoint, &target.id).map_err(|e| js_error::invalid_input(&e))?;
        let answer = send(call, &request).await?;
        answer.into_parsed::<DeletedPermission>(&call.config.secrets()).map(|_| ())
    });
    let outcomes = run_bounded(deletes.collect(), concurrency).await;
    let revoked = JsArray::new();
    for (target, outcome) in targets.iter().zip(outcomes) {
        match outcome {
            Err(error) if !is_not_found(&error) => {
                let entry = object(&[
                    ("action", &"revoke".into()),
                    ("projectId", &JsValue::from_str(&target.project_id)),
                    ("permissionId", &JsValue::from_str(&target.id)),
                    ("error", &error),
                ]);
                failed.push(&entry);
            }
            _ => {
                revoked.push(&permission(target));
            }
        }
    }
    revoked
}

fn is_not_found(error: &JsValue) -> bool {
    reflect_get(error, "status").ok().and_then(|status| status.as_f64()) == Some(404.0)
}

fn finish(action: &str, result: JsValue, failed: &JsArray, planned_writes: usize) -> Result<JsValue, JsValue> {
    if length(failed) == 0 {
        return Ok(result);
    }
    let first = reflect_get(&reflect_get_index(failed, 0).unwrap_or_default(), "error")
        .ok()
        .and_then(|error| reflect_get(&error, "message").ok())
        .and_then(|m| m.as_string());
    let message = concat(&[
        action,
        ": ",
        &decimal(length(failed).into()),
        " of ",
        &decimal(planned_writes as u64),
        " changes failed; error.result lists what was done and what failed (first failure: ",
        &first.unwrap_or_default(),
        ")",
    ]);
    let properties = object(&[("result", &result)]);
    Err(make_error(ErrorClass::PartialFailure.name(), &message, &properties))
}
