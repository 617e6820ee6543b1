// The calls of the main and `/access` entries (each entry's folder has its own copy, next to its
// own wasm). The wasm exports each call under its public name; only what reads better in JS is
// written here: the async iterator protocol, and a client object that fills in options.
import {
  PermissionPages,
  createCheckpointPermissions,
  deleteCheckpointPermission,
  grantCheckpointPermissions,
  listCheckpointPermissions,
  revokeCheckpointPermissions,
  syncCheckpointPermissions,
} from "./checkpoint_permissions.js";

export {
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

/** Every permission, page after page; stopping the loop early sends no further request. */
export async function* listAllCheckpointPermissions(checkpoint, query, options) {
  const pages = new PermissionPages(checkpoint, query, options);
  try {
    for (let page = await pages.next(); page !== null; page = await pages.next()) yield* page.data;
  } finally {
    pages.free();
  }
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
    return createCheckpointPermissions(checkpoint, body, this.#with(options));
  }

  list(checkpoint, query, options) {
    return listCheckpointPermissions(checkpoint, query, this.#with(options));
  }

  listAll(checkpoint, query, options) {
    return listAllCheckpointPermissions(checkpoint, query, this.#with(options));
  }

  delete(checkpoint, permissionId, options) {
    return deleteCheckpointPermission(checkpoint, permissionId, this.#with(options));
  }

  grant(checkpoint, projectIds, options) {
    return grantCheckpointPermissions(checkpoint, projectIds, this.#with(options));
  }

  revoke(checkpoint, projectIds, options) {
    return revokeCheckpointPermissions(checkpoint, projectIds, this.#with(options));
  }

  sync(checkpoint, desiredProjectIds, options) {
    return syncCheckpointPermissions(checkpoint, desiredProjectIds, this.#with(options));
  }
}
