//! Plain JS objects built from core values, for the results of grant, revoke and sync.

use wasm_bindgen::JsValue;

use crate::model::CheckpointPermission;
use crate::wasm::bindings::{new_object, JsArray};
use crate::wasm::js_strings::set_property;

pub fn object(fields: &[(&'static str, &JsValue)]) -> JsValue {
    let object = new_object();
    for (key, value) in fields {
        set_property(&object, key, value);
    }
    object
}

/// The API's `checkpoint.permission` object.
pub fn permission(permission: &CheckpointPermission) -> JsValue {
    object(&[
        ("object", &JsValue::from_str("checkpoint.permission")),
        ("id", &JsValue::from_str(&permission.id)),
        ("created_at", &JsValue::from_f64(permission.created_at as f64)),
        ("project_id", &JsValue::from_str(&permission.project_id)),
    ])
}

pub fn permissions(list: &[CheckpointPermission]) -> JsArray {
    array(list.iter().map(permission))
}

pub fn strings(list: &[String]) -> JsArray {
    array(list.iter().map(|text| JsValue::from_str(text)))
}

fn array(items: impl Iterator<Item = JsValue>) -> JsArray {
    let array = JsArray::new();
    for item in items {
        array.push(&item);
    }
    array
}
