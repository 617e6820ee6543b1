//! The one layer that touches JavaScript: it reads JS arguments into core values, drives `fetch`
//! and timers, and turns outcomes back into JS values or the package's JS error classes. It
//! stands on js-sys, web-sys, wasm-bindgen-futures and serde-wasm-bindgen; `untrusted` declares
//! the few caller-facing operations those crates bind without `catch`.

mod answer;
mod attempt;
mod call;
mod call_error;
#[cfg(feature = "lifecycle")]
mod callback;
mod environment;
mod export;
mod exports;
mod js_input;
mod js_members;
#[cfg(feature = "lifecycle")]
mod json_data;
#[cfg(feature = "lifecycle")]
mod lifecycle;
#[cfg(feature = "lifecycle")]
mod list;
mod names;
mod options;
mod timer;
#[cfg(feature = "lifecycle")]
mod to_js;
mod untrusted;
