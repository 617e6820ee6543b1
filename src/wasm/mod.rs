//! The one layer that touches JavaScript: it reads JS arguments into core values, drives `fetch`
//! and timers, and turns outcomes back into JS values or the package's JS error classes. It
//! stands on js-sys, web-sys, wasm-bindgen-futures and serde-wasm-bindgen; `untrusted` declares
//! the few caller-facing operations those crates bind without `catch`.

mod attempt;
mod call;
mod exports;
mod js_error;
mod js_input;
#[cfg(feature = "lifecycle")]
mod lifecycle;
mod names;
mod operation;
mod options;
mod response;
mod timer;
mod untrusted;
