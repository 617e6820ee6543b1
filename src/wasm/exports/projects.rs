//! `listProjects` and the pages behind `listAllProjects`: the organization's projects.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::model::{Project, ProjectPage};
use crate::query::Paging;
use crate::resources::projects::{self as resource, ListQuery};
use crate::validate::InvalidInput;
use crate::wasm::call::send;
use crate::wasm::export::start;
use crate::wasm::js_input::{optional_bool, optional_limit, optional_string};
use crate::wasm::js_members::read_members;
use crate::wasm::list::{ListWalk, Pages};
use crate::wasm::options::CallOptions;

/// One page: `{ object: "list", data: [organization.project…], first_id, last_id, has_more }`.
#[wasm_bindgen(js_name = listProjects)]
pub fn list_projects(query: JsValue, options: JsValue) -> Promise {
    start(&options, |call| {
        let request = resource::list(&call.config, &read_query(&query)?);
        Ok(async move {
            let (_, page) = send(&call, &request).await?.into_checked::<ProjectPage>(&call.config.secrets())?;
            Ok(page)
        })
    })
}

/// The pages of `listAllProjects` (`calls.js`); throws `InvalidInputError`.
#[wasm_bindgen(js_name = projectPages)]
pub fn project_pages(query: JsValue, options: JsValue) -> Result<Pages, JsValue> {
    Pages::open(&options, |call| walk(call, read_query(&query)?))
}

/// Every page of the organization's projects.
pub fn walk(call: &CallOptions, query: ListQuery) -> Result<ListWalk<ListQuery, Project>, InvalidInput> {
    ListWalk::new(call, query, Box::new(|config, query| Ok(resource::list(config, query))))
}

struct JsQuery {
    limit: Option<u32>,
    after: Option<String>,
    include_archived: Option<bool>,
}

read_members! {
    fn read_js_query("query", "must be an object like { limit, after, include_archived }") -> JsQuery {
        limit: "limit" => optional_limit,
        after: "after" => optional_string,
        include_archived: "include_archived" => optional_bool,
    }
}

fn read_query(value: &JsValue) -> Result<ListQuery, InvalidInput> {
    let JsQuery { limit, after, include_archived } = read_js_query(value)?;
    Ok(ListQuery { paging: Paging { after, limit }, include_archived })
}
