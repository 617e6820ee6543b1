//! Access as code: `planAccess`, `applyAccess` and `exportAccess`, the one engine behind the CLI,
//! the scheduled Worker and the console. Each checkpoint is a sync (the same plan
//! `syncCheckpointPermissions` makes), several checkpoints at a time, reported in file order: every
//! checkpoint is read first, then the writes are made. `applyAccess(file, { plan })` writes exactly a
//! saved `planAccess` result, or nothing when a checkpoint changed since it was made.

use std::cell::RefCell;
use std::collections::HashSet;

use futures_util::stream::{self, StreamExt};
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use super::changes;
use super::directory;
use crate::access::{AccessFile, ExportedFile};
use crate::access_report::{AccessReport, CheckpointReport};
use crate::ids::IdKind;
use crate::model::CheckpointPermission;
use crate::plan::SyncPlan;
use crate::report::SyncReport;
use crate::saved_plan::{stale_message, SavedAccessPlan, SavedPlan};
use crate::validate::{InvalidInput, Problem};
use crate::wasm::call_error::CallError;
use crate::wasm::export::{start, Rejection};
use crate::wasm::js_input;
use crate::wasm::json_data::{self, Shape};
use crate::wasm::options::CallOptions;
use crate::wasm::callback;
use crate::wasm::to_js;
use crate::wasm::untrusted::{is_array, is_object};

/// An access file for thousands of checkpoints is a few hundred kilobytes; this keeps a
/// runaway string out of wasm memory.
const MAX_FILE_UNITS: u32 = 16 * 1024 * 1024;
const DESIRED: &str = "desired";
const PLAN: &str = "options.plan";

/// What `applyAccess` would do, without writing: `inSync` says whether anything would change.
#[wasm_bindgen(js_name = planAccess)]
pub fn plan_access(desired: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let file = read_file(&desired)?;
        let given = directory::given(&call)?;
        Ok(async move { run(&call, Run::Plan, desired_of(file), given).await })
    })
}

/// Makes every checkpoint's access exactly what the file says; with `options.plan`, exactly what
/// that saved plan says, or nothing when a checkpoint changed since it was made.
#[wasm_bindgen(js_name = applyAccess)]
pub fn apply_access(desired: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let given = directory::given(&call)?;
        let Some(plan) = read_plan(&call)? else {
            let file = read_file(&desired)?;
            return Ok(futures_util::future::Either::Left(async move { run(&call, Run::Apply, desired_of(file), given).await }));
        };
        if !desired.is_null_or_undefined() {
            same_desired(&plan, &read_file(&desired)?)?;
        }
        Ok(futures_util::future::Either::Right(async move { run(&call, Run::ApplySaved, plan.checkpoints, given).await }))
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Plan,
    Apply,
    /// Applying a saved plan: its writes, or none.
    ApplySaved,
}

impl Run {
    fn name(self) -> &'static str {
        match self {
            Run::Plan => "planAccess",
            Run::Apply | Run::ApplySaved => "applyAccess",
        }
    }
}

/// What one checkpoint's read came to.
enum Read {
    Current(Vec<CheckpointPermission>),
    Unreadable(CallError),
    /// An authentication failure stopped the run first.
    NotAttempted,
}

/// Each checkpoint of a file, as a plan without a recorded state: what a fresh run plans from.
fn desired_of(file: AccessFile) -> Vec<SavedPlan> {
    let entry = |checkpoint, desired| SavedPlan { checkpoint, desired, grant: vec![], revoke: vec![], keep: vec![], error: None, not_attempted: false, refused: vec![] };
    file.checkpoints.into_iter().map(|access| entry(access.checkpoint, access.projects)).collect()
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
            Ok(to_js::plain(&file)?)
        })
    })
}

async fn run(call: &CallOptions, run: Run, entries: Vec<SavedPlan>, given: directory::Given) -> Result<JsValue, Rejection> {
    // The first authentication failure: every later request would fail the same way.
    let stopped: RefCell<Option<CallError>> = RefCell::new(None);
    // A key refused while reading the directory stops the run before any checkpoint is read.
    let (directory, warning) = match directory::read(call, given).await {
        Ok(Ok(directory)) => (Some(directory), None),
        Ok(Err(warning)) => (None, warning),
        Err(refused_key) => {
            stopped.replace(Some(refused_key));
            (None, None)
        }
    };
    let named = |mut report: CheckpointReport<CallError>| {
        if let Some(directory) = directory.as_ref().filter(|_| report.error.is_none() && !report.not_attempted) {
            report.sync.name_projects(directory);
        }
        report
    };
    let reads = read_all(call, &entries, &stopped).await;
    if run == Run::ApplySaved {
        let changes: Vec<_> = entries.iter().zip(&reads).filter_map(|(saved, read)| match read {
            Read::Current(current) => saved.changes_since(current),
            Read::Unreadable(_) | Read::NotAttempted => None,
        }).collect();
        if !changes.is_empty() {
            let mut fresh = AccessReport::new(true, entries.into_iter().zip(reads).map(|(saved, read)| named(planned(saved, read, true))).collect());
            fresh.warnings = warning.into_iter().collect();
            let message = stale_message(run.name(), &changes);
            return Err(Rejection::Stale { message, changes: to_js::plain(&changes)?, plan: to_js::plain(&fresh)? });
        }
    }
    let plans: Vec<_> = entries
        .into_iter()
        .zip(reads)
        .map(|(saved, read)| match run {
            Run::ApplySaved => saved_report(saved, read),
            Run::Plan | Run::Apply => planned(saved, read, run == Run::Plan),
        })
        .map(named)
        .collect();
    let stopped = &stopped;
    let outcomes = plans.into_iter().map(|report| async move {
        let report = match report {
            // A plan that wants a project that cannot be given access is written nowhere.
            CheckpointReport { sync, error: None, not_attempted: false } if !sync.dry_run && sync.refused.is_empty() => {
                if stopped.borrow().is_some() {
                    CheckpointReport::not_attempted(sync.checkpoint, sync.desired, false)
                } else {
                    CheckpointReport::synced(changes::apply(call, sync).await)
                }
            }
            report => report,
        };
        if let Some(authentication) = report.sync.failed.iter().map(|failed| &failed.error).find(|error| error.error().is_authentication_failure()) {
            stopped.borrow_mut().get_or_insert_with(|| authentication.clone());
        }
        if let Some(callback) = &call.batch.on_checkpoint {
            tell(callback, &report);
        }
        report
    });
    let mut report = AccessReport::new(run == Run::Plan, stream::iter(outcomes).buffered(call.batch.checkpoint_concurrency).collect().await);
    report.warnings = warning.into_iter().collect();
    finish(run, &report, stopped.take())
}

