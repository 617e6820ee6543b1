//! Walking any list page by page: the one list driver. A resource gives its query and its request
//! builder; the core's `Pagination` decides what to request next, with its loop guard. `Pages`
//! is the object behind every `listAll…` async iterator (`calls.js` turns it into one).

use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;

use futures_util::future::LocalBoxFuture;
use js_sys::Promise;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::call::send;
use super::call_error::CallError;
use super::options::CallOptions;
use crate::config::ClientConfig;
use crate::error::Error;
use crate::model::{HasId, Page};
use crate::pagination::{NextPage, Pagination};
use crate::query::{PagedQuery, MAX_PAGE_SIZE};
use crate::request::HttpRequest;
use crate::validate::InvalidInput;

/// The request of one page of a resource's list, for a query whose cursor the walk sets.
pub type PageRequest<Q> = Box<dyn Fn(&ClientConfig, &Q) -> Result<HttpRequest, InvalidInput>>;

pub struct ListWalk<Q, T> {
    query: RefCell<Q>,
    request: PageRequest<Q>,
    /// A resource's own reading of an error answer (the audit log's "not enabled").
    classify: fn(Error) -> Error,
    pagination: RefCell<Pagination>,
    item: PhantomData<T>,
}

impl<Q: PagedQuery, T: DeserializeOwned + HasId> ListWalk<Q, T> {
    /// Walks from the caller's own `after`, asking for the largest page unless the caller gave a
    /// `limit`: fewer round trips. The first request is built at once, so a bad argument fails
    /// before the walk starts.
    pub fn new(call: &CallOptions, mut query: Q, request: PageRequest<Q>) -> Result<Self, InvalidInput> {
        let paging = query.paging();
        paging.limit.get_or_insert(MAX_PAGE_SIZE);
        let pagination = RefCell::new(Pagination::new(paging.after.clone()));
        request(&call.config, &query)?;
        Ok(Self { query: RefCell::new(query), request, classify: |error| error, pagination, item: PhantomData })
    }

    pub fn classifying(self, classify: fn(Error) -> Error) -> Self {
        Self { classify, ..self }
    }

    /// The next page, as the model and as the caller's object, or `None` when the walk is over.
    /// A failed request ends the walk.
    pub async fn next_page(&self, call: &CallOptions) -> Result<Option<(Page<T>, JsValue)>, CallError> {
        let after = match self.pagination.borrow().next() {
            NextPage::Done => return Ok(None),
            NextPage::Fetch(after) => after.clone(),
        };
        let request = {
            let mut query = self.query.borrow_mut();
            query.paging().after = after;
            (self.request)(&call.config, &query)?
        };
        let parsed = match send(call, &request).await {
            Ok(answer) => answer.into_checked::<Page<T>>(&call.config.secrets()).map_err(CallError::from),
            Err(error) => Err(error.reclassified(self.classify)),
        };
        let mut pagination = self.pagination.borrow_mut();
        match &parsed {
            Ok((page, _)) => pagination.advance(page),
            Err(_) => pagination.stop(),
        }
        parsed.map(Some)
    }

    /// Every item of every page: what a plan, a directory or a history reads whole.
    pub async fn all_items(&self, call: &CallOptions) -> Result<Vec<T>, CallError> {
        let mut all = Vec::new();
        while let Some((page, _)) = self.next_page(call).await? {
            all.extend(page.data);
        }
        Ok(all)
    }
}

/// A walk whose item type is no longer named: what `Pages` holds.
trait PageSource {
    fn next_js<'a>(&'a self, call: &'a CallOptions) -> LocalBoxFuture<'a, Result<Option<JsValue>, CallError>>;
}

impl<Q: PagedQuery + 'static, T: DeserializeOwned + HasId + 'static> PageSource for ListWalk<Q, T> {
    fn next_js<'a>(&'a self, call: &'a CallOptions) -> LocalBoxFuture<'a, Result<Option<JsValue>, CallError>> {
        Box::pin(async move { Ok(self.next_page(call).await?.map(|(_, page)| page)) })
    }
}

/// Internal to the package: `calls.js` wraps it in an async generator, which reads better in JS.
#[wasm_bindgen]
pub struct Pages {
    call: Rc<CallOptions>,
    source: Rc<dyn PageSource>,
}

impl Pages {
    /// The pages behind a resource's `listAll…`: the options read, then the resource's walk
    /// built on them; bad input throws the `InvalidInputError` a call would reject with.
    pub fn open<Q, T>(options: &JsValue, walk: impl FnOnce(&CallOptions) -> Result<ListWalk<Q, T>, InvalidInput>) -> Result<Pages, JsValue>
    where
        Q: PagedQuery + 'static,
        T: DeserializeOwned + HasId + 'static,
    {
        let open = || -> Result<Pages, InvalidInput> {
            let call = CallOptions::read(options)?;
            let walk = walk(&call)?;
            Ok(Self { call: Rc::new(call), source: Rc::new(walk) })
        };
        open().map_err(|error| CallError::from(error).to_js())
    }
}

#[wasm_bindgen]
impl Pages {
    /// Resolves to the next page, or `null` after the last one.
    pub fn next(&self) -> Promise {
        let (call, source) = (self.call.clone(), self.source.clone());
        future_to_promise(async move { source.next_js(&call).await.map(|page| page.unwrap_or(JsValue::NULL)).map_err(|error| error.to_js()) })
    }
}
