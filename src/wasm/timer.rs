//! Timers on the global `setTimeout`, which every runtime has (web-sys binds it only on `Window`
//! and `WorkerGlobalScope`, so it is declared here, as gloo-timers does). A timer is cleared, and
//! its abort listener removed, when its guard drops: an ended or abandoned call leaves nothing
//! behind, no process kept alive and no callback retained.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::names;
use super::untrusted::CallerSignal;

#[wasm_bindgen]
extern "C" {
    /// Node answers with an object, browsers with a number: the handle stays an opaque `JsValue`.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// `callback` runs after `ms`, or when `caller` aborts first; neither once this is dropped.
pub struct Timer {
    handle: JsValue,
    callback: Function,
    caller: Option<CallerSignal>,
}

impl Timer {
    pub fn start(callback: Function, ms: u32, caller: Option<&CallerSignal>) -> Self {
        let handle = set_timeout(&callback, ms);
        if let Some(caller) = caller {
            // A signal that refuses listeners only loses the early wake-up; the timer still fires.
            let _ = names::ABORT.with(|abort| caller.add_event_listener(abort, &callback));
        }
        Self { handle, callback, caller: caller.cloned() }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
        if let Some(caller) = &self.caller {
            let _ = names::ABORT.with(|abort| caller.remove_event_listener(abort, &self.callback));
        }
    }
}

/// Waits `ms`, or less if the caller aborts meanwhile; `Err(())` means the caller aborted.
pub async fn sleep(ms: u32, caller: Option<&CallerSignal>) -> Result<(), ()> {
    // A listener added to an already aborted signal never fires.
    if caller.is_some_and(CallerSignal::is_aborted) {
        return Err(());
    }
    let mut timer = None;
    let woken = Promise::new(&mut |resolve, _reject| timer = Some(Timer::start(resolve, ms, caller)));
    // Only ever resolved, by the timer or by the abort.
    let _ = JsFuture::from(woken).await;
    drop(timer);
    if caller.is_some_and(CallerSignal::is_aborted) {
        Err(())
    } else {
        Ok(())
    }
}
