//! Following a list across pages: `has_more` and `last_id` lead to the next `after`. The walk ends
//! on the last page, and also on an empty page or a cursor seen before, whatever `has_more`
//! claims: a server that loops must not turn an iterator into an endless stream of requests.

use crate::model::PermissionPage;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    /// Request the page after this cursor (`None`: the first page of the caller's own query).
    Fetch(Option<String>),
    Done,
}

#[derive(Debug, Clone)]
pub struct Pagination {
    next: NextPage,
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
    pub fn advance(&mut self, page: &PermissionPage) {
        let cursor = page.last_id.clone().or_else(|| page.data.last().map(|permission| permission.id.clone()));
        self.next = match cursor {
            Some(cursor) if page.has_more && !page.data.is_empty() && !self.used_cursors.contains(&cursor) => {
                self.used_cursors.push(cursor.clone());
                NextPage::Fetch(Some(cursor))
            }
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
    use crate::model::{CheckpointPermission, ListObject, PermissionObject};

    fn page(ids: &[&str], has_more: bool) -> PermissionPage {
        let data: Vec<CheckpointPermission> =
            ids.iter().map(|id| CheckpointPermission { object: PermissionObject::CheckpointPermission, id: id.to_string(), created_at: 1, project_id: format!("proj_{id}") }).collect();
        PermissionPage { object: ListObject::List, first_id: data.first().map(|p| p.id.clone()), last_id: data.last().map(|p| p.id.clone()), data, has_more }
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
