//! Everything beyond create: list, the list iterator, delete, grant, revoke and sync, and the
//! input validators. Behind the `lifecycle` feature, so the lean `/create` build carries none of it.

#[cfg(feature = "access")]
mod access;
mod arguments;
mod changes;
mod pages;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::call::send;
use super::js_error;
use super::js_input;
use super::names;
use super::operation::start;
use crate::model::{DeletedPermission, PermissionPage};
use crate::request;
use crate::validate::{self, InvalidInput};
use arguments::{concurrency, list_query, optional_bool, project_ids};

/// One page: `{ object: "list", data, first_id, last_id, has_more }`.
#[wasm_bindgen(js_name = listCheckpointPermissions)]
pub fn list_checkpoint_permissions(checkpoint: JsValue, query: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        let request = request::list_permissions(&call.config, &checkpoint, &list_query(&query)?)?;
        Ok(async move { send(&call, &request).await?.into_checked::<PermissionPage>(&call.config.secrets()) })
    })
}

#[wasm_bindgen(js_name = deleteCheckpointPermission)]
pub fn delete_checkpoint_permission(checkpoint: JsValue, permission_id: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        let request = request::delete_permission(&call.config, &checkpoint, &js_input::string(&permission_id, "permissionId")?)?;
        Ok(async move { send(&call, &request).await?.into_checked::<DeletedPermission>(&call.config.secrets()) })
    })
}

/// Gives access to the projects that lack it; the others are listed as already granted.
#[wasm_bindgen(js_name = grantCheckpointPermissions)]
pub fn grant_checkpoint_permissions(checkpoint: JsValue, projects: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        let projects = project_ids(&call, &checkpoint, &projects, false)?;
        Ok(async move { changes::grant(&call, &checkpoint, &projects).await })
    })
}

/// Deletes every permission of the listed projects.
#[wasm_bindgen(js_name = revokeCheckpointPermissions)]
pub fn revoke_checkpoint_permissions(checkpoint: JsValue, projects: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        let projects = project_ids(&call, &checkpoint, &projects, false)?;
        let concurrency = concurrency(&options, &names::CONCURRENCY, "options.concurrency")?;
        Ok(async move { changes::revoke(&call, &checkpoint, &projects, concurrency).await })
    })
}

/// Makes the set of projects with access exactly `desired` (`dryRun` only plans).
#[wasm_bindgen(js_name = syncCheckpointPermissions)]
pub fn sync_checkpoint_permissions(checkpoint: JsValue, desired: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        let desired = project_ids(&call, &checkpoint, &desired, true)?;
        let dry_run = optional_bool(&js_input::property(&options, &names::DRY_RUN, "options.dryRun")?, "options.dryRun")?;
        let concurrency = concurrency(&options, &names::CONCURRENCY, "options.concurrency")?;
        Ok(async move { changes::sync(&call, &checkpoint, &desired, dry_run, concurrency).await })
    })
}

/// The calls' own input rules, without a call: `null` when `value` is valid, otherwise the
/// `InvalidInputError` a call would reject with. For forms that check as the user types.
#[wasm_bindgen(js_name = validateCheckpoint)]
pub fn validate_checkpoint(value: JsValue) -> JsValue {
    checked(js_input::string(&value, "checkpoint").and_then(|id| validate::path_id("checkpoint", &id)))
}

#[wasm_bindgen(js_name = validateProjectIds)]
pub fn validate_project_ids(value: JsValue) -> JsValue {
    checked(js_input::string_list(&value, "projectIds").and_then(|ids| validate::project_ids("projectIds", &ids)))
}

#[wasm_bindgen(js_name = validatePermissionId)]
pub fn validate_permission_id(value: JsValue) -> JsValue {
    checked(js_input::string(&value, "permissionId").and_then(|id| validate::path_id("permissionId", &id)))
}

fn checked(outcome: Result<(), InvalidInput>) -> JsValue {
    match outcome {
        Ok(()) => JsValue::NULL,
        Err(error) => js_error::invalid_input(&error),
    }
}
