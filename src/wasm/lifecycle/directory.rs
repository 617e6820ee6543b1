//! The organization's projects for one run: `options.projects` when the caller has them
//! (`listAllProjects`, archived ones included), none with `projects: null` (a caller that knows
//! they cannot be read), else read once; a directory that cannot be read is a warning, and the
//! run goes on with bare ids.

use crate::directory::{unreadable_warning, ProjectDirectory};
use crate::model::Project;
use crate::resources::projects::ListQuery;
use crate::validate::InvalidInput;
use crate::wasm::call_error::CallError;
use crate::wasm::exports::projects::walk;
use crate::wasm::json_data::{json_data, Shape};
use crate::wasm::options::CallOptions;

/// What the caller said of the organization's projects.
pub enum Given {
    /// Nothing: the run reads them.
    Nothing,
    Directory(ProjectDirectory),
    /// `projects: null`: none are read, and there is nothing to warn of.
    None,
}

/// The caller's `options.projects`, checked before any request.
pub fn given(call: &CallOptions) -> Result<Given, InvalidInput> {
    match &call.batch.projects {
        None => Ok(Given::Nothing),
        Some(value) if value.is_null() => Ok(Given::None),
        Some(value) => {
            let projects: Vec<Project> = json_data(value, "options.projects", Shape::List, 64 * 1024 * 1024)?;
            Ok(Given::Directory(ProjectDirectory::new(projects)))
        }
    }
}

/// The directory, or why there is none: the warning to say when it could not be read, nothing
/// when the caller gave none. A 401 is no warning: the key itself was refused, every later
/// request would be too, and the run stops.
pub async fn read(call: &CallOptions, given: Given) -> Result<Result<ProjectDirectory, Option<String>>, CallError> {
    match given {
        Given::Directory(directory) => return Ok(Ok(directory)),
        Given::None => return Ok(Err(None)),
        Given::Nothing => {}
    }
    match all_projects(call).await {
        Ok(projects) => Ok(Ok(ProjectDirectory::new(projects))),
        Err(error) if error.error().status() == Some(401) => Err(error),
        Err(error) => Ok(Err(Some(unreadable_warning(&error.error().message())))),
    }
}

async fn all_projects(call: &CallOptions) -> Result<Vec<Project>, CallError> {
    walk(call, ListQuery { include_archived: Some(true), ..ListQuery::default() })?.all_items(call).await
}
