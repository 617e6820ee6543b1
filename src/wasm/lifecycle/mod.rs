//! Beyond the one-request calls: the idempotent grant, revoke by project id, the declarative sync,
//! and access as code. Behind the `lifecycle` feature, so the lean `/create` build carries none of it.

#[cfg(feature = "access")]
mod access;
mod changes;
mod directory;
mod history;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::ids::{self, IdKind};
use crate::saved_plan::SavedPlan;
use crate::validate::InvalidInput;
use crate::wasm::export::start;
use crate::wasm::js_input;
use crate::wasm::json_data::{self, Shape};

/// Gives access to the projects that lack it; the others are listed as already granted.
#[wasm_bindgen(js_name = grantCheckpointPermissions)]
pub fn grant_checkpoint_permissions(checkpoint: JsValue, projects: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let (checkpoint, projects) = arguments(&checkpoint, &projects, false)?;
        Ok(async move { changes::grant(&call, &checkpoint, &projects).await })
    })
}

/// Deletes every permission of the listed projects.
#[wasm_bindgen(js_name = revokeCheckpointPermissions)]
pub fn revoke_checkpoint_permissions(checkpoint: JsValue, projects: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let (checkpoint, projects) = arguments(&checkpoint, &projects, false)?;
        Ok(async move { changes::revoke(&call, &checkpoint, &projects).await })
    })
}

/// Makes the set of projects with access exactly `desired` (`dryRun` only plans).
#[wasm_bindgen(js_name = syncCheckpointPermissions)]
pub fn sync_checkpoint_permissions(checkpoint: JsValue, desired: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let (checkpoint, desired) = arguments(&checkpoint, &desired, true)?;
        let given = directory::given(&call)?;
        Ok(async move { changes::sync(&call, &checkpoint, &desired, given).await })
    })
}

/// Writes exactly a saved plan (a dry-run sync's result): its grants and revokes and nothing else,
/// or nothing, with a `StalePlanError` carrying a fresh plan, when the checkpoint changed since.
#[wasm_bindgen(js_name = applyCheckpointPlan)]
pub fn apply_checkpoint_plan(plan: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let plan: SavedPlan = json_data::json_data(&plan, "plan", Shape::Object, js_input::MAX_STRING_UNITS * 256)?;
        plan.check("plan")?;
        Ok(async move { changes::apply_saved_plan(&call, plan).await })
    })
}

/// The checkpoint and the project ids, checked before the first request, so a bad id fails up
/// front, not between the list and the writes.
fn arguments(checkpoint: &JsValue, projects: &JsValue, may_be_empty: bool) -> Result<(String, Vec<String>), InvalidInput> {
    const FIELD: &str = "projectIds";
    let checkpoint = js_input::string(checkpoint, "checkpoint")?;
    IdKind::Checkpoint.check("checkpoint", &checkpoint)?;
    let projects = js_input::string_list(projects, FIELD)?;
    ids::project_ids(FIELD, &projects, may_be_empty)?;
    Ok((checkpoint, projects))
}
