//! Everything beyond create: list, the list iterator, delete, grant, revoke and sync. Behind the
//! `lifecycle` feature, so the lean `/create` build carries none of it.

mod changes;
mod js_values;
pub mod pages;
pub mod read;

use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::call::send;
use super::options::CallOptions;
use crate::model::{DeletedPermission, PermissionPage};
use crate::request::HttpRequest;
use pages::Pages;

pub enum Operation {
    /// One request whose answer is a page (list).
    Page(HttpRequest),
    Delete(HttpRequest),
    NextPage(Rc<Pages>),
    Grant {
        checkpoint: String,
        project_ids: Vec<String>,
    },
    Revoke {
        checkpoint: String,
        project_ids: Vec<String>,
        concurrency: usize,
    },
    Sync {
        checkpoint: String,
        project_ids: Vec<String>,
        dry_run: bool,
        concurrency: usize,
    },
}

pub async fn perform(call: &CallOptions, operation: Operation) -> Result<JsValue, JsValue> {
    let secrets = call.config.secrets();
    match operation {
        Operation::Page(request) => send(call, &request).await?.into_checked::<PermissionPage>(&secrets),
        Operation::Delete(request) => send(call, &request).await?.into_checked::<DeletedPermission>(&secrets),
        Operation::NextPage(pages) => pages.fetch_next(call).await,
        Operation::Grant { checkpoint, project_ids } => changes::grant(call, &checkpoint, &project_ids).await,
        Operation::Revoke { checkpoint, project_ids, concurrency } => changes::revoke(call, &checkpoint, &project_ids, concurrency).await,
        Operation::Sync { checkpoint, project_ids, dry_run, concurrency } => {
            changes::sync(call, &checkpoint, &project_ids, dry_run, concurrency).await
        }
    }
}
