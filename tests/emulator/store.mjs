// In-memory permissions, keyed by checkpoint id (already percent-decoded).

import { randomAlphanumerics } from "./ids.mjs";

/** "cp_" followed by 24 random alphanumerics, like OpenAI's permission ids. */
export function newPermissionId() {
  return `cp_${randomAlphanumerics(24)}`;
}

export class PermissionStore {
  /** checkpoint → permissions, in creation order. Public objects only: they are what the API returns. */
  state = new Map();

  // created_at has one-second resolution, so permissions created in the same second are
  // ordered by a monotonic sequence number kept beside them (not inside: the objects must
  // stay exactly the API's shape).
  #sequenceOf = new WeakMap();
  #nextSequence = 0;

  /**
   * Grants each project access to the checkpoint and returns one permission per distinct
   * project, in the order asked.
   *
   * Assumption (OpenAI's docs are silent on duplicates): a project that already holds a
   * permission on this checkpoint does not get a second one; its existing permission is
   * returned instead. The same applies to a project listed twice in one request.
   * New permissions get `createdAt` (Unix seconds) as their created_at.
   */
  grant(checkpoint, projectIds, createdAt = Math.floor(Date.now() / 1000)) {
    const permissions = this.state.get(checkpoint) ?? [];
    const granted = [];
    for (const projectId of projectIds) {
      let permission = permissions.find((existing) => existing.project_id === projectId);
      if (!permission) {
        permission = {
          object: "checkpoint.permission",
          id: newPermissionId(),
          created_at: createdAt,
          project_id: projectId,
        };
        this.#sequenceOf.set(permission, this.#nextSequence++);
        permissions.push(permission);
      }
      if (!granted.includes(permission)) granted.push(permission);
    }
    if (permissions.length > 0) this.state.set(checkpoint, permissions);
    return granted;
  }

  /** The checkpoint's permissions, oldest first or newest first. */
  list(checkpoint, order) {
    const sorted = [...(this.state.get(checkpoint) ?? [])].sort(
      (a, b) => a.created_at - b.created_at || this.#sequence(a) - this.#sequence(b),
    );
    return order === "descending" ? sorted.reverse() : sorted;
  }

  /** Removes and returns the permission, or undefined when the checkpoint has no such id. */
  remove(checkpoint, permissionId) {
    const permissions = this.state.get(checkpoint) ?? [];
    const index = permissions.findIndex((permission) => permission.id === permissionId);
    if (index < 0) return undefined;
    const [removed] = permissions.splice(index, 1);
    if (permissions.length === 0) this.state.delete(checkpoint);
    return removed;
  }

  clear() {
    this.state.clear();
  }

  /** An independent copy, for computing a realistic answer that must not change the real state. */
  clone() {
    const copy = new PermissionStore();
    copy.#nextSequence = this.#nextSequence;
    for (const [checkpoint, permissions] of this.state) {
      copy.state.set(checkpoint, permissions.map((permission) => {
        const duplicate = { ...permission };
        copy.#sequenceOf.set(duplicate, this.#sequence(permission));
        return duplicate;
      }));
    }
    return copy;
  }

  // Permissions pushed into `state` by hand have no sequence number; they sort last in their second.
  #sequence(permission) {
    return this.#sequenceOf.get(permission) ?? Number.MAX_SAFE_INTEGER;
  }
}
