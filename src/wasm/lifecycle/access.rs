//! Access as code: `planAccess`, `applyAccess` and `exportAccess`, the one engine behind the CLI,
//! the scheduled Worker and the console. Each checkpoint is a sync (the same one
//! `syncCheckpointPermissions` runs), several checkpoints at a time, reported in file order.

use std::cell::RefCell;
use std::collections::HashSet;

use futures_util::stream::{self, StreamExt};
use js_sys::{Function, Promise};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::changes;
use crate::access::{AccessFile, ExportedFile};
use crate::access_report::{AccessReport, CheckpointReport};
use crate::ids::IdKind;
use crate::validate::{InvalidInput, Problem};
use crate::wasm::call_error::CallError;
use crate::wasm::export::{start, Rejection};
use crate::wasm::js_input;
use crate::wasm::untrusted::{is_array, is_object, settled};

/// An access file for thousands of checkpoints is a few hundred kilobytes; this keeps a
/// runaway string out of wasm memory.
const MAX_FILE_UNITS: u32 = 16 * 1024 * 1024;
const DESIRED: &str = "desired";

/// What `applyAccess` would do, without writing: `inSync` says whether anything would change.
#[wasm_bindgen(js_name = planAccess)]
pub fn plan_access(desired: JsValue, options: JsValue) -> Promise {
    run(desired, options, Run::Plan)
}

/// Makes every checkpoint's access exactly what the file says.
#[wasm_bindgen(js_name = applyAccess)]
pub fn apply_access(desired: JsValue, options: JsValue) -> Promise {
    run(desired, options, Run::Apply)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Plan,
    Apply,
}

impl Run {
    fn name(self) -> &'static str {
        match self {
            Run::Plan => "planAccess",
            Run::Apply => "applyAccess",
        }
    }
}

/// Today's access to `checkpoints`, as an access file.
#[wasm_bindgen(js_name = exportAccess)]
pub fn export_access(checkpoints: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let checkpoints = js_input::string_list(&checkpoints, "checkpoints")?;
        if checkpoints.is_empty() {
            return Err(InvalidInput::new("checkpoints", Problem::Detail("must name at least one checkpoint".into())));
        }
        let mut seen = HashSet::with_capacity(checkpoints.len());
        for (index, checkpoint) in checkpoints.iter().enumerate() {
            let field = format!("checkpoints[{index}]");
            IdKind::Checkpoint.check(&field, checkpoint)?;
            if !seen.insert(checkpoint.as_str()) {
                return Err(InvalidInput::new(field, Problem::Detail("is listed twice".into())));
            }
        }
        Ok(async move {
            let call = &*call;
            let reads = checkpoints.into_iter().map(|checkpoint| async move {
                let permissions = changes::all_permissions(call, &checkpoint).await?;
                Ok::<_, CallError>((checkpoint, permissions))
            });
            let current: Vec<_> = stream::iter(reads).buffered(call.batch.checkpoint_concurrency).collect().await;
            let file = ExportedFile::new(current.into_iter().collect::<Result<_, _>>()?);
            Ok(file.serialize(&to_objects())?)
        })
    })
}

fn run(desired: JsValue, options: JsValue, run: Run) -> Promise {
    start(&options, |call| {
        let file = read_file(&desired)?;
        Ok(async move {
            let call = &*call;
            let dry_run = run == Run::Plan;
            // The first authentication failure: every later request would fail the same way.
            let stopped: RefCell<Option<CallError>> = RefCell::new(None);
            let stopped = &stopped;
            let syncs = file.checkpoints.into_iter().map(|entry| async move {
                if stopped.borrow().is_some() {
                    return CheckpointReport::not_attempted(entry.checkpoint, entry.projects, dry_run);
                }
                let report = match changes::sync_report(call, &entry.checkpoint, &entry.projects, dry_run).await {
                    Ok(sync) => CheckpointReport::synced(entry.checkpoint, entry.projects, sync),
                    Err(error) => CheckpointReport::unreadable(entry.checkpoint, entry.projects, dry_run, error),
                };
                let failures = report.error.iter().chain(report.sync.failed.iter().map(|failed| &failed.error));
                if let Some(authentication) = failures.filter(|error| error.error().is_authentication_failure()).next() {
                    stopped.borrow_mut().get_or_insert_with(|| authentication.clone());
                }
                if let Some(callback) = &call.batch.on_checkpoint {
                    tell(callback, &report);
                }
                report
            });
            let report = AccessReport::new(dry_run, stream::iter(syncs).buffered(call.batch.checkpoint_concurrency).collect().await);
            finish(run, &report, stopped.take())
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

/// Progress for the caller, typed `=> void`: what the callback throws is ignored, and a promise it
/// returns is awaited here so that its rejection is caught, never an unhandled rejection (which
/// ends a Node process by default).
fn tell(callback: &Function, report: &CheckpointReport<CallError>) {
    let Ok(value) = report.serialize(&to_objects()) else { return };
    let Ok(returned) = callback.call1(&JsValue::UNDEFINED, &value) else { return };
    if is_object(&returned) {
        let outcome = settled(&returned);
        wasm_bindgen_futures::spawn_local(async move {
            let _ = outcome.await;
        });
    }
}

/// The report; or, when a checkpoint could not be read or a write failed, the
/// `PartialFailureError` that carries it; or, when an authentication failure stopped the run,
/// that error, carrying the report (the checkpoints it did not reach marked `notAttempted`).
fn finish(run: Run, report: &AccessReport<CallError>, stopped: Option<CallError>) -> Result<JsValue, Rejection> {
    let result = report.serialize(&to_objects())?;
    if let Some(error) = stopped {
        return Err(Rejection::Stopped { error, result });
    }
    let first_message = report.first_error().map(|error| error.error().message().into_owned()).unwrap_or_default();
    match report.failure_message(run.name(), &first_message) {
        None => Ok(result),
        Some(message) => Err(Rejection::Partial { message, result }),
    }
}