/// Reads every checkpoint, several at a time, in file order; after an authentication failure,
/// the checkpoints not yet started are not attempted.
async fn read_all(call: &CallOptions, entries: &[SavedPlan], stopped: &RefCell<Option<CallError>>) -> Vec<Read> {
    let reads = entries.iter().map(|entry| async move {
        if stopped.borrow().is_some() {
            return Read::NotAttempted;
        }
        match changes::all_permissions(call, &entry.checkpoint).await {
            Ok(current) => Read::Current(current),
            Err(error) => {
                if error.error().is_authentication_failure() {
                    stopped.borrow_mut().get_or_insert_with(|| error.clone());
                }
                Read::Unreadable(error)
            }
        }
    });
    stream::iter(reads).buffered(call.batch.checkpoint_concurrency).collect().await
}

/// A checkpoint's report before any write: its plan from what it holds now.
fn planned(saved: SavedPlan, read: Read, dry_run: bool) -> CheckpointReport<CallError> {
    match read {
        Read::Current(current) => CheckpointReport::synced(changes::planned(saved.checkpoint, saved.desired, &current, dry_run)),
        Read::Unreadable(error) => CheckpointReport::unreadable(saved.checkpoint, saved.desired, dry_run, error),
        Read::NotAttempted => CheckpointReport::not_attempted(saved.checkpoint, saved.desired, dry_run),
    }
}

/// A saved plan's checkpoint, unchanged since the plan: exactly its writes, still to make.
fn saved_report(saved: SavedPlan, read: Read) -> CheckpointReport<CallError> {
    let SavedPlan { checkpoint, desired, grant, revoke, keep, .. } = saved;
    match read {
        Read::Current(_) => CheckpointReport::synced(SyncReport::planned(checkpoint, desired, false, SyncPlan { grant, revoke, keep })),
        Read::Unreadable(error) => CheckpointReport::unreadable(checkpoint, desired, false, error),
        Read::NotAttempted => CheckpointReport::not_attempted(checkpoint, desired, false),
    }
}

/// `options.plan`: a `planAccess` result (or its JSON read back), checked before any request.
fn read_plan(call: &CallOptions) -> Result<Option<SavedAccessPlan>, InvalidInput> {
    let Some(value) = &call.batch.plan else { return Ok(None) };
    let plan: SavedAccessPlan = json_data::json_data(value, PLAN, Shape::Object, MAX_FILE_UNITS)?;
    let mut seen = HashSet::with_capacity(plan.checkpoints.len());
    for (index, saved) in plan.checkpoints.iter().enumerate() {
        let field = format!("{PLAN}.checkpoints[{index}]");
        saved.check(&field)?;
        if !seen.insert(saved.checkpoint.as_str()) {
            return Err(InvalidInput::new(field, Problem::Detail("is listed twice".into())));
        }
    }
    Ok(Some(plan))
}

/// A file given with a saved plan must be the one the plan was made from.
fn same_desired(plan: &SavedAccessPlan, file: &AccessFile) -> Result<(), InvalidInput> {
    fn as_set(ids: &[String]) -> HashSet<&str> {
        ids.iter().map(String::as_str).collect()
    }
    let same = plan.checkpoints.len() == file.checkpoints.len()
        && plan.checkpoints.iter().zip(&file.checkpoints).all(|(saved, access)| saved.checkpoint == access.checkpoint && as_set(&saved.desired) == as_set(&access.projects));
    if same {
        Ok(())
    } else {
        Err(InvalidInput::new(PLAN, Problem::Detail("was not made from this access file: plan it again, or apply the plan alone (desired: null)".into())))
    }
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

/// Progress for the caller (`options.onCheckpoint`).
fn tell(callback: &Function, report: &CheckpointReport<CallError>) {
    if let Ok(value) = to_js::plain(report) {
        callback::notify(callback, &value);
    }
}

/// The report; or, when a checkpoint could not be read or a write failed, the
/// `PartialFailureError` that carries it; or, when an authentication failure stopped the run,
/// that error, carrying the report (the checkpoints it did not reach marked `notAttempted`).
fn finish(run: Run, report: &AccessReport<CallError>, stopped: Option<CallError>) -> Result<JsValue, Rejection> {
    let result = to_js::plain(report)?;
    if let Some(error) = stopped {
        return Err(Rejection::Stopped { error, result });
    }
    let first_message = report.first_error().map(|error| error.error().message().into_owned()).unwrap_or_default();
    match report.failure_message(run.name(), &first_message) {
        None => Ok(result),
        Some(message) => Err(Rejection::Partial { message, result }),
    }
}
