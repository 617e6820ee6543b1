//! Every exported function becomes one `Operation`, read and validated synchronously, then
//! performed by one future. A single async state machine serves all of them, so the retry
//! driver and the answer handling exist once in the wasm, however many functions are exported.

use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::bindings::rejected_promise;
use super::call::send;
use super::executor::spawn;
use super::js_error;
use super::options::CallOptions;
use crate::model::PermissionPage;
use crate::request::HttpRequest;
use crate::validate::InvalidInput;

pub enum Operation {
    /// One request whose answer is a page (create).
    Page(HttpRequest),
    #[cfg(feature = "lifecycle")]
    Lifecycle(super::lifecycle::Operation),
}

/// Reads the options, then the operation; either failing rejects the promise before anything is sent.
pub fn start(options: &JsValue, read: impl FnOnce(&CallOptions) -> Result<Operation, InvalidInput>) -> JsValue {
    let prepared = CallOptions::read(options).and_then(|call| read(&call).map(|operation| (Rc::new(call), operation)));
    match prepared {
        Ok((call, operation)) => run(call, operation),
        Err(error) => rejected_promise(&js_error::invalid_input(&error)),
    }
}

pub fn run(call: Rc<CallOptions>, operation: Operation) -> JsValue {
    spawn(perform(call, operation))
}

async fn perform(call: Rc<CallOptions>, operation: Operation) -> Result<JsValue, JsValue> {
    match operation {
        Operation::Page(request) => send(&call, &request).await?.into_checked::<PermissionPage>(&call.config.secrets()),
        #[cfg(feature = "lifecycle")]
        Operation::Lifecycle(operation) => super::lifecycle::perform(&call, operation).await,
    }
}
