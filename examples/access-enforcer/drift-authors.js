// Who made the drift a run puts back, when the audit log tells: for each permission the run
// revokes (or would, in a dry run), who granted it by hand and when; for each project it grants
// back, who last revoked that project's access. One history read per checkpoint that drifted
// (the whole log: a hand-made grant may predate the enforcer), all naming projects from one read
// of the organization's projects.
import { checkpointAccessHistory, listAllProjects } from "checkpoint-permissions/access";

/**
 * @param {object} report the run's AccessReport
 * @param {object} options the run's call options
 * @returns {Promise<{ changes: object[], unknown?: string }>} one entry per change put back:
 *   { checkpoint, reverts: "grant" | "revoke", projectId, projectName, permissionId?, madeBy, madeAt };
 *   `unknown` says why nobody could be named (audit logging off, the log unreadable).
 */
export async function driftAuthors(report, options) {
  const changes = [];
  let projects;
  for (const checkpoint of report.checkpoints) {
    const revokes = checkpoint.dryRun ? checkpoint.revoke : checkpoint.revoked;
    const grants = checkpoint.dryRun ? checkpoint.grant : checkpoint.created.map((permission) => permission.project_id);
    if (revokes.length + grants.length === 0) continue;
    if (projects === undefined) projects = await organizationProjects(options);
    let history;
    try {
      history = await checkpointAccessHistory(checkpoint.checkpoint, {}, { ...options, projects });
    } catch (error) {
      return { changes, unknown: `${error.name}: ${error.message}` };
    }
    for (const permission of revokes) {
      const grant = history.events.find((event) => event.action === "granted" && event.permissionId === permission.id);
      changes.push(entry(checkpoint.checkpoint, "grant", permission.project_id, permission.id, grant));
    }
    for (const projectId of grants) {
      const revoke = history.events.find((event) => event.action === "revoked" && event.projectId === projectId);
      changes.push(entry(checkpoint.checkpoint, "revoke", projectId, undefined, revoke));
    }
  }
  return { changes };
}

/** The organization's projects, read once for every history; `null` when they cannot be read, so that no history asks again. */
async function organizationProjects(options) {
  try {
    const projects = [];
    for await (const project of listAllProjects({ include_archived: true }, options)) projects.push(project);
    return projects;
  } catch {
    return null;
  }
}

/** `reverts`: the drift's own kind (a hand-made grant is reverted by a revoke). */
function entry(checkpoint, reverts, projectId, permissionId, event) {
  return {
    checkpoint,
    reverts,
    projectId,
    projectName: event?.projectName ?? null,
    ...(permissionId && { permissionId }),
    madeBy: event?.actor?.label ?? null,
    madeAt: event ? new Date(event.effectiveAt * 1000).toISOString() : null,
  };
}
