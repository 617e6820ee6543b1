//! Walking a list page by page; the core's `Pagination` decides what to request next.
//! `PermissionPages` is the object behind `listAllCheckpointPermissions`' async iterator.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::arguments::list_query;
use crate::model::PermissionPage;
use crate::pagination::{NextPage, Pagination};
use crate::query::ListQuery;
use crate::request;
use crate::validate::InvalidInput;
use crate::wasm::call::send;
use crate::wasm::js_error;
use crate::wasm::js_input;
use crate::wasm::options::CallOptions;

pub struct Pages {
    checkpoint: String,
    query: ListQuery,
    pagination: RefCell<Pagination>,
}

impl Pages {
    pub fn new(call: &CallOptions, checkpoint: String, query: ListQuery) -> Result<Self, InvalidInput> {
        // Building the first request validates everything before the walk starts.
        request::list_permissions(&call.config, &checkpoint, &query)?;
        let pagination = RefCell::new(Pagination::new(query.after.clone()));
        Ok(Self { checkpoint, query, pagination })
    }

    /// The next page, or `None` when the walk is over. A failed request ends the walk.
    pub async fn fetch_next(&self, call: &CallOptions) -> Result<Option<(PermissionPage, JsValue)>, JsValue> {
        let after = match self.pagination.borrow().next() {
            NextPage::Done => return Ok(None),
            NextPage::Fetch(after) => after.clone(),
        };
        let query = ListQuery { after, ..self.query.clone() };
        let request = request::list_permissions(&call.config, &self.checkpoint, &query).map_err(|e| js_error::invalid_input(&e))?;
        let parsed = match send(call, &request).await {
            Ok(answer) => answer.into_parsed::<PermissionPage>(&call.config.secrets()),
            Err(error) => Err(error),
        };
        let mut pagination = self.pagination.borrow_mut();
        match &parsed {
            Ok((page, _)) => pagination.advance(page),
            Err(_) => pagination.stop(),
        }
        parsed.map(Some)
    }
}

/// Internal to the package: `api.js` wraps it in an async generator, which reads better in JS.
#[wasm_bindgen]
pub struct PermissionPages {
    call: Rc<CallOptions>,
    pages: Rc<Pages>,
}

#[wasm_bindgen]
impl PermissionPages {
    #[wasm_bindgen(constructor)]
    pub fn new(checkpoint: JsValue, query: JsValue, options: JsValue) -> Result<PermissionPages, JsValue> {
        let read = || -> Result<Self, InvalidInput> {
            let call = CallOptions::read(&options)?;
            let pages = Pages::new(&call, js_input::string(&checkpoint, "checkpoint")?, list_query(&query)?)?;
            Ok(Self { call: Rc::new(call), pages: Rc::new(pages) })
        };
        read().map_err(|error| js_error::invalid_input(&error))
    }

    /// Resolves to the next page, or `null` after the last one.
    pub fn next(&self) -> Promise {
        let (call, pages) = (self.call.clone(), self.pages.clone());
        future_to_promise(async move { Ok(pages.fetch_next(&call).await?.map_or(JsValue::NULL, |(_, page)| page)) })
    }
}
