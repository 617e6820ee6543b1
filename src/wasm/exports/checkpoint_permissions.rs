//! `createCheckpointPermissions` (the headline export), and with the `lifecycle` feature
//! `listCheckpointPermissions`, the pages behind `listAllCheckpointPermissions`,
//! `deleteCheckpointPermission` and the `validate*` exports that give each call's own refusal.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::model::{CreatePermissionsBody, PermissionPage};
use crate::resources::checkpoint_permissions as resource;
use crate::validate::InvalidInput;
use crate::wasm::call::send;
use crate::wasm::export::start;
use crate::wasm::js_input::{self, string_list};
use crate::wasm::js_members::read_members;

/// `createCheckpointPermissions(checkpoint, { project_ids }, options)`: resolves to the API's page
/// of new permissions, or rejects with one of the package's errors.
#[wasm_bindgen(js_name = createCheckpointPermissions)]
pub fn create_checkpoint_permissions(checkpoint: JsValue, body: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
        let request = resource::create(&call.config, &checkpoint, read_body(&body)?)?;
        Ok(async move {
            let (_, page) = send(&call, &request).await?.into_checked::<PermissionPage>(&call.config.secrets())?;
            Ok(page)
        })
    })
}

fn read_body(body: &JsValue) -> Result<CreatePermissionsBody, InvalidInput> {
    js_input::object(body, "body", "must be an object like { project_ids: [...] }")?;
    read_create_body(body)
}

read_members! {
    /// `{ project_ids: [...] }`.
    fn read_create_body("body") -> CreatePermissionsBody {
        project_ids: "project_ids" => string_list,
    }
}

#[cfg(feature = "lifecycle")]
pub use lifecycle::*;

#[cfg(feature = "lifecycle")]
mod lifecycle {
    use js_sys::Promise;
    use wasm_bindgen::prelude::*;

    use crate::ids::{self, IdKind};
    use crate::model::{CheckpointPermission, DeletedPermission, PermissionPage};
    use crate::query::{Order, Paging};
    use crate::resources::checkpoint_permissions::{self as resource, ListQuery};
    use crate::validate::InvalidInput;
    use crate::wasm::call::send;
    use crate::wasm::call_error::CallError;
    use crate::wasm::export::start;
    use crate::wasm::js_input::{self, optional_limit, optional_string};
    use crate::wasm::js_members::read_members;
    use crate::wasm::list::{ListWalk, Pages};
    use crate::wasm::options::CallOptions;

    /// One page: `{ object: "list", data, first_id, last_id, has_more }`.
    #[wasm_bindgen(js_name = listCheckpointPermissions)]
    pub fn list_checkpoint_permissions(checkpoint: JsValue, query: JsValue, options: JsValue) -> Promise {
        start(&options, |call| {
            let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
            let request = resource::list(&call.config, &checkpoint, &read_query(&query)?)?;
            Ok(async move {
                let (_, page) = send(&call, &request).await?.into_checked::<PermissionPage>(&call.config.secrets())?;
                Ok(page)
            })
        })
    }

    /// The pages of `listAllCheckpointPermissions` (`calls.js`); throws `InvalidInputError`.
    #[wasm_bindgen(js_name = checkpointPermissionPages)]
    pub fn checkpoint_permission_pages(checkpoint: JsValue, query: JsValue, options: JsValue) -> Result<Pages, JsValue> {
        Pages::open(&options, |call| walk(call, js_input::string(&checkpoint, "checkpoint")?, read_query(&query)?))
    }

    /// Every page of a checkpoint's permissions, from the caller's query.
    pub fn walk(call: &CallOptions, checkpoint: String, query: ListQuery) -> Result<ListWalk<ListQuery, CheckpointPermission>, InvalidInput> {
        ListWalk::new(call, query, Box::new(move |config, query| resource::list(config, &checkpoint, query)))
    }

    #[wasm_bindgen(js_name = deleteCheckpointPermission)]
    pub fn delete_checkpoint_permission(checkpoint: JsValue, permission_id: JsValue, options: JsValue) -> Promise {
        start(&options, |call| {
            let checkpoint = js_input::string(&checkpoint, "checkpoint")?;
            let request = resource::delete(&call.config, &checkpoint, &js_input::string(&permission_id, "permissionId")?)?;
            Ok(async move {
                let (_, deleted) = send(&call, &request).await?.into_checked::<DeletedPermission>(&call.config.secrets())?;
                Ok(deleted)
            })
        })
    }

    /// The calls' own input rules, without a call: `null` when `value` is valid, otherwise the
    /// `InvalidInputError` a call would reject with. For forms and proxies that check ids.
    #[wasm_bindgen(js_name = validateCheckpoint)]
    pub fn validate_checkpoint(value: JsValue) -> JsValue {
        checked(js_input::string(&value, "checkpoint").and_then(|id| IdKind::Checkpoint.check("checkpoint", &id)))
    }

    /// As grant, revoke and sync check their `projectIds`.
    #[wasm_bindgen(js_name = validateProjectIds)]
    pub fn validate_project_ids(value: JsValue) -> JsValue {
        checked(js_input::string_list(&value, "projectIds").and_then(|ids| ids::project_ids("projectIds", &ids, false)))
    }

    #[wasm_bindgen(js_name = validatePermissionId)]
    pub fn validate_permission_id(value: JsValue) -> JsValue {
        checked(js_input::string(&value, "permissionId").and_then(|id| IdKind::Permission.check("permissionId", &id)))
    }

    fn checked(outcome: Result<(), InvalidInput>) -> JsValue {
        match outcome {
            Ok(()) => JsValue::NULL,
            Err(error) => CallError::from(error).to_js(),
        }
    }

    struct JsListQuery {
        after: Option<String>,
        limit: Option<u32>,
        order: Option<Order>,
        project_id: Option<String>,
    }

    read_members! {
        fn read_js_query("query", "must be an object like { after, limit, order, project_id }") -> JsListQuery {
            after: "after" => optional_string,
            limit: "limit" => optional_limit,
            order: "order" => optional_order,
            project_id: "project_id" => optional_string,
        }
    }

    /// The caller's `{ after, limit, order, project_id }`, checked.
    fn read_query(value: &JsValue) -> Result<ListQuery, InvalidInput> {
        let JsListQuery { after, limit, order, project_id } = read_js_query(value)?;
        let query = ListQuery { paging: Paging { after, limit }, order, project_id };
        query.validate()?;
        Ok(query)
    }

    fn optional_order(value: &JsValue, field: &str) -> Result<Option<Order>, InvalidInput> {
        optional_string(value, field)?.map(|text| Order::parse(field, &text)).transpose()
    }
}
