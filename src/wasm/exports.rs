//! The functions JavaScript calls. Each reads its arguments, lets the core build the request,
//! and hands it to the driver: one code path for every operation.

use wasm_bindgen::prelude::*;

use super::call::send;
use super::js_error;
use super::js_input::{self, is_object, property};
use super::options::CallOptions;
use crate::model::PermissionPage;
use crate::request;
use crate::validate::{InvalidInput, Problem};

/// `POST /fine_tuning/checkpoints/{checkpoint}/permissions`: grants the projects access and
/// resolves to the API's page of the permissions created.
#[wasm_bindgen(js_name = createCheckpointPermissions, skip_typescript)]
pub async fn create_checkpoint_permissions(checkpoint: JsValue, body: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let call = CallOptions::read(&options).map_err(|e| js_error::invalid_input(&e))?;
    let request = read_create(&checkpoint, &body)
        .and_then(|(checkpoint, project_ids)| request::create_permissions(&call.config, &checkpoint, &project_ids))
        .map_err(|e| js_error::invalid_input(&e))?;
    let answer = send(&call, &request).await?;
    answer.into_checked::<PermissionPage>(&call.config.secrets())
}

fn read_create(checkpoint: &JsValue, body: &JsValue) -> Result<(String, Vec<String>), InvalidInput> {
    let checkpoint = js_input::string(checkpoint, "checkpoint")?;
    if !is_object(body) {
        let problem = if body.is_undefined() { Problem::Missing } else { Problem::WrongType("must be an object like { project_ids: [...] }") };
        return Err(InvalidInput::new("body", problem));
    }
    let project_ids = js_input::string_list(&property(body, "project_ids", "body.project_ids")?, "body.project_ids")?;
    Ok((checkpoint, project_ids))
}
