//! Following any list across pages: `has_more` and `last_id` lead to the next `after`. The walk
//! ends on the last page, and also on an empty page or a cursor seen before, whatever `has_more`
//! claims: a server that loops must not turn an iterator into an endless stream of requests.

use crate::model::{HasId, Page};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    /// Request the page after this cursor (`None`: the first page of the caller's own query).
    Fetch(Option<String>),
    Done,
}

#[derive(Debug, Clone)]
pub struct Pagination {
    next: NextPage,
    /// Sorted, for a binary search: a walk has one cursor a page, and a hash set of owned strings
    /// would compile one more hash table into the wasm.
    used_cursors: Vec<String>,
}

impl Pagination {
    /// `start_after` is the caller's own `after`, if any.
    pub fn new(start_after: Option<String>) -> Self {
        let used_cursors = start_after.iter().cloned().collect();
        Self { next: NextPage::Fetch(start_after), used_cursors }
    }

    pub fn next(&self) -> &NextPage {
        &self.next
    }

    /// Takes in the page just fetched and decides what comes after it.
    pub fn advance<T: HasId>(&mut self, page: &Page<T>) {
        let cursor = page.last_id.as_deref().or_else(|| page.data.last().map(HasId::id));
        self.next = match cursor {
            Some(cursor) if page.has_more && !page.data.is_empty() => match self.used_cursors.binary_search_by(|used| used.as_str().cmp(cursor)) {
                Ok(_) => NextPage::Done,
                Err(at) => {
                    self.used_cursors.insert(at, cursor.to_owned());
                    NextPage::Fetch(Some(cursor.to_owned()))
                }
            },
            _ => NextPage::Done,
        };
    }

    /// Ends the walk early (the caller stopped iterating, or a request failed).
    pub fn stop(&mut self) {
        self.next = NextPage::Done;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ListObject;

    /// Any item with an id: the walk knows nothing else of what it lists.
    struct Item(String);

    impl HasId for Item {
        fn id(&self) -> &str {
            &self.0
        }
    }

    fn page(ids: &[&str], has_more: bool) -> Page<Item> {
        let data: Vec<Item> = ids.iter().map(|id| Item(id.to_string())).collect();
        Page { object: ListObject::List, first_id: ids.first().map(|id| id.to_string()), last_id: ids.last().map(|id| id.to_string()), data, has_more }
    }

    #[test]
    fn follows_last_id_until_has_more_is_false() {
        let mut pages = Pagination::new(None);
        assert_eq!(pages.next(), &NextPage::Fetch(None));
        pages.advance(&page(&["cp_1", "cp_2"], true));
        assert_eq!(pages.next(), &NextPage::Fetch(Some("cp_2".into())));
        pages.advance(&page(&["cp_3"], true));
        assert_eq!(pages.next(), &NextPage::Fetch(Some("cp_3".into())));
        pages.advance(&page(&["cp_4"], false));
        assert_eq!(pages.next(), &NextPage::Done);
    }

    #[test]
    fn starts_from_the_callers_cursor() {
        let pages = Pagination::new(Some("cp_9".into()));
        assert_eq!(pages.next(), &NextPage::Fetch(Some("cp_9".into())));
    }

    #[test]
    fn an_empty_page_ends_the_walk_even_if_has_more_lies() {
        let mut pages = Pagination::new(None);
        pages.advance(&page(&[], true));
        assert_eq!(pages.next(), &NextPage::Done);
    }

    #[test]
    fn a_repeated_cursor_ends_the_walk_instead_of_looping() {
        let mut pages = Pagination::new(None);
        pages.advance(&page(&["cp_1", "cp_2"], true));
        pages.advance(&page(&["cp_1", "cp_2"], true));
        assert_eq!(pages.next(), &NextPage::Done);
        let mut pages = Pagination::new(Some("cp_2".into()));
        pages.advance(&page(&["cp_1", "cp_2"], true));
        assert_eq!(pages.next(), &NextPage::Done, "the caller's own cursor counts as used");
    }

    #[test]
    fn a_missing_last_id_falls_back_to_the_last_item() {
        let mut pages = Pagination::new(None);
        let mut first = page(&["cp_1", "cp_2"], true);
        first.last_id = None;
        pages.advance(&first);
        assert_eq!(pages.next(), &NextPage::Fetch(Some("cp_2".into())));
    }

    #[test]
    fn stop_ends_the_walk() {
        let mut pages = Pagination::new(None);
        pages.stop();
        assert_eq!(pages.next(), &NextPage::Done);
    }
}
