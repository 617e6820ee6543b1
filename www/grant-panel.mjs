// "Grant access": the typed or picked projects that do not have access yet, confirmed, then
// granted with the package's idempotent grant. The check that runs first is the package's own
// plan (a dry-run sync of the typed projects): who already has access, and which typed projects
// cannot be given access (not a project of the organization, or archived), in the package's words
// with its "did you mean". The confirmation lists, by name, what will be written, and which typed
// projects already have access and are left as they are.

import { busy, isRunning } from "./busy.mjs";
import { callOptions } from "./connection.mjs";
import { confirmDialog } from "./confirm-dialog.mjs";
import { $, code, element, submitOnCtrlEnter } from "./dom.mjs";
import { hideBox, showErrorBox } from "./errors-view.mjs";
import { clearFailures, showFailures } from "./failure-box.mjs";
import { failedWrites, writesDone } from "./failures.mjs";
import { checkAsTyped, readProjectIds } from "./id-fields.mjs";
import { bindActsOn, settledCheckpoint } from "./permissions-panel.mjs";
import { refusedList, refusesProjects } from "./plan-view.mjs";
import { NO_CHECKPOINT_YET } from "./plan-wording.mjs";
import { replaceProjectId } from "./project-ids.mjs";
import { projectLabelList } from "./project-label.mjs";
import { attachIdListPicker } from "./project-picker.mjs";
import { projectsOption, sayWarnings } from "./projects-directory.mjs";
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
  const setList = attachIdListPicker(projectsInput, { input: $("grant-project-search"), listbox: $("grant-project-search-options") });

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
      status.textContent = NO_CHECKPOINT_YET;
      return;
    }
    clearFailures(failures);

    let check;
    try {
      check = await busy(button, status, "Checking which projects already have access…", async (onRetry) =>
        session.api.syncCheckpointPermissions(checkpoint, projectIds, callOptions({ dryRun: true, onRetry, ...(await projectsOption()) })));
    } catch (error) {
      status.textContent = "Nothing was granted: who has access could not be checked.";
      showErrorBox(errorBox, error);
      return;
    }
    sayWarnings(check.warnings);
    if (refusesProjects(check)) {
      const count = check.refused.length;
      status.textContent = `Nothing was sent: ${plural(count, "project")} cannot be given access.`;
      errorBox.replaceChildren(
        element("p", "alert-title", `${count === 1 ? "This project" : "These projects"} cannot be given access, so nothing was sent`),
        refusedList(check.refused, {
          onUse: (typed, suggested) => {
            setList(replaceProjectId(projectsInput.value, typed, suggested));
            hideBox(errorBox);
            projectsInput.focus();
          },
        }),
        element("p", "alert-hint", "Fix the list, or refresh the projects if one was created since the console started."),
      );
      errorBox.hidden = false;
      return;
    }
    // The dry run's grants are the typed projects without access; what it keeps already has it.
    // Its revokes are the other projects with access, which a grant leaves as they are.
    const named = check.projects ?? null;
    const toGrant = check.grant;
    const alreadyGranted = check.keep;
    const already = [...new Set(alreadyGranted.map((permission) => permission.project_id))];
    if (toGrant.length === 0) {
      renderGrant(result, { created: [], alreadyGranted });
      status.textContent = "Nothing to do: every project already has access. Nothing was sent.";
      return;
    }
    const confirmed = await confirmDialog({
      title: "Grant access?",
      body: [
        element("p", "", `${plural(toGrant.length, "project")} will be able to use `, code(checkpoint), ":"),
        projectLabelList(toGrant, "id-list-created", { named }),
        ...(already.length > 0 ? [element("p", "muted", "Already have access, left as they are:"), projectLabelList(already, "", { named })] : []),
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
      setList(""); // the names listed under it go with the ids
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
      projectLabelList(created.map((permission) => permission.project_id), "id-list-created"));
  }
  if (alreadyGranted.length) {
    result.append(element("h3", "result-heading result-kept", `Already had access · ${alreadyGranted.length}`),
      projectLabelList(alreadyGranted.map((permission) => permission.project_id), "id-list-already"));
  }
  result.hidden = result.childElementCount === 0;
}
