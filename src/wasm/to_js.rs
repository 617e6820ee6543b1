//! The package's own results (reports, plans, history) as plain JS objects: a map becomes an
//! object, not a `Map` (`JSON.stringify` keeps it), and a missing value becomes `null`.

use serde::Serialize;
use wasm_bindgen::JsValue;

pub fn plain<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true).serialize_missing_as_null(true))
}
