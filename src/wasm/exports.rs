//! The headline export. The wasm exports each public function under its public name; the
//! lifecycle ones live in `lifecycle`, which the lean `/create` build leaves out.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::call::send;
use super::js_input::{self, property};
use super::names;
use super::operation::start;
use crate::model::PermissionPage;
use crate::request;
use crate::validate::InvalidInput;

/// `createCheckpointPermissions(checkpoint, { project_ids }, options)`: resolves to the API's page
/// of new permissions, or rejects with one of the package's errors.
#[wasm_bindgen(js_name = createCheckpointPermissions)]
pub fn create_checkpoint_permissions(checkpoint: JsValue, body: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        let request = request::create_permissions(&call.config, &checkpoint, &project_ids(&body)?)?;
        Ok(async move { send(&call, &request).await?.into_checked::<PermissionPage>(&call.config.secrets()) })
    })
}

/// `{ project_ids: [...] }`.
fn project_ids(body: &JsValue) -> Result<Vec<String>, InvalidInput> {
    let body = js_input::object(body, "body", "must be an object like { project_ids: [...] }")?;
    js_input::string_list(&property(body, &names::PROJECT_IDS, "body.project_ids")?, "body.project_ids")
}
