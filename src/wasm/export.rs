//! How every exported call starts and ends: the options and the arguments are read and validated
//! synchronously, so bad input rejects the promise before anything is sent; then the work runs as
//! a future that wasm-bindgen-futures drives. Failures stay Rust (`Rejection`) until here, where
//! each becomes an instance of one of the package's error classes.

use std::future::Future;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

#[cfg(feature = "lifecycle")]
use super::call_error::error_object;
use super::call_error::CallError;
#[cfg(feature = "lifecycle")]
use super::names;
use super::options::CallOptions;
use crate::error::Error;
#[cfg(feature = "lifecycle")]
use crate::error_class::ErrorClass;
use crate::validate::InvalidInput;

/// Why a call rejects.
pub enum Rejection {
    /// One request failed, or the input was bad.
    Call(CallError),
    /// Some writes failed, or some checkpoints could not be read: `result` is the report as far as
    /// it got (`PartialFailureError.result`).
    #[cfg(feature = "lifecycle")]
    Partial { message: String, result: JsValue },
    /// A failure that makes every later request fail too (an authentication failure) ended the
    /// run: the error's own class, with the report as `result`.
    #[cfg(feature = "access")]
    Stopped { error: CallError, result: JsValue },
    /// A saved plan's checkpoints changed since it was made: nothing was written. `changes` says
    /// what changed, `plan` is a fresh plan (`StalePlanError`).
    #[cfg(feature = "lifecycle")]
    Stale { message: String, changes: JsValue, plan: JsValue },
    /// The runtime refused to build a result (serde-wasm-bindgen could not write a report): not
    /// expected for the package's own models, and passed on as the runtime threw it, never a trap.
    Runtime(JsValue),
}

impl Rejection {
    pub fn into_js(self) -> JsValue {
        match self {
            Rejection::Call(error) => error.to_js(),
            #[cfg(feature = "lifecycle")]
            Rejection::Partial { message, result } => error_object(ErrorClass::PartialFailure, &message, &[(&names::RESULT, &result)]),
            #[cfg(feature = "access")]
            Rejection::Stopped { error, result } => {
                let object = error.to_js();
                let _ = names::RESULT.with(|key| js_sys::Reflect::set(&object, key, &result));
                object
            }
            #[cfg(feature = "lifecycle")]
            Rejection::Stale { message, changes, plan } => {
                error_object(ErrorClass::StalePlan, &message, &[(&names::CHANGES, &changes), (&names::PLAN, &plan)])
            }
            Rejection::Runtime(thrown) => thrown,
        }
    }
}

impl From<serde_wasm_bindgen::Error> for Rejection {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        Rejection::Runtime(error.into())
    }
}

impl From<CallError> for Rejection {
    fn from(error: CallError) -> Self {
        Rejection::Call(error)
    }
}

impl From<Error> for Rejection {
    fn from(error: Error) -> Self {
        Rejection::Call(error.into())
    }
}

impl From<InvalidInput> for Rejection {
    fn from(invalid: InvalidInput) -> Self {
        Rejection::Call(invalid.into())
    }
}

pub fn start<F>(options: &JsValue, prepare: impl FnOnce(Rc<CallOptions>) -> Result<F, InvalidInput>) -> Promise
where
    F: Future<Output = Result<JsValue, Rejection>> + 'static,
{
    match CallOptions::read(options).and_then(|call| prepare(Rc::new(call))) {
        Ok(work) => future_to_promise(async move { work.await.map_err(Rejection::into_js) }),
        Err(error) => Promise::reject(&CallError::from(error).to_js()),
    }
}
