//! Timers and aborts. Every timer and listener set here is removed when its guard is dropped, so an
//! ended call leaves nothing behind: no process kept alive, no closure retained.
//! No Rust closures cross into JS at all: the timers call `abort`/`resolve` functions directly.

use wasm_bindgen::{JsCast, JsValue};

use super::bindings::{clear_timeout, set_timeout, AbortController, AbortSignal};
use super::executor::{deferred, deferred_part, settled};

/// One attempt's abort signal: fires when the attempt's timeout runs out or the caller aborts.
pub struct AttemptWindow {
    controller: AbortController,
    abort: JsValue,
    timer: JsValue,
    caller: Option<AbortSignal>,
}

impl AttemptWindow {
    pub fn open(timeout_ms: u32, caller: Option<&AbortSignal>) -> Self {
        let controller = AbortController::new();
        let abort = controller.abort_method().bind(&controller);
        let timer = set_timeout(&abort, timeout_ms);
        if let Some(caller) = caller {
            // A signal that refuses listeners only loses the early abort; the call still ends by timeout.
            let _ = caller.add_event_listener("abort", &abort);
        }
        Self { controller, abort, timer, caller: caller.cloned() }
    }

    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Cancels the download of a body left unread (an oversized answer). Not done on every drop:
    /// an abort builds a DOMException, a fifth of a call's own cost.
    pub fn cancel(&self) {
        self.controller.abort();
    }

    /// True when our own timer fired (and not the caller).
    pub fn timed_out(&self) -> bool {
        !caller_aborted(self.caller.as_ref()) && self.signal().aborted().unwrap_or(false)
    }
}

impl Drop for AttemptWindow {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(caller) = &self.caller {
            let _ = caller.remove_event_listener("abort", &self.abort);
        }
    }
}

pub fn caller_aborted(caller: Option<&AbortSignal>) -> bool {
    caller.is_some_and(|signal| signal.aborted().unwrap_or(false))
}

/// Waits `ms`, or less if the caller aborts meanwhile; `Err(())` means the caller aborted.
pub async fn sleep(ms: u32, caller: Option<&AbortSignal>) -> Result<(), ()> {
    // A listener added to an already aborted signal never fires.
    if caller_aborted(caller) {
        return Err(());
    }
    struct Pending<'a> {
        timer: JsValue,
        wake: JsValue,
        caller: Option<&'a AbortSignal>,
    }
    impl Drop for Pending<'_> {
        fn drop(&mut self) {
            clear_timeout(&self.timer);
            if let Some(caller) = self.caller {
                let _ = caller.remove_event_listener("abort", &self.wake);
            }
        }
    }

    let parts = deferred();
    let wake = deferred_part(&parts, 1);
    let pending = Pending { timer: set_timeout(&wake, ms), wake, caller };
    if let Some(caller) = caller {
        let _ = caller.add_event_listener("abort", &pending.wake);
    }
    // Resolve-only: neither the timer nor `abort` can reject it.
    let _ = settled(&deferred_part(&parts, 0)).await;
    drop(pending);
    if caller_aborted(caller) {
        Err(())
    } else {
        Ok(())
    }
}

impl Clone for AbortSignal {
    fn clone(&self) -> Self {
        JsValue::clone(self).unchecked_into()
    }
}
