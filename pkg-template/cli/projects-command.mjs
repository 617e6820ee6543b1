// `projects [--all]`: the organization's projects, so an access file can be written with the
// right ids and a plan's names checked against them.
import { listAllProjects } from "../access/node.js";
import { errorFields, errorSummary } from "./error-fields.mjs";
import { EXIT_FAILURE, EXIT_OK } from "./exit-codes.mjs";
import { JSON_FORMAT_VERSION, documentText } from "./report-json.mjs";
import { projectsText } from "./projects-text.mjs";

/** `all`: archived projects too. Returns the exit code. */
export async function projectsCommand({ all, json, callOptions, output }) {
  const projects = [];
  let error;
  try {
    for await (const project of listAllProjects(all ? { include_archived: true } : {}, callOptions)) projects.push(project);
  } catch (caught) {
    error = caught;
  }
  if (json) {
    // A list cut short by an error is not the organization's list: none is given rather than part.
    const document = { version: JSON_FORMAT_VERSION, command: "projects", projects: error ? [] : projects, error: error ? errorFields(error) : null };
    output.out(documentText(document));
  } else if (error) {
    output.err(`checkpoint-permissions projects: ${errorSummary(error)}\n`);
  } else if (projects.length === 0) {
    // Stdout stays one line per project, so a script reading it sees none.
    output.err(`checkpoint-permissions projects: the organization has no ${all ? "" : "active "}projects\n`);
  } else {
    output.out(projectsText(projects));
  }
  return error ? EXIT_FAILURE : EXIT_OK;
}
