//! One attempt's abort signal: it fires when the attempt's timeout runs out or the caller aborts.
//! Not `AbortSignal.timeout`: its timer cannot be cleared, and would keep Node alive after the
//! call ended.

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal};

use super::names;
use super::timer::Timer;
use super::untrusted::{self, CallerSignal};

pub struct AttemptWindow {
    controller: AbortController,
    caller: Option<CallerSignal>,
    _timer: Timer,
}

impl AttemptWindow {
    /// Fails only where the runtime has no `AbortController`.
    pub fn open(timeout_ms: u32, caller: Option<&CallerSignal>) -> Result<Self, JsValue> {
        let controller = AbortController::new()?;
        // The controller's own `abort`, bound: the timer and the caller's signal call it directly,
        // so no Rust closure has to live in JS.
        let abort: Function = untrusted::get(&controller, &names::ABORT)?.dyn_into::<Function>()?.bind0(&controller);
        let timer = Timer::start(abort, timeout_ms, caller);
        Ok(Self { controller, caller: caller.cloned(), _timer: timer })
    }

    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Cancels the download of a body left unread (an oversized answer). Not done on every drop:
    /// an abort builds a `DOMException`, a noticeable part of a call's own cost.
    pub fn cancel(&self) {
        self.controller.abort();
    }

    /// True when our own timer fired (and not the caller).
    pub fn timed_out(&self) -> bool {
        !self.caller.as_ref().is_some_and(CallerSignal::is_aborted) && self.signal().aborted()
    }
}
