// The public functions, shared by every entry. Each waits for the wasm (a no-op once an entry has
// initialised it synchronously), then asks the Rust export `perform` for its operation (numbered
// as in src/wasm/exports.rs). Only what JS must do lives here: the async iterator protocol and a
// client object that fills in options.
import initWasm, { perform, PermissionPages } from "./checkpoint_permissions.js";

const [CREATE, LIST, DELETE, GRANT, REVOKE, SYNC] = [0, 1, 2, 3, 4, 5];

let loading;
const ready = () => (loading ??= initWasm());

export async function createCheckpointPermissions(checkpoint, body, options) {
  await ready();
  return perform(CREATE, checkpoint, body, options);
}

export async function listCheckpointPermissions(checkpoint, query, options) {
  await ready();
  return perform(LIST, checkpoint, query, options);
}

export async function deleteCheckpointPermission(checkpoint, permissionId, options) {
  await ready();
  return perform(DELETE, checkpoint, permissionId, options);
}

export async function grantCheckpointPermissions(checkpoint, projectIds, options) {
  await ready();
  return perform(GRANT, checkpoint, projectIds, options);
}

export async function revokeCheckpointPermissions(checkpoint, projectIds, options) {
  await ready();
  return perform(REVOKE, checkpoint, projectIds, options);
}

export async function syncCheckpointPermissions(checkpoint, desiredProjectIds, options) {
  await ready();
  return perform(SYNC, checkpoint, desiredProjectIds, options);
}

/** Every permission, page after page; stopping the loop early sends no further request. */
export async function* listAllCheckpointPermissions(checkpoint, query, options) {
  await ready();
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
