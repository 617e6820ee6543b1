// "Sync to a list": a dry run makes a plan; Apply shows exactly that plan's grants and revokes
// in a confirmation and writes exactly it (the package's applyCheckpointPlan). If the
// permissions changed since the plan was made, nothing is written: what changed is shown, with
// the new plan, which is written only after a confirmation of its own. Projects are picked by
// name or pasted by id; the plan names them, and one that wants a project that cannot be given
// access (unknown, archived) shows the package's reason, with its "did you mean", and is not applied.

import { busy, holding, isRunning, refreshButtons } from "./busy.mjs";
import { callOptions } from "./connection.mjs";
import { confirmDialog } from "./confirm-dialog.mjs";
import { $, code, element, submitOnCtrlEnter } from "./dom.mjs";
import { hideBox, showErrorBox } from "./errors-view.mjs";
import { clearFailures, showFailures } from "./failure-box.mjs";
import { failedWrites, planWrites, writesDone, writesWithin } from "./failures.mjs";
import { checkAsTyped, readProjectIds } from "./id-fields.mjs";
import { bindActsOn, settledCheckpoint, viewPhase } from "./permissions-panel.mjs";
import { checkpointBlock, refusedList, refusesProjects, staleElement } from "./plan-view.mjs";
import { NO_CHECKPOINT_YET, NOT_APPLIED, plannedWrites, syncAppliedStatus, syncPlanGroups, syncPlanStatus } from "./plan-wording.mjs";
import { replaceProjectId } from "./project-ids.mjs";
import { projectLabelList } from "./project-label.mjs";
import { attachIdListPicker } from "./project-picker.mjs";
import { projectsOption, sayWarnings } from "./projects-directory.mjs";
import { events, session } from "./session.mjs";
import { plural } from "./words.mjs";

