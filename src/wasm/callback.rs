//! Calling the caller's callbacks (progress, retries), typed `=> void`: what a callback throws is
//! ignored, and a promise it returns is awaited here so that its rejection is caught, never an
//! unhandled rejection (which ends a Node process by default). A callback never stops a call.

use js_sys::Function;
use wasm_bindgen::JsValue;

use super::untrusted::{is_object, settled};

pub fn notify(callback: &Function, value: &JsValue) {
    let Ok(returned) = callback.call1(&JsValue::UNDEFINED, value) else { return };
    if is_object(&returned) {
        let outcome = settled(&returned);
        wasm_bindgen_futures::spawn_local(async move {
            let _ = outcome.await;
        });
    }
}
