// The calls of the main and `/access` entries (each entry's folder has its own copy, next to its
// own wasm). The wasm exports each call under its public name; only what reads better in JS is
// written here: the async iterators over a list's pages, and a client object that fills in options.
import * as wasm from "./checkpoint_permissions.js";

export {
  applyCheckpointPlan,
  checkpointAccessHistory,
  createCheckpointPermissions,
  deleteCheckpointPermission,
  grantCheckpointPermissions,
  listAuditLogs,
  listCheckpointPermissions,
  listProjects,
  revokeCheckpointPermissions,
  syncCheckpointPermissions,
  validateCheckpoint,
  validatePermissionId,
  validateProjectIds,
} from "./checkpoint_permissions.js";

/** Resolves at once: every entry has the wasm ready when its import resolves. Kept so code that
 * awaits it before calling the validators keeps working. */
export const init = async () => {};

/** Every item of a list, page after page; stopping the loop early sends no further request. */
async function* eachItem(pages) {
  try {
    for (let page = await pages.next(); page !== null; page = await pages.next()) yield* page.data;
  } finally {
    pages.free();
  }
}

// Every item of a list (`limit` defaults to the largest page, 100).
export async function* listAllCheckpointPermissions(checkpoint, query, options) {
  yield* eachItem(wasm.checkpointPermissionPages(checkpoint, query, options));
}

export async function* listAllProjects(query, options) {
  yield* eachItem(wasm.projectPages(query, options));
}

export async function* listAllAuditLogs(query, options) {
  yield* eachItem(wasm.auditLogPages(query, options));
}

/** The same functions with options given once; per-call options are merged over them. */
export class CheckpointPermissionsClient {
  #options;
  /** The organization's projects once read (projectDirectory). */
  #projects;

  constructor(options = {}) {
    this.#options = options;
  }

  #with(options) {
    const merged = options === undefined ? this.#options : { ...this.#options, ...options };
    return this.#projects === undefined || "projects" in merged ? merged : { ...merged, projects: this.#projects };
  }

  create(checkpoint, body, options) {
    return wasm.createCheckpointPermissions(checkpoint, body, this.#with(options));
  }

  list(checkpoint, query, options) {
    return wasm.listCheckpointPermissions(checkpoint, query, this.#with(options));
  }

  listAll(checkpoint, query, options) {
    return listAllCheckpointPermissions(checkpoint, query, this.#with(options));
  }

  delete(checkpoint, permissionId, options) {
    return wasm.deleteCheckpointPermission(checkpoint, permissionId, this.#with(options));
  }

  grant(checkpoint, projectIds, options) {
    return wasm.grantCheckpointPermissions(checkpoint, projectIds, this.#with(options));
  }

  revoke(checkpoint, projectIds, options) {
    return wasm.revokeCheckpointPermissions(checkpoint, projectIds, this.#with(options));
  }

  sync(checkpoint, desiredProjectIds, options) {
    return wasm.syncCheckpointPermissions(checkpoint, desiredProjectIds, this.#with(options));
  }

  applyPlan(plan, options) {
    return wasm.applyCheckpointPlan(plan, this.#with(options));
  }

  accessHistory(checkpoint, query, options) {
    return wasm.checkpointAccessHistory(checkpoint, query, this.#with(options));
  }

  listProjects(query, options) {
    return wasm.listProjects(query, this.#with(options));
  }

  listAllProjects(query, options) {
    return listAllProjects(query, this.#with(options));
  }

  listAuditLogs(query, options) {
    return wasm.listAuditLogs(query, this.#with(options));
  }

  listAllAuditLogs(query, options) {
    return listAllAuditLogs(query, this.#with(options));
  }

  /**
   * The organization's projects, archived ones included, read once and kept; `{ refresh: true }`
   * reads them again. The client's sync and access runs use them instead of reading them each time.
   */
  async projectDirectory({ refresh = false } = {}) {
    if (refresh || this.#projects === undefined) {
      const projects = [];
      for await (const project of listAllProjects({ include_archived: true }, this.#options)) projects.push(project);
      this.#projects = projects;
    }
    return this.#projects;
  }
}
