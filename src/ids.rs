//! What an id is: the one rule set every surface asks (the calls and their `validate*` exports,
//! the access file, the CLI, the console and both proxies), so they agree on every id and word
//! their refusals the same. Each id also becomes one URL path segment or query value, so what
//! could end a segment or be decoded into something else (`/`, `\`, `%`, `?`, `#`, whitespace,
//! control characters, a dot segment) is refused here rather than merely encoded: no real id holds
//! one, and a proxy or server that decodes `%2F` must never see another route.
//!
//! The kinds are the API's own: a checkpoint is a fine-tuned model or checkpoint name (`ft:…`) or
//! a checkpoint id (`ft-…`, the OpenAPI document's example); projects are `proj_…`; permissions
//! are `cp_…`. The shared fixture `tests/fixtures/ids.json` pins every rule and its words.

use crate::validate::{InvalidInput, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Checkpoint,
    Project,
    Permission,
}

/// Characters that end or rewrite a path segment or a query value once a server decodes it.
const FORBIDDEN: [char; 5] = ['/', '\\', '%', '?', '#'];

impl IdKind {
    /// What an id of this kind starts with; something must follow.
    fn prefixes(self) -> &'static [&'static str] {
        match self {
            IdKind::Checkpoint => &["ft:", "ft-"],
            IdKind::Project => &["proj_"],
            IdKind::Permission => &["cp_"],
        }
    }

    /// The problem of an id of another kind (or a typo).
    pub fn expected(self) -> &'static str {
        match self {
            IdKind::Checkpoint => "must be a fine-tuned model or checkpoint name (ft:…) or a checkpoint id (ft-…)",
            IdKind::Project => "must be a project id (proj_…)",
            IdKind::Permission => "must be a permission id (cp_…)",
        }
    }

    /// `Ok` when `id` is an id of this kind; otherwise the problem, reported against `field`.
    pub fn check(self, field: &str, id: &str) -> Result<(), InvalidInput> {
        self.problem(id).map_or(Ok(()), |problem| Err(InvalidInput::new(field, problem)))
    }

    /// The first rule `id` breaks, in a fixed order: the most specific words win.
    pub fn problem(self, id: &str) -> Option<Problem> {
        if id.is_empty() {
            return Some(Problem::Empty);
        }
        // Real ids are printable ASCII: one pass over the bytes clears them (the three passes below
        // were 7% of the wasm's time in a create call). Only an id that fails it is read char
        // by char, in the order the problems are reported.
        let printable = id.bytes().all(|byte| byte.is_ascii_graphic() && !FORBIDDEN.contains(&char::from(byte)));
        if !printable {
            if id.chars().any(char::is_control) {
                return Some(Problem::ControlCharacter);
            }
            if id.chars().any(char::is_whitespace) {
                return Some(Problem::Whitespace);
            }
            if let Some(forbidden) = id.chars().find(|c| FORBIDDEN.contains(c)) {
                return Some(Problem::Forbidden(forbidden));
            }
        }
        if id == "." || id == ".." {
            return Some(Problem::DotSegment);
        }
        let has_prefix = self.prefixes().iter().any(|prefix| id.len() > prefix.len() && id.starts_with(prefix));
        (!has_prefix).then_some(Problem::WrongKind(self))
    }
}

/// A list of project ids: at least one unless `may_be_empty`, each a project id, reported as
/// `{field}[index]`. Repeats are allowed: the calls treat the list as a set.
pub fn project_ids(field: &str, ids: &[String], may_be_empty: bool) -> Result<(), InvalidInput> {
    if ids.is_empty() && !may_be_empty {
        return Err(InvalidInput::new(field, Problem::EmptyList));
    }
    match ids.iter().enumerate().find_map(|(index, id)| Some((index, IdKind::Project.problem(id)?))) {
        Some((index, problem)) => Err(InvalidInput::new(format!("{field}[{index}]"), problem)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_needs_its_prefix_and_something_after_it() {
        assert!(IdKind::Checkpoint.check("checkpoint", "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd").is_ok());
        assert!(IdKind::Checkpoint.check("checkpoint", "ft-AF1WoRqd3aJAHsqc9NY7iL8F").is_ok());
        assert_eq!(IdKind::Checkpoint.problem("ft:"), Some(Problem::WrongKind(IdKind::Checkpoint)));
        assert_eq!(IdKind::Project.problem("proj_"), Some(Problem::WrongKind(IdKind::Project)));
        assert_eq!(IdKind::Permission.problem("cp_1"), None);
    }

    #[test]
    fn ids_beyond_ascii_are_read_char_by_char() {
        assert_eq!(IdKind::Project.problem("proj_caf\u{e9}"), None);
        assert_eq!(IdKind::Project.problem("proj_a\u{85}b"), Some(Problem::ControlCharacter));
        assert_eq!(IdKind::Project.problem("proj_a\u{3000}b"), Some(Problem::Whitespace));
        assert_eq!(IdKind::Project.problem("proj_\u{e9}/b"), Some(Problem::Forbidden('/')));
        assert_eq!(IdKind::Project.problem("proj_a b/c\u{1}"), Some(Problem::ControlCharacter));
    }

    #[test]
    fn the_message_names_the_field_then_the_rule() {
        let error = IdKind::Project.check("projectIds[2]", "proj-typo-123").unwrap_err();
        assert_eq!(error.message(), "projectIds[2] must be a project id (proj_…)");
        let error = IdKind::Checkpoint.check("checkpoint", "ft:a/b").unwrap_err();
        assert_eq!(error.message(), "checkpoint must not contain \"/\"");
    }

    #[test]
    fn a_list_names_the_index_of_the_first_bad_id() {
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(project_ids("projectIds", &ids(&["proj_a", "proj_a"]), false).is_ok());
        assert_eq!(project_ids("projectIds", &[], false).unwrap_err().problem, Problem::EmptyList);
        assert!(project_ids("projectIds", &[], true).is_ok());
        let error = project_ids("body.project_ids", &ids(&["proj_a", "hello"]), false).unwrap_err();
        assert_eq!(error.message(), "body.project_ids[1] must be a project id (proj_…)");
    }
}
