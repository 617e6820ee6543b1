//! Walking a list page by page; the core's `Pagination` decides what to request next.
//! `PermissionPages` is the object behind `listAllCheckpointPermissions`' async iterator.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::model::PermissionPage;
use crate::pagination::{NextPage, Pagination};
use crate::query::ListQuery;
use crate::request;
use crate::validate::InvalidInput;
use crate::wasm::call::send;
use crate::wasm::js_error;
use crate::wasm::operation::{run, Operation};
use crate::wasm::options::CallOptions;

pub struct Pages {
    checkpoint: String,
    query: ListQuery,
    pagination: RefCell<Pagination>,
}

impl Pages {
    pub fn new(call: &CallOptions, checkpoint: String, query: ListQuery) -> Result<Self, InvalidInput> {
        // Building the first request validates everything before the iterator exists.
        request::list_permissions(&call.config, &checkpoint, &query)?;
        let pagination = RefCell::new(Pagination::new(query.after.clone()));
        Ok(Self { checkpoint, query, pagination })
    }

    /// The next page, or `None` when the walk is over. A failed request ends the walk.
    pub async fn fetch_next_parsed(&self, call: &CallOptions) -> Result<Option<(PermissionPage, JsValue)>, JsValue> {
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

    pub async fn fetch_next(&self, call: &CallOptions) -> Result<JsValue, JsValue> {
        Ok(self.fetch_next_parsed(call).await?.map_or(JsValue::NULL, |(_, page)| page))
    }
}

/// Internal to the package: `api.js` wraps it in an async generator.
#[wasm_bindgen(skip_typescript)]
pub struct PermissionPages {
    call: Rc<CallOptions>,
    pages: Rc<Pages>,
}

#[wasm_bindgen]
impl PermissionPages {
    #[wasm_bindgen(constructor)]
    pub fn new(checkpoint: JsValue, query: JsValue, options: JsValue) -> Result<PermissionPages, JsValue> {
        let read = CallOptions::read(&options).and_then(|call| Ok((super::read::pages(&call, &checkpoint, &query)?, call)));
        let (pages, call) = read.map_err(|e| js_error::invalid_input(&e))?;
        Ok(PermissionPages { call: Rc::new(call), pages: Rc::new(pages) })
    }

    /// Resolves to the next page, or `null` after the last one.
    pub fn next(&self) -> JsValue {
        run(self.call.clone(), Operation::Lifecycle(super::Operation::NextPage(self.pages.clone())))
    }
}
