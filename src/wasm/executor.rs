//! Runs the package's futures, in place of wasm-bindgen-futures. A task is polled once when it
//! starts and again each time a promise it waits on settles; nothing else can make it ready, so
//! it needs no waker and no queue. `pkg-template/promises.js` makes and settles each task's
//! promise, by task number, and attaches the continuations: Rust would need a wasm-bindgen
//! `Closure` per await for that, which costs bytes and a `FinalizationRegistry` entry on every call.
//!
//! No borrow of the task table is held while a future runs, is dropped or settles its promise:
//! each of those can run the caller's JS (a custom `fetch`, a signal's listeners), which may
//! start a call of its own.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use wasm_bindgen::prelude::*;

use super::bindings::reflect_get_index;

type Work = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

struct Task {
    /// `None` while it is being polled.
    work: Option<Work>,
}

const NO_TASK: u32 = u32::MAX;

thread_local! {
    static TASKS: RefCell<Vec<Option<Task>>> = const { RefCell::new(Vec::new()) };
    static POLLING: Cell<u32> = const { Cell::new(NO_TASK) };
    /// The outcome that resumed the task being polled, for the `Settlement` waiting on that slot.
    static SETTLED: RefCell<Option<(u32, Result<JsValue, JsValue>)>> = const { RefCell::new(None) };
    static NEXT_SLOT: Cell<u32> = const { Cell::new(0) };
}

#[wasm_bindgen(raw_module = "./promises.js")]
extern "C" {
    /// `[promise, resolve, reject]`.
    pub fn deferred() -> JsValue;
    /// The promise of task `task`'s outcome; `settle_task` settles it.
    #[wasm_bindgen(js_name = taskPromise)]
    fn task_promise(task: u32) -> JsValue;
    #[wasm_bindgen(js_name = settleTask)]
    fn settle_task(task: u32, fulfilled: bool, value: &JsValue);
    /// Calls `resume(task, slot, …)` once `value` settles.
    fn wait(task: u32, slot: u32, value: &JsValue);
}

/// A promise of `work`'s outcome. `work` starts at once, in this call.
pub fn spawn(work: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> JsValue {
    let task = Task { work: None };
    let id = TASKS.with(|tasks| {
        let mut tasks = tasks.borrow_mut();
        let free = tasks.iter().position(Option::is_none).unwrap_or(tasks.len());
        if free == tasks.len() {
            tasks.push(None);
        }
        if let Some(place) = tasks.get_mut(free) {
            *place = Some(task);
        }
        free
    });
    // Made before the first poll, which may already finish the task.
    let promise = task_promise(id as u32);
    poll(id as u32, Box::pin(work));
    promise
}

/// An item of the array `deferred()` made: a plain array, so reading it cannot throw.
pub fn deferred_part(parts: &JsValue, index: u32) -> JsValue {
    reflect_get_index(parts, index).unwrap_or_default()
}

/// Called by `promises.js` when a promise a task waits on settles.
#[wasm_bindgen(skip_typescript)]
pub fn resume(task: u32, slot: u32, fulfilled: bool, value: JsValue) {
    let work = TASKS.with(|tasks| tasks.borrow_mut().get_mut(task as usize)?.as_mut()?.work.take());
    // A task that ended meanwhile: nothing waits for this. (Were its index reused by a newer task,
    // that one is polled once more for nothing, which every future allows.)
    let Some(work) = work else { return };
    SETTLED.set(Some((slot, if fulfilled { Ok(value) } else { Err(value) })));
    poll(task, work);
    // Unclaimed when the future that waited for it was dropped.
    drop(SETTLED.take());
}

fn poll(id: u32, mut work: Work) {
    let outer = POLLING.replace(id);
    let outcome = work.as_mut().poll(&mut Context::from_waker(Waker::noop()));
    POLLING.set(outer);
    match outcome {
        Poll::Pending => TASKS.with(|tasks| {
            if let Some(Some(task)) = tasks.borrow_mut().get_mut(id as usize) {
                task.work = Some(work);
            }
        }),
        Poll::Ready(result) => {
            drop(work);
            if TASKS.with(|tasks| tasks.borrow_mut().get_mut(id as usize)?.take()).is_some() {
                let fulfilled = result.is_ok();
                settle_task(id, fulfilled, &result.unwrap_or_else(|error| error));
            }
        }
    }
}

/// Resolves when the promise (or plain value) `value` settles: `Ok` fulfilled, `Err` rejected.
/// Only for use inside a task's future.
pub fn settled(value: &JsValue) -> Settlement {
    let slot = NEXT_SLOT.get();
    NEXT_SLOT.set(slot.wrapping_add(1));
    wait(POLLING.get(), slot, value);
    Settlement { slot }
}

pub struct Settlement {
    slot: u32,
}

impl Future for Settlement {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        SETTLED.with(|settled| {
            let mut settled = settled.borrow_mut();
            match settled.take() {
                Some((slot, outcome)) if slot == self.slot => Poll::Ready(outcome),
                other => {
                    *settled = other;
                    Poll::Pending
                }
            }
        })
    }
}
