// The package's public functions. Only what JS must do is written here: naming the wasm's
// operations (src/wasm/lifecycle/read.rs numbers them), the async iterator protocol, and a
// client object that fills in options.
import { PermissionPages, validate } from "./checkpoint_permissions.js";
import { call, createCheckpointPermissions, ready } from "./call.js";

/** Resolves once the wasm is ready; the validators below need it (the calls wait by themselves). */
export const init = async () => {
  await ready();
};
/** The calls' own rules, checked without a call: `null`, or the `InvalidInputError` a call would throw. */
export const validateCheckpoint = (value) => validate(0, value);
export const validateProjectIds = (value) => validate(1, value);
export const validatePermissionId = (value) => validate(2, value);

export { createCheckpointPermissions };
export const listCheckpointPermissions = (checkpoint, query, options) => call(1, checkpoint, query, options);
export const deleteCheckpointPermission = (checkpoint, permissionId, options) => call(2, checkpoint, permissionId, options);
export const grantCheckpointPermissions = (checkpoint, projectIds, options) => call(3, checkpoint, projectIds, options);
export const revokeCheckpointPermissions = (checkpoint, projectIds, options) => call(4, checkpoint, projectIds, options);
export const syncCheckpointPermissions = (checkpoint, desiredProjectIds, options) => call(5, checkpoint, desiredProjectIds, options);

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
