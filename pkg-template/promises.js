// Promises for the wasm's executor (src/wasm/executor.rs). Rust can only hand JS a callback
// through a wasm-bindgen Closure, which costs bytes and a FinalizationRegistry entry per await;
// these few functions are all the JavaScript that waiting needs.
import { resume } from "./checkpoint_permissions.js";

/** `[promise, resolve, reject]`: `Promise.withResolvers()`, which Node 20 lacks. */
export function deferred() {
  let settle;
  const promise = new Promise((resolve, reject) => (settle = [resolve, reject]));
  return [promise, ...settle];
}

// Each running task's [resolve, reject], by task number; the wasm reuses the numbers of ended tasks.
const settlers = [];

/** The promise of task `task`'s outcome. */
export function taskPromise(task) {
  return new Promise((resolve, reject) => (settlers[task] = [resolve, reject]));
}

/** Settles task `task`'s promise; settling a native promise cannot throw. */
export function settleTask(task, fulfilled, value) {
  const settler = settlers[task];
  settlers[task] = undefined;
  settler?.[fulfilled ? 0 : 1](value);
}

/** Resumes the task once `value` settles. `new Promise` never throws, even on a hostile thenable,
 * and never calls back before this returns. */
export function wait(task, slot, value) {
  new Promise((resolve) => resolve(value)).then(
    (result) => resume(task, slot, true, result),
    (error) => resume(task, slot, false, error),
  );
}
