// The organization's project directory and GET /v1/organization/projects.
//
// The directory is closed: exactly the projects it was given exist. Without one (the default,
// which every test written before it relies on) the emulator does not model projects at all:
// grants accept any project id and the list answers 403, as it does for a key without access.

import { checkSeconds } from "./clock.mjs";
import { errorAnswer, listPage } from "./http.mjs";
import { readBoolean, readLimit, readScalar, refuseUnknownParameters } from "./query.mjs";

export const NO_DIRECTORY_MESSAGE = "This emulator has no project directory: start it with projects to list them.";

const PROJECT_FIELDS = new Set(["id", "name", "status", "created_at", "archived_at"]);
const STATUSES = new Set(["active", "archived"]);

export class ProjectDirectory {
  /** Public objects, exactly the spec's Project, in the order added. */
  #projects = [];
  // Like permissions, projects created in the same second keep the order they were added in
  // (a sequence beside each object, not inside it).
  #sequenceOf = new WeakMap();
  #nextSequence = 0;
  #now;

  /** `now()` gives Unix seconds for a created_at or archived_at left out. */
  constructor(projects, now) {
    this.#now = now;
    this.addAll(projects);
  }

  /** Adds one project; see addAll. */
  add(project) {
    return this.addAll([project])[0];
  }

  /**
   * Adds `{ id, name, status: "active" | "archived", created_at?, archived_at? }` each, and
   * returns the spec-shaped projects. Checks them all first: one bad project adds none.
   */
  addAll(projects) {
    if (!Array.isArray(projects)) throw new TypeError("projects must be an array of { id, name, status, created_at?, archived_at? }");
    const taken = new Set(this.#projects.map((project) => project.id));
    const added = projects.map((input) => {
      const project = this.#toProject(input);
      if (taken.has(project.id)) throw new TypeError(`project ${project.id} is already in the directory`);
      taken.add(project.id);
      return project;
    });
    for (const project of added) {
      this.#sequenceOf.set(project, this.#nextSequence++);
      this.#projects.push(project);
    }
    return added;
  }

  /** Archives a project (now, or at `archivedAt`); archiving it again changes nothing. */
  archive(projectId, { archivedAt } = {}) {
    const project = this.get(projectId);
    if (!project) throw new TypeError(`no project ${projectId} in the directory`);
    if (archivedAt !== undefined) checkSeconds(archivedAt, "archivedAt");
    if (project.status !== "archived") {
      project.status = "archived";
      project.archived_at = archivedAt ?? Math.max(project.created_at, this.#now());
    }
    return project;
  }

  get(projectId) {
    return this.#projects.find((project) => project.id === projectId);
  }

  /** Every project, archived ones included, oldest first. */
  list() {
    return [...this.#projects].sort((a, b) => a.created_at - b.created_at || this.#sequence(a) - this.#sequence(b));
  }

  /** Back to exactly `projects`, in place, so that a test holding the directory keeps the live one. */
  reset(projects) {
    this.#projects.length = 0;
    this.addAll(projects);
  }

  /**
   * The answer a grant to these projects gets, or null when every one exists and is active.
   * Assumption (OpenAI does not document it): the first offending id, in the order asked,
   * decides the answer, 404 when it does not exist and 400 when it is archived.
   */
  grantRefusal(projectIds) {
    for (const projectId of projectIds) {
      const project = this.get(projectId);
      if (!project) return errorAnswer(404, `Project ${projectId} not found.`, { param: "project_ids" });
      if (project.status === "archived") return errorAnswer(400, `Project ${projectId} is archived.`, { param: "project_ids" });
    }
    return null;
  }

  clone() {
    const copy = new ProjectDirectory([], this.#now);
    copy.#nextSequence = this.#nextSequence;
    for (const project of this.#projects) {
      const duplicate = { ...project };
      copy.#sequenceOf.set(duplicate, this.#sequence(project));
      copy.#projects.push(duplicate);
    }
    return copy;
  }

  #toProject(input) {
    if (typeof input !== "object" || input === null || Array.isArray(input)) throw new TypeError("a project must be an object");
    const unknown = Object.keys(input).filter((key) => !PROJECT_FIELDS.has(key));
    if (unknown.length > 0) throw new TypeError(`unknown project field(s): ${unknown.join(", ")}`);
    const { id, name, status, created_at: createdAt, archived_at: archivedAt } = input;
    if (typeof id !== "string" || id === "") throw new TypeError("project.id must be a non-empty string");
    if (!(typeof name === "string" || name === null)) throw new TypeError(`project ${id}: name must be a string or null`);
    if (!STATUSES.has(status)) throw new TypeError(`project ${id}: status must be "active" or "archived"`);
    if (createdAt !== undefined) checkSeconds(createdAt, `project ${id}: created_at`);
    const created = createdAt ?? this.#now();
    if (status === "active" && archivedAt !== undefined && archivedAt !== null) throw new TypeError(`project ${id}: an active project has no archived_at`);
    if (status === "archived" && archivedAt !== undefined) checkSeconds(archivedAt, `project ${id}: archived_at`);
    return {
      id,
      object: "organization.project",
      name,
      created_at: created,
      archived_at: status === "archived" ? (archivedAt ?? Math.max(created, this.#now())) : null,
      status,
    };
  }

  // Projects pushed in by hand have no sequence number; they sort last in their second.
  #sequence(project) {
    return this.#sequenceOf.get(project) ?? Number.MAX_SAFE_INTEGER;
  }
}

/** GET /v1/organization/projects: limit (1–100, default 20), after (a project id), include_archived. */
export function listProjects({ organization, query }) {
  const directory = organization.projects;
  if (!directory) return errorAnswer(403, NO_DIRECTORY_MESSAGE);
  const refused = refuseUnknownParameters(query, ["limit", "after", "include_archived"]);
  if (refused) return refused;
  const limit = readLimit(query, 20);
  if (limit.error) return limit.error;
  const includeArchived = readBoolean(query, "include_archived", false);
  if (includeArchived.error) return includeArchived.error;
  const after = readScalar(query, "after");
  if (after.error) return after.error;

  let ordered = directory.list();
  // As for permissions, the cursor is a position in the full ordering, archived projects
  // included, so a project archived between two pages does not lose the client its place.
  if (after.value !== null) {
    const index = ordered.findIndex((project) => project.id === after.value);
    if (index < 0) return errorAnswer(400, `Invalid 'after': no project with id '${after.value}' exists.`, { param: "after" });
    ordered = ordered.slice(index + 1);
  }
  if (!includeArchived.value) ordered = ordered.filter((project) => project.status !== "archived");
  return { status: 200, body: listPage(ordered.slice(0, limit.value), ordered.length > limit.value) };
}
