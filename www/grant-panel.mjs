// "Grant access": the typed projects that do not have access yet, confirmed, then granted with
// the package's idempotent grant. The confirmation lists what will be written (the check runs
// first), and which typed projects already have access and are left as they are.

import { busy, isRunning } from "./busy.mjs";
import { callOptions } from "./connection.mjs";
import { confirmDialog } from "./confirm-dialog.mjs";
import { $, code, element, projectList, submitOnCtrlEnter } from "./dom.mjs";
import { hideBox, showErrorBox } from "./errors-view.mjs";
import { clearFailures, showFailures } from "./failure-box.mjs";
import { failedWrites, writesDone } from "./failures.mjs";
import { checkAsTyped, readProjectIds } from "./id-fields.mjs";
import { bindActsOn, settledCheckpoint } from "./permissions-panel.mjs";
import { grantPreview } from "./plan-wording.mjs";
import { events, session } from "./session.mjs";
import { plural } from "./words.mjs";

export function setupGrant() {
  const form = $("grant-form");
  const projectsInput = $("grant-project-ids");
  const button = $("grant-submit");
  const status = $("grant-status");
  const errorBox = $("grant-error");
  const failures = $("grant-failures");
  const result = $("grant-result");
  button.dataset.needsReady = "";
  button.dataset.needsView = "";
  bindActsOn($("grant-checkpoint"));
  submitOnCtrlEnter(projectsInput, form);
  checkAsTyped(projectsInput);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isRunning(button)) return;
    hideBox(errorBox);
    result.hidden = true; // never an older answer next to a new attempt
    status.textContent = "";
    const projectIds = readProjectIds(projectsInput);
    if (!projectIds) return;
    const checkpoint = settledCheckpoint();
    if (!checkpoint || button.disabled) {
      status.textContent = "Nothing was sent: enter a valid checkpoint above and let its list load.";
      return;
    }
    clearFailures(failures);

    let existing;
    try {
      existing = await busy(button, status, "Checking which projects already have access…", async (onRetry) => {
        const permissions = [];
        for await (const permission of session.api.listAllCheckpointPermissions(checkpoint, { limit: 100 }, callOptions({ onRetry }))) permissions.push(permission);
        return permissions;
      });
    } catch (error) {
      status.textContent = "Nothing was granted: who has access could not be checked.";
      showErrorBox(errorBox, error);
      return;
    }
    const { toGrant, already } = grantPreview(projectIds, existing);
    const alreadyGranted = existing.filter((permission) => already.includes(permission.project_id));
    if (toGrant.length === 0) {
      renderGrant(result, { created: [], alreadyGranted });
      status.textContent = "Nothing to do: every project already has access. Nothing was sent.";
      return;
    }
    const confirmed = await confirmDialog({
      title: "Grant access?",
      body: [
        element("p", "", `${plural(toGrant.length, "project")} will be able to use `, code(checkpoint), ":"),
        projectList(toGrant, "id-list-created"),
        ...(already.length > 0 ? [element("p", "muted", "Already have access, left as they are:"), projectList(already)] : []),
      ],
      confirmLabel: `Grant ${plural(toGrant.length, "project")}`,
      tone: "primary",
    });
    if (!confirmed) {
      status.textContent = "Not granted: nothing was sent.";
      return;
    }
    const intended = toGrant.map((projectId) => ({ checkpoint, action: "grant", projectId, permissionId: null }));
    await grant(checkpoint, intended, alreadyGranted, () =>
      busy(button, status, `Granting access to ${plural(toGrant.length, "project")}…`, (onRetry) =>
        session.api.grantCheckpointPermissions(checkpoint, toGrant, callOptions({ onRetry }))));
  });

  /** Runs a grant and shows its outcome; a failure stays listed with "Retry the failed ones". */
  async function grant(checkpoint, intended, alreadyGranted, work) {
    try {
      const outcome = await work();
      clearFailures(failures);
      renderGrant(result, { created: outcome.created, alreadyGranted: [...alreadyGranted, ...outcome.alreadyGranted] });
      status.textContent = outcome.created.length === 0
        ? "Nothing to do: every project already had access."
        : `Done: ${plural(outcome.created.length, "project")} granted.`;
      projectsInput.value = "";
    } catch (error) {
      const failed = failedWrites(error, intended, { checkpoint });
      if (error?.result) renderGrant(result, { created: error.result.created ?? [], alreadyGranted });
      status.textContent = `Grant failed: ${plural(failed.length, "project")} ${failed.length === 1 ? "has" : "have"} no access.`;
      showFailures(failures, {
        title: ["Granting access failed on ", code(checkpoint)],
        failed,
        done: writesDone(error),
        status,
        // The package's grant is idempotent: retrying creates only what is still missing of these.
        retry: (onRetry) => grant(checkpoint, failed, [], () =>
          session.api.grantCheckpointPermissions(checkpoint, failed.map((one) => one.projectId), callOptions({ onRetry }))),
      });
    } finally {
      events.dispatchEvent(new CustomEvent("written", { detail: { checkpoint } }));
    }
  }
}

function renderGrant(result, { created = [], alreadyGranted = [] }) {
  result.replaceChildren();
  if (created.length) {
    result.append(element("h3", "result-heading result-created", `Granted now · ${created.length}`),
      projectList(created.map((permission) => permission.project_id), "id-list-created"));
  }
  if (alreadyGranted.length) {
    result.append(element("h3", "result-heading result-kept", `Already had access · ${alreadyGranted.length}`),
      projectList(alreadyGranted.map((permission) => permission.project_id), "id-list-already"));
  }
  result.hidden = result.childElementCount === 0;
}