export function setupSync() {
  const form = $("sync-form");
  const projectsInput = $("sync-project-ids");
  const preview = $("sync-preview");
  const apply = $("sync-apply");
  const status = $("sync-status");
  const errorBox = $("sync-error");
  const failures = $("sync-failures");
  const planBox = $("sync-plan");
  const progress = $("sync-progress");
  for (const button of [preview, apply]) {
    button.dataset.needsReady = "";
    button.dataset.needsView = "";
  }
  apply.dataset.blocked = "true";
  bindActsOn($("sync-checkpoint"));
  submitOnCtrlEnter(projectsInput, form);
  checkAsTyped(projectsInput);
  const setList = attachIdListPicker(projectsInput, { input: $("sync-project-search"), listbox: $("sync-project-search-options") });
  /** "Use proj_y": the suggestion replaces the typed id in the list, which then needs a new preview. */
  const useSuggestion = (typed, suggested) => {
    setList(replaceProjectId(projectsInput.value, typed, suggested));
    projectsInput.focus();
  };

  /** The plan shown, exactly as the package made it: Apply writes it and nothing else. */
  let planned = null;

  const forget = (why) => {
    if (!planned) return;
    planned = null;
    apply.dataset.blocked = "true";
    refreshButtons();
    planBox.classList.add("is-stale");
    status.textContent = why;
  };
  projectsInput.addEventListener("input", () => forget("The list changed: preview the plan again."));
  events.addEventListener("view", () => {
    if (planned && viewPhase().checkpoint !== planned.checkpoint) forget("The checkpoint changed: preview a plan for it.");
  });

  function showPlan(plan) {
    renderPlan(planBox, plan, { applied: false, onUse: useSuggestion });
    status.textContent = syncPlanStatus(plan);
    sayWarnings(plan.warnings);
    // A plan that refuses a project cannot be applied: the package would refuse it whole.
    planned = plannedWrites(plan) > 0 && !refusesProjects(plan) ? plan : null;
    apply.dataset.blocked = planned ? "false" : "true";
    refreshButtons();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isRunning(preview)) return;
    const desired = readProjectIds(projectsInput);
    if (!desired) return;
    const checkpoint = settledCheckpoint();
    if (!checkpoint || preview.disabled) {
      status.textContent = NO_CHECKPOINT_YET;
      return;
    }
    hideBox(errorBox);
    planned = null;
    apply.dataset.blocked = "true";
    planBox.hidden = true;
    try {
      const plan = await busy(preview, status, "Computing the plan (nothing is written)…", async (onRetry) =>
        session.api.syncCheckpointPermissions(checkpoint, desired, callOptions({ dryRun: true, onRetry, ...(await projectsOption()) })));
      showPlan(plan);
    } catch (error) {
      status.textContent = "";
      showErrorBox(errorBox, error);
    }
  });

  apply.addEventListener("click", () => {
    if (planned && !apply.disabled) confirmAndApply(planned);
  });

  /** The confirmation, then the writes. `changes`: what made an earlier plan stale, shown first. */
  async function confirmAndApply(plan, { changes = null, note = "" } = {}) {
    const writes = plannedWrites(plan);
    const confirmed = await confirmDialog({
      title: changes || note ? "Apply the new plan?" : "Apply this plan?",
      body: [
        ...(changes ? [staleElement(changes)] : []),
        ...(note ? [element("p", "", note)] : []),
        element("p", "", `Exactly these ${plural(writes, "change")} will be written, and nothing else:`),
        element("ol", "access-checkpoints", checkpointBlock(plan, { applied: false })),
      ],
      confirmLabel: `Apply ${plural(writes, "change")}`,
      tone: "primary",
    });
    if (!confirmed) {
      status.textContent = NOT_APPLIED;
      return;
    }
    hideBox(errorBox);
    clearFailures(failures);
    progress.hidden = false;
    let stale;
    const projects = await projectsOption();
    try {
      stale = await holding([preview], () => report(plan, () =>
        busy(apply, status, `Applying: granting ${plan.grant.length}, revoking ${plan.revoke.length}…`, (onRetry) =>
          session.api.applyCheckpointPlan(plan, callOptions({ onRetry, ...projects })))));
    } finally {
      progress.hidden = true;
    }
    if (stale) reviewStale(stale);
  }

  /** Runs an apply of `plan` and shows its outcome; returns the StalePlanError when nothing was written because the plan was stale. */
  async function report(plan, work) {
    try {
      const result = await work();
      planned = null;
      apply.dataset.blocked = "true";
      clearFailures(failures);
      renderPlan(planBox, result, { applied: true });
      status.textContent = syncAppliedStatus(result);
      sayWarnings(result.warnings);
      return null;
    } catch (error) {
      if (error?.name === "StalePlanError") {
        errorBox.replaceChildren(staleElement(error.changes));
        errorBox.hidden = false;
        showPlan(error.plan);
        return error;
      }
      const failed = failedWrites(error, planWrites(plan), { checkpoint: plan.checkpoint });
      const done = writesDone(error);
      status.textContent = done > 0 ? `Partly applied: ${done} done, ${failed.length} failed.` : "Nothing was applied.";
      showFailures(failures, {
        title: ["Applying the plan failed on ", code(plan.checkpoint)],
        failed,
        done,
        status,
        retry: (onRetry) => retryFailed(plan, failed, onRetry),
      });
      const heading = planBox.querySelector(".result-heading");
      if (heading) heading.textContent = done > 0 ? "Plan (partly applied: see the failures)" : "Plan (not applied: see the failures)";
      return null;
    } finally {
      refreshButtons();
      events.dispatchEvent(new CustomEvent("written", { detail: { checkpoint: plan.checkpoint } }));
    }
  }

  /** The new plan was never reviewed: it is written only after a confirmation of its own. */
  function reviewStale(stale) {
    if (refusesProjects(stale.plan)) status.textContent = syncPlanStatus(stale.plan);
    else if (plannedWrites(stale.plan) > 0) confirmAndApply(stale.plan, { changes: stale.changes });
    else status.textContent = "Nothing to apply any more: the permissions already match the list.";
  }

  /**
   * "Retry the failed ones": a fresh plan for the same list. If it writes only what failed, the
   * admin confirmed exactly that already, and it is applied; anything else is shown to confirm.
   */
  async function retryFailed(plan, failed, onRetry) {
    const projects = await projectsOption();
    const fresh = await session.api.syncCheckpointPermissions(plan.checkpoint, plan.desired, callOptions({ dryRun: true, onRetry, ...projects }));
    if (refusesProjects(fresh)) {
      // A project archived since: the plan says which, and nothing is written.
      showPlan(fresh);
      return;
    }
    if (plannedWrites(fresh) === 0) {
      clearFailures(failures);
      showPlan(fresh);
      status.textContent = "Nothing left to retry: the permissions already match the list.";
      return;
    }
    if (writesWithin(planWrites(fresh), failed)) {
      const stale = await report(fresh, () => session.api.applyCheckpointPlan(fresh, callOptions({ onRetry, ...projects })));
      if (stale) reviewStale(stale);
      return;
    }
    showPlan(fresh);
    // Not awaited: the retry is over, and the dialog is the admin's next step.
    confirmAndApply(fresh, { note: "The permissions changed since the failed apply: finishing the sync now takes these changes." });
  }
}

function renderPlan(box, plan, { applied, onUse = null }) {
  box.classList.remove("is-stale");
  const refused = !applied && refusesProjects(plan);
  box.replaceChildren(element("h3", "result-heading", applied ? "Applied" : refused ? "Plan (refused: nothing can be applied)" : "Plan (nothing changed yet)"));
  if (refused) {
    box.append(element("div", "plan-group plan-refused",
      element("h4", "", `Cannot be given access · ${plan.refused.length}`),
      refusedList(plan.refused, { onUse })));
  }
  const grid = element("div", "plan-grid");
  for (const { label, kind, ids } of syncPlanGroups(plan, { applied })) {
    const column = element("div", `plan-group plan-${kind}`, element("h4", "", `${label} · ${ids.length}`));
    column.append(ids.length ? projectLabelList(ids, "", { named: plan.projects ?? null }) : element("p", "muted", "None"));
    grid.append(column);
  }
  box.append(grid);
  box.hidden = false;
}
