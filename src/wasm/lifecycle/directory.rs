//! The organization's projects for one run: `options.projects` when the caller has them
//! (`listAllProjects`, archived ones included), else read once; a directory that cannot be read
//! is a warning, and the run goes on with bare ids.

use crate::directory::{unreadable_warning, ProjectDirectory};
use crate::model::Project;
use crate::resources::projects::ListQuery;
use crate::validate::InvalidInput;
use crate::wasm::call_error::CallError;
use crate::wasm::exports::projects::walk;
use crate::wasm::json_data::{json_data, Shape};
use crate::wasm::options::CallOptions;

/// The caller's `options.projects`, checked before any request; `None` when not given.
pub fn given(call: &CallOptions) -> Result<Option<ProjectDirectory>, InvalidInput> {
    let Some(value) = &call.batch.projects else { return Ok(None) };
    let projects: Vec<Project> = json_data(value, "options.projects", Shape::List, 64 * 1024 * 1024)?;
    Ok(Some(ProjectDirectory::new(projects)))
}

/// The directory, or why it could not be read, worded for the run's warnings. A 401 is no
/// warning: the key itself was refused, every later request would be too, and the run stops.
pub async fn read(call: &CallOptions, given: Option<ProjectDirectory>) -> Result<Result<ProjectDirectory, String>, CallError> {
    if let Some(directory) = given {
        return Ok(Ok(directory));
    }
    match all_projects(call).await {
        Ok(projects) => Ok(Ok(ProjectDirectory::new(projects))),
        Err(error) if error.error().status() == Some(401) => Err(error),
        Err(error) => Ok(Err(unreadable_warning(&error.error().message()))),
    }
}

async fn all_projects(call: &CallOptions) -> Result<Vec<Project>, CallError> {
    walk(call, ListQuery { include_archived: Some(true), ..ListQuery::default() })?.all_items(call).await
}
