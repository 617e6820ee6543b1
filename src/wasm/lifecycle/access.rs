//! Access as code: `planAccess`, `applyAccess` and `exportAccess`, the one engine behind the CLI,
//! the scheduled Worker and the console. Each checkpoint is a sync (the same one
//! `syncCheckpointPermissions` runs), several checkpoints at a time, reported in file order.

use futures_util::stream::{self, StreamExt};
use js_sys::{Function, Promise};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::arguments::{concurrency, optional_function};
use super::changes::{self, JsError};
use crate::access::{self, AccessFile, ExportedFile};
use crate::access_report::{AccessReport, CheckpointReport};
use crate::error_class::ErrorClass;
use crate::validate::{InvalidInput, Problem};
use crate::wasm::js_error;
use crate::wasm::js_input;
use crate::wasm::names;
use crate::wasm::operation::start;
use crate::wasm::untrusted::{self, is_array, is_object};

/// An access file for thousands of checkpoints is a few hundred kilobytes; this keeps a
/// runaway string out of wasm memory.
const MAX_FILE_UNITS: u32 = 16 * 1024 * 1024;
const DESIRED: &str = "desired";

/// What `applyAccess` would do, without writing: `inSync` says whether anything would change.
#[wasm_bindgen(js_name = planAccess)]
pub fn plan_access(desired: JsValue, options: JsValue) -> Promise {
    run(desired, options, true)
}

/// Makes every checkpoint's access exactly what the file says.
#[wasm_bindgen(js_name = applyAccess)]
pub fn apply_access(desired: JsValue, options: JsValue) -> Promise {
    run(desired, options, false)
}

/// Today's access to `checkpoints`, as an access file.
#[wasm_bindgen(js_name = exportAccess)]
pub fn export_access(checkpoints: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoints = js_input::string_list(&checkpoints, "checkpoints")?;
        if checkpoints.is_empty() {
            return Err(InvalidInput::new("checkpoints", Problem::Detail("must name at least one checkpoint".into())));
        }
        for (index, checkpoint) in checkpoints.iter().enumerate() {
            let field = format!("checkpoints[{index}]");
            access::checkpoint_name(&field, checkpoint)?;
            if checkpoints.get(..index).is_some_and(|before| before.contains(checkpoint)) {
                return Err(InvalidInput::new(field, Problem::Detail("is listed twice".into())));
            }
        }
        let across = concurrency(&options, &names::CHECKPOINT_CONCURRENCY, "options.checkpointConcurrency")?;
        Ok(async move {
            let call = &*call;
            let reads = checkpoints.into_iter().map(|checkpoint| async move {
                let permissions = changes::all_permissions(call, &checkpoint).await?;
                Ok::<_, JsValue>((checkpoint, permissions))
            });
            let current: Vec<_> = stream::iter(reads).buffered(across).collect().await;
            let file = ExportedFile::new(current.into_iter().collect::<Result<_, _>>()?);
            Ok(file.serialize(&to_objects())?)
        })
    })
}

fn run(desired: JsValue, options: JsValue, dry_run: bool) -> Promise {
    start(&options, |call| {
        let file = read_file(&desired)?;
        let within = concurrency(&options, &names::CONCURRENCY, "options.concurrency")?;
        let across = concurrency(&options, &names::CHECKPOINT_CONCURRENCY, "options.checkpointConcurrency")?;
        let on_checkpoint = optional_function(&options, &names::ON_CHECKPOINT, "options.onCheckpoint")?;
        Ok(async move {
            let call = &*call;
            let on_checkpoint = on_checkpoint.as_ref();
            let syncs = file.checkpoints.into_iter().map(|entry| async move {
                let report = match changes::sync_report(call, &entry.checkpoint, &entry.projects, dry_run, within).await {
                    Ok(sync) => CheckpointReport::synced(entry.checkpoint, entry.projects, sync),
                    Err(error) => CheckpointReport::unreadable(entry.checkpoint, entry.projects, dry_run, JsError(error)),
                };
                if let Some(callback) = on_checkpoint {
                    tell(callback, &report);
                }
                report
            });
            let report = AccessReport::new(dry_run, stream::iter(syncs).buffered(across).collect().await);
            finish(if dry_run { "planAccess" } else { "applyAccess" }, &report)
        })
    })
}

/// The file as JSON text, or as the object parsed from it (a bundled JSON module, a KV value read
/// with `type: "json"`), which is read as its `JSON.stringify` text: one reader for both, and
/// the caller's getters and proxies run in JS, never under serde. Errors name the place as the
/// file spells it (`checkpoints["ft:…"][2]`), which is what a reader of a CI log looks for.
fn read_file(desired: &JsValue) -> Result<AccessFile, InvalidInput> {
    const TOO_LARGE: &str = "is too large (over 16 Mi characters)";
    if desired.is_string() {
        return AccessFile::from_json(&js_input::text(desired, DESIRED, MAX_FILE_UNITS, TOO_LARGE)?);
    }
    if !is_object(desired) || is_array(desired) {
        let problem = if desired.is_undefined() {
            Problem::Missing
        } else {
            Problem::WrongType("must be the access file: its JSON text, or the object parsed from it")
        };
        return Err(InvalidInput::new(DESIRED, problem));
    }
    let text = js_sys::JSON::stringify(desired).map_err(|_| InvalidInput::new(DESIRED, Problem::Unreadable))?;
    AccessFile::from_serialized(&js_input::text(&text, DESIRED, MAX_FILE_UNITS, TOO_LARGE)?)
}

/// Maps become plain objects, not `Map`s: an exported file's `checkpoints`, and each
/// checkpoint report, whose sync is flattened into it (serde writes a flattened struct as a map).
fn to_objects() -> serde_wasm_bindgen::Serializer {
    serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true)
}

/// Progress for the caller; a callback that throws must not stop the run.
fn tell(callback: &Function, report: &CheckpointReport<JsError>) {
    if let Ok(value) = report.serialize(&to_objects()) {
        let _ = callback.call1(&JsValue::UNDEFINED, &value);
    }
}

/// The report, or the `PartialFailureError` that carries it when a checkpoint could not be read
/// or a write failed.
fn finish(call_name: &str, report: &AccessReport<JsError>) -> Result<JsValue, JsValue> {
    let result = report.serialize(&to_objects())?;
    let first_message = report
        .first_error()
        .and_then(|error| untrusted::get(&error.0, &names::MESSAGE).ok())
        .and_then(|message| message.as_string())
        .unwrap_or_default();
    match report.failure_message(call_name, &first_message) {
        None => Ok(result),
        Some(message) => Err(js_error::error(ErrorClass::PartialFailure, &message, &[(&names::RESULT, &result)])),
    }
}
