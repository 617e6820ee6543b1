//! The one layer that touches JavaScript: it reads JS arguments into core values, drives `fetch`
//! and timers, and turns outcomes back into JS values or the package's JS error classes.
//!
//! Every import that could throw on a caller's odd value is declared `catch`: an exception that
//! unwinds through wasm frames would leave the module in a broken state for every later call.

mod abort;
mod bindings;
mod call;
mod executor;
mod exports;
mod global_heap;
mod js_error;
mod js_input;
mod js_strings;
mod json_value;
#[cfg(feature = "lifecycle")]
mod lifecycle;
mod operation;
mod options;
mod response;
