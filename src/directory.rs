//! The organization's projects by id: what plans, history and the console show beside a bare
//! `proj_…`, and what refuses a grant that cannot work (a project that does not exist, or is
//! archived) before it costs a request. Unknown and archived projects are marked, never guessed;
//! a close match is only ever offered as "did you mean".

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::model::Project;

/// Ids up to this many edits apart are offered as "did you mean": a typo, not another project.
const CLOSE_EDITS: usize = 2;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectDirectory {
    /// Sorted by id, for a binary search.
    projects: Vec<Project>,
    /// Each project's name as "did you mean" compares it (`comparable`), in the same order: made
    /// once, not once per unknown id.
    comparable_names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProjectStatus {
    Active,
    Archived,
    /// Not a project of the organization (or not one the directory lists).
    Unknown,
}

/// What a report shows beside a project id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectInfo {
    pub name: Option<String>,
    pub status: ProjectStatus,
}

/// Project id → name and status, written as one JS object (`{ "proj_…": { name, status } }`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectInfos(pub Vec<(String, ProjectInfo)>);

impl ProjectInfos {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for ProjectInfos {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, info) in &self.0 {
            map.serialize_entry(id, info)?;
        }
        map.end()
    }
}

/// A project that cannot be given access, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectProblem {
    pub project_id: String,
    pub status: ProjectStatus,
    /// In a reader's words: `proj_x is not a project of this organization; did you mean …?`
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<Suggestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub name: Option<String>,
}

impl ProjectDirectory {
    pub fn new(mut projects: Vec<Project>) -> Self {
        projects.sort_by(|a, b| a.id.cmp(&b.id));
        projects.dedup_by(|a, b| a.id == b.id);
        let comparable_names = projects.iter().map(|project| project.name.as_deref().map(comparable).unwrap_or_default()).collect();
        Self { projects, comparable_names }
    }

    pub fn get(&self, id: &str) -> Option<&Project> {
        self.projects.binary_search_by(|project| project.id.as_str().cmp(id)).ok().and_then(|at| self.projects.get(at))
    }

    pub fn info(&self, id: &str) -> ProjectInfo {
        match self.get(id) {
            Some(project) => ProjectInfo {
                name: project.name.clone(),
                status: if project.is_archived() { ProjectStatus::Archived } else { ProjectStatus::Active },
            },
            None => ProjectInfo { name: None, status: ProjectStatus::Unknown },
        }
    }

    /// The names and statuses of these ids, for a report, each once.
    pub fn infos<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> ProjectInfos {
        let mut infos: Vec<(String, ProjectInfo)> = ids.into_iter().map(|id| (id.to_owned(), self.info(id))).collect();
        infos.sort_by(|a, b| a.0.cmp(&b.0));
        infos.dedup_by(|a, b| a.0 == b.0);
        ProjectInfos(infos)
    }

    /// Why `id` cannot be given access, or `None` when it can.
    pub fn problem(&self, id: &str) -> Option<ProjectProblem> {
        let (status, message) = match self.get(id) {
            Some(project) if project.is_archived() => {
                (ProjectStatus::Archived, format!("{} is archived: an archived project cannot be given access", named(id, project.name.as_deref())))
            }
            Some(_) => return None,
            None => (ProjectStatus::Unknown, format!("{id} is not a project of this organization")),
        };
        let did_you_mean = self.closest(id);
        let message = match &did_you_mean {
            Some(suggestion) => format!("{message}; did you mean {}?", named(&suggestion.id, suggestion.name.as_deref())),
            None => message,
        };
        Some(ProjectProblem { project_id: id.to_owned(), status, message, did_you_mean })
    }

    /// The active project whose id is a typo away from `id`, or whose name is what follows
    /// `proj_` (someone typed the name); the closest wins, and a tie between two is no answer.
    fn closest(&self, id: &str) -> Option<Suggestion> {
        let typed_name = comparable(id.strip_prefix("proj_").unwrap_or(id));
        let (typed_id, typed_name) = ((id, id.chars().count()), (typed_name.as_str(), typed_name.len()));
        let mut best: Option<(usize, &Project)> = None;
        let mut tied = false;
        let candidates = self.projects.iter().zip(&self.comparable_names).filter(|(project, _)| !project.is_archived() && project.id != id);
        for (project, name) in candidates {
            let by_id = close_edits(typed_id, &project.id);
            let by_name = Some(name.as_str()).filter(|name| !name.is_empty()).and_then(|name| close_edits(typed_name, name));
            let Some(distance) = by_id.into_iter().chain(by_name).min() else { continue };
            match best {
                Some((closest, _)) if distance > closest => {}
                Some((closest, _)) if distance == closest => tied = true,
                _ => {
                    best = Some((distance, project));
                    tied = false;
                }
            }
        }
        best.filter(|_| !tied).map(|(_, project)| Suggestion { id: project.id.clone(), name: project.name.clone() })
    }
}

