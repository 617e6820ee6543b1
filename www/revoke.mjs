// Revoking from the permissions table: one row (its permission, by id) or the ticked rows (their
// projects), after a confirmation naming the checkpoint, each project and its permission. A
// failure stays listed, with "Retry the failed ones", until retried, dismissed or replaced by
// the next revoke's outcome.

import { busy } from "./busy.mjs";
import { callOptions } from "./connection.mjs";
import { confirmDialog } from "./confirm-dialog.mjs";
import { $, code, element } from "./dom.mjs";
import { clearFailures, showFailures } from "./failure-box.mjs";
import { failedWrites, writesDone } from "./failures.mjs";
import { projectInfo, projectText } from "./project-names.mjs";
import { projectLabel } from "./project-label.mjs";
import { currentDirectory } from "./projects-directory.mjs";
import { events, session } from "./session.mjs";
import { plural } from "./words.mjs";

export async function revokePermissions(checkpoint, permissions, button) {
  const projectIds = [...new Set(permissions.map((permission) => permission.project_id))];
  const status = $("revoke-status");
  const confirmed = await confirmDialog({
    title: projectIds.length === 1 ? "Revoke access?" : `Revoke access for ${projectIds.length} projects?`,
    body: [
      element("p", "", "These projects will no longer be able to use ", code(checkpoint), ":"),
      permissionList(permissions),
    ],
    confirmLabel: projectIds.length === 1 ? "Revoke access" : `Revoke ${projectIds.length}`,
  });
  if (!confirmed) {
    status.textContent = "Not revoked: nothing was sent.";
    return;
  }
  const intended = permissions.map((permission) => ({ checkpoint, action: "revoke", projectId: permission.project_id, permissionId: permission.id }));
  clearFailures($("revoke-failures"));
  const text = projectIds.length === 1 ? `Revoking ${named(projectIds[0])}…` : `Revoking ${plural(projectIds.length, "project")}…`;
  await report(checkpoint, intended, () => busy(button, status, text, (onRetry) => revoke(checkpoint, intended, onRetry)));
}

/**
 * One permission is deleted by its id: exactly the row the admin confirmed. Several, and every
 * retry, go through the package's revoke by project, which reports each failed delete.
 */
async function revoke(checkpoint, intended, onRetry) {
  const { api } = session;
  if (intended.length === 1 && intended[0].permissionId) {
    const [{ projectId, permissionId }] = intended;
    try {
      await api.deleteCheckpointPermission(checkpoint, permissionId, callOptions({ onRetry }));
    } catch (error) {
      // Gone already is the state asked for, as the package's own revoke counts it.
      if (error?.name !== "NotFoundError") throw error;
    }
    return `Revoked ${named(projectId)}.`;
  }
  const projectIds = [...new Set(intended.map((one) => one.projectId))];
  const result = await api.revokeCheckpointPermissions(checkpoint, projectIds, callOptions({ onRetry }));
  const notGranted = result.notGranted.length ? `; ${plural(result.notGranted.length, "project")} had no access any more` : "";
  return `Revoked ${plural(result.revoked.length, "permission")}${notGranted}.`;
}

async function report(checkpoint, intended, work) {
  const status = $("revoke-status");
  const box = $("revoke-failures");
  try {
    const done = await work();
    clearFailures(box);
    status.textContent = done;
    // The revoked row (or the selection button) is gone: keep keyboard focus in the table.
    if (!document.activeElement || document.activeElement === document.body || document.activeElement.closest("[hidden]")) {
      document.querySelector("#permissions .table-wrap").focus();
    }
  } catch (error) {
    const failed = failedWrites(error, intended, { checkpoint });
    const still = failed.map((failure) => failure.projectId);
    status.textContent = `Revoke failed: ${plural(still.length, "project")} still ${still.length === 1 ? "has" : "have"} access.`;
    showFailures(box, {
      title: ["Revoking access failed on ", code(checkpoint)],
      failed,
      done: writesDone(error),
      status,
      retry: (onRetry) => report(checkpoint, failed, () => revoke(checkpoint, failed, onRetry)),
    });
  } finally {
    events.dispatchEvent(new CustomEvent("written", { detail: { checkpoint } }));
  }
}

function permissionList(permissions) {
  const list = element("ul", "id-list id-list-revoke");
  for (const permission of permissions) list.append(element("li", "", projectLabel(permission.project_id), " ", element("span", "muted", `(${permission.id})`)));
  return list;
}

/** "Weather forecasts (proj_…)", or the bare id without the organization's projects. */
const named = (projectId) => projectText(projectInfo(projectId, { directory: currentDirectory() }));
