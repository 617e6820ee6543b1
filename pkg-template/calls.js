// The calls of the main and `/access` entries (each entry's folder has its own copy, next to its
// own wasm). The wasm exports each call under its public name; only what reads better in JS is
// written here: the async iterators over a list's pages, and a client object that fills in options.
import * as wasm from "./checkpoint_permissions.js";

export {
  applyCheckpointPlan,
  createCheckpointPermissions,
  deleteCheckpointPermission,
  grantCheckpointPermissions,
  listCheckpointPermissions,
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

/** Every permission of a checkpoint (`limit` defaults to the largest page, 100). */
export async function* listAllCheckpointPermissions(checkpoint, query, options) {
  yield* eachItem(wasm.checkpointPermissionPages(checkpoint, query, options));
}

/** The same functions with options given once; per-call options are merged over them. */
export class CheckpointPermissionsClient {
  #options;

  constructor(options = {}) {
    this.#options = options;
  }

  #with(options) {
    return options === undefined ? this.#options : { ...this.#options, ...options };
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
}
