//! Manage who may use a fine-tuned OpenAI checkpoint, from any JavaScript runtime with `fetch`.
//!
//! Everything outside `wasm` is a sans-IO core: plain Rust that validates input, describes HTTP
//! requests, decides retries and classifies errors, with no JavaScript types and no clock of its
//! own (time and randomness are parameters), so `cargo test` checks it on the host. The `wasm`
//! module is the one thin layer that turns JS values into core values and drives `fetch`.

#[cfg(feature = "access")]
pub mod access;
pub mod access_report;
pub mod answer_size;
pub mod config;
pub mod directory;
pub mod error;
pub mod error_class;
pub mod error_message;
#[cfg(test)]
mod fixtures;
pub mod history;
pub mod ids;
pub mod model;
pub mod pagination;
pub mod path;
pub mod plan;
pub mod query;
pub mod redact;
pub mod report;
pub mod request;
pub mod resources;
pub mod retry;
pub mod retry_after;
pub mod saved_plan;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;