/// What a run says once when the directory cannot be read (a key or proxy without access to
/// `/organization/projects`): a warning, not a failure.
pub fn unreadable_warning(reason: &str) -> String {
    format!("The organization's projects could not be read ({reason}): projects are shown by id only, and a project that does not exist or is archived is not caught before the API refuses it.")
}

/// `proj_x ("Weather forecasts")`, or the id alone when the project has no name.
pub fn named(id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) if !name.is_empty() => format!("{id} (\"{name}\")"),
        _ => id.to_owned(),
    }
}

/// The edit distance of `a` and `b` when it is at most `CLOSE_EDITS`. Two texts whose lengths
/// differ by more are not compared: the distance is at least that difference, and comparing costs
/// the product of the lengths (an unknown id may be long).
/// `typed` is `(text, its length in chars)`, counted once by the caller.
fn close_edits((typed, typed_chars): (&str, usize), known: &str) -> Option<usize> {
    if typed_chars.abs_diff(known.chars().count()) > CLOSE_EDITS {
        return None;
    }
    Some(strsim::levenshtein(typed, known)).filter(|distance| *distance <= CLOSE_EDITS)
}

/// Lower case, ASCII letters and digits only: "Support-Bot" and "support_bot" compare equal (the
/// Unicode tables a full comparison needs would cost the wasm more than a hint is worth).
fn comparable(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProjectObject;

    fn project(id: &str, name: &str, archived: bool) -> Project {
        Project {
            id: id.into(),
            object: ProjectObject::Project,
            name: Some(name.into()),
            created_at: 1,
            archived_at: archived.then_some(2),
            status: Some(if archived { "archived" } else { "active" }.into()),
        }
    }

    fn directory() -> ProjectDirectory {
        ProjectDirectory::new(vec![
            project("proj_abGMw1llN8IrBb6SvvY5A1iH", "Weather forecasts", false),
            project("proj_iqGMw1llN8IrBb6SvvY5A1oF", "Support bot", false),
            project("proj_Old0000000000000000000000", "Legacy app", true),
        ])
    }

    #[test]
    fn names_and_statuses_are_looked_up_never_guessed() {
        let directory = directory();
        assert_eq!(directory.info("proj_iqGMw1llN8IrBb6SvvY5A1oF"), ProjectInfo { name: Some("Support bot".into()), status: ProjectStatus::Active });
        assert_eq!(directory.info("proj_Old0000000000000000000000").status, ProjectStatus::Archived);
        assert_eq!(directory.info("proj_nobody"), ProjectInfo { name: None, status: ProjectStatus::Unknown });
        assert_eq!(directory.problem("proj_abGMw1llN8IrBb6SvvY5A1iH"), None);
    }

    #[test]
    fn a_typo_gets_a_did_you_mean_and_an_archived_project_is_refused() {
        let directory = directory();
        let typo = directory.problem("proj_abGMw1llN8IrBb6SvvY5A1iX").unwrap();
        assert_eq!(typo.status, ProjectStatus::Unknown);
        assert_eq!(
            typo.message,
            "proj_abGMw1llN8IrBb6SvvY5A1iX is not a project of this organization; did you mean proj_abGMw1llN8IrBb6SvvY5A1iH (\"Weather forecasts\")?"
        );
        let by_name = directory.problem("proj_support_bot").unwrap();
        assert_eq!(by_name.did_you_mean.map(|s| s.id), Some("proj_iqGMw1llN8IrBb6SvvY5A1oF".into()), "the name typed after proj_");
        let archived = directory.problem("proj_Old0000000000000000000000").unwrap();
        assert_eq!(archived.status, ProjectStatus::Archived);
        assert!(archived.message.starts_with("proj_Old0000000000000000000000 (\"Legacy app\") is archived"), "{}", archived.message);
        assert_eq!(directory.problem("proj_zzzzzzzzzzzzzzzzzzzzzzz").unwrap().did_you_mean, None, "nothing close: no guess");
        let long = format!("proj_abGMw1llN8IrBb6SvvY5A1iH{}", "x".repeat(65_000));
        assert_eq!(directory.problem(&long).unwrap().did_you_mean, None, "lengths far apart are not compared");
        assert_eq!(directory.problem("proj_abGMw1llN8IrBb6SvvY5A1iHxx").unwrap().did_you_mean.map(|s| s.id), Some("proj_abGMw1llN8IrBb6SvvY5A1iH".into()));
    }

    #[test]
    fn an_archived_project_is_never_suggested_and_a_tie_is_no_answer() {
        let directory = ProjectDirectory::new(vec![project("proj_aaaa1", "One", false), project("proj_aaaa2", "Two", false), project("proj_bbbb1", "Gone", true)]);
        assert_eq!(directory.problem("proj_aaaa3").unwrap().did_you_mean, None, "two equally close");
        assert_eq!(directory.problem("proj_bbbb2").unwrap().did_you_mean, None, "only an archived one is close");
    }
}
