// Everything the API routes read and write, as one organization: its permissions, its project
// directory (or none), its audit log and its clock. Writes go through here so that each one is
// recorded in the audit log, and a breaking fault can compute its answer on a clone without
// leaving a trace in any of them.

import { AuditLog } from "./audit-log.mjs";
import { PermissionStore } from "./store.mjs";

export class Organization {
  /**
   * @param {object} parts
   * @param {import("./projects.mjs").ProjectDirectory|null} parts.projects
   * @param {AuditLog} parts.auditLog
   * @param {() => number} parts.now Unix seconds (see clock.mjs)
   */
  constructor({ permissions = new PermissionStore(), projects, auditLog = new AuditLog(), now }) {
    this.permissions = permissions;
    this.projects = projects;
    this.auditLog = auditLog;
    this.now = now;
  }

  /**
   * Grants as PermissionStore.grant does, and records a created event, made by `actor` at
   * `effectiveAt` (now by default, also the new permissions' created_at), for each permission
   * that did not exist before. Re-granting an existing one creates nothing, so records nothing.
   */
  grant(checkpoint, projectIds, { actor, effectiveAt = this.now() }) {
    const existing = new Set((this.permissions.state.get(checkpoint) ?? []).map((permission) => permission.id));
    const granted = this.permissions.grant(checkpoint, projectIds, effectiveAt);
    for (const permission of granted) {
      if (!existing.has(permission.id)) this.auditLog.permissionCreated({ permission, checkpoint, actor, effectiveAt });
    }
    return granted;
  }

  /** Removes as PermissionStore.remove does, and records the deleted event when there was one. */
  revoke(checkpoint, permissionId, { actor }) {
    const removed = this.permissions.remove(checkpoint, permissionId);
    if (removed) this.auditLog.permissionDeleted({ permission: removed, actor, effectiveAt: this.now() });
    return removed;
  }

  /** An independent copy sharing only the clock. */
  clone() {
    return new Organization({
      permissions: this.permissions.clone(),
      projects: this.projects?.clone() ?? null,
      auditLog: this.auditLog.clone(),
      now: this.now,
    });
  }
}
