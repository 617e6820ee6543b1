//! How every exported call starts: the options and the arguments are read and validated
//! synchronously, so bad input rejects the promise before anything is sent; then the work runs as
//! a future that wasm-bindgen-futures drives.

use std::future::Future;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use super::js_error;
use super::options::CallOptions;
use crate::validate::InvalidInput;

pub fn start<F>(options: &JsValue, prepare: impl FnOnce(Rc<CallOptions>) -> Result<F, InvalidInput>) -> Promise
where
    F: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    match CallOptions::read(options).and_then(|call| prepare(Rc::new(call))) {
        Ok(work) => future_to_promise(work),
        Err(error) => Promise::reject(&js_error::invalid_input(&error)),
    }
}
