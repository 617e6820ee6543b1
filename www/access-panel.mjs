// "Access file": access as code in the page, run by the package's own engine (planAccess,
// applyAccess, exportAccess: the one the CLI and the enforcer Worker run). Apply plans, shows
// that plan in a confirmation, and writes exactly it (applyAccess with the plan); a plan gone
// stale writes nothing and its successor needs a confirmation of its own. Export refreshes the
// checkpoints the text names, and never replaces edits without asking. A picker inserts a project,
// found by name, where the cursor was; plans name every project, and one that wants a project
// that cannot be given access is shown with the package's reason and not applied.

import { changedCheckpoints, isAccessReport, plannedChanges, refusedCheckpoints, reportStatus } from "./access-report.mjs";
import { checkpointsNamedIn, checkpointsToExport, insertProjectId } from "./access-file.mjs";
import { busy, holding, isRunning } from "./busy.mjs";
import { callOptions } from "./connection.mjs";
import { confirmDialog } from "./confirm-dialog.mjs";
import { $, clearFieldError, code, element, showFieldError, submitOnCtrlEnter } from "./dom.mjs";
import { describeError, hideBox, showErrorBox } from "./errors-view.mjs";
import { clearFailures, showFailures } from "./failure-box.mjs";
import { accessPlanWrites, failedWrites, writesDone, writesWithin } from "./failures.mjs";
import { viewPhase } from "./permissions-panel.mjs";
import { accessReportElement, staleElement } from "./plan-view.mjs";
import { NOT_APPLIED } from "./plan-wording.mjs";
import { attachPicker } from "./project-picker.mjs";
import { projectsOption, sayWarnings } from "./projects-directory.mjs";
import { events, session } from "./session.mjs";
import { plural } from "./words.mjs";

export function setupAccess() {
  const form = $("access-form");
  const fileInput = $("access-file");
  const exportButton = $("access-export");
  const planButton = $("access-plan");
  const applyButton = $("access-apply");
  const status = $("access-status");
  const errorBox = $("access-error");
  const failures = $("access-failures");
  const reportBox = $("access-report");
  const progress = $("access-progress");
  const buttons = [exportButton, planButton, applyButton];
  for (const button of buttons) button.dataset.needsReady = "";
  /** The text Export last put in the field: anything else there is the admin's edit. */
  let exportedText = "";

  submitOnCtrlEnter(fileInput, form);
  attachPicker({
    input: $("access-project-search"),
    listbox: $("access-project-search-options"),
    // A project may be listed under several checkpoints: none is "already there" for the file.
    listed: () => new Set(),
    onChoose: (projectId) => {
      const inserted = insertProjectId(fileInput.value, fileInput.selectionStart ?? fileInput.value.length, projectId, { checkpoint: viewPhase().checkpoint });
      fileInput.value = inserted.text;
      // The next pick goes after this one.
      fileInput.setSelectionRange(inserted.caret, inserted.caret);
      fileInput.dispatchEvent(new Event("input", { bubbles: true }));
      status.textContent = `Inserted ${projectId} into the file.`;
    },
  });
  fileInput.addEventListener("input", () => {
    clearFieldError(fileInput);
    if (!reportBox.hidden && !reportBox.classList.contains("is-stale")) {
      reportBox.classList.add("is-stale");
      status.textContent = "The file changed: plan it again.";
    }
  });

  /** Runs one action of the panel; the other two wait, since each would replace what it shows. */
  const exclusive = (button, text, work) => holding(buttons.filter((other) => other !== button), () => busy(button, status, text, work));

  const clearOutcome = () => {
    hideBox(errorBox);
    clearFieldError(fileInput);
    status.textContent = "";
  };

  function showReport(report, { applied, heading }) {
    const title = heading ?? (!applied ? "Plan (nothing changed yet)" : report.inSync ? "Applied" : "Partly applied (the failures are listed)");
    reportBox.classList.remove("is-stale");
    reportBox.replaceChildren(element("h3", "result-heading", title), accessReportElement(report, { applied }));
    reportBox.hidden = false;
    status.textContent = reportStatus(report, { applied });
    sayWarnings(report.warnings);
  }

  /** A progress bar over the checkpoints the text names; returns the onCheckpoint callback. */
  function startProgress(text) {
    const total = checkpointsNamedIn(text).length;
    let done = 0;
    if (total > 0) {
      progress.max = total;
      progress.value = 0;
    } else {
      progress.removeAttribute("value"); // an unreadable file is refused before any checkpoint
    }
    progress.hidden = false;
    return () => {
      if (total > 0) progress.value = Math.min(++done, total);
    };
  }

  /** A bad file: its place next to the field, nothing sent. Returns whether `error` was one. */
  function showFileError(error) {
    if (error?.name !== "InvalidInputError" || String(error.field).startsWith("options.")) return false;
    reportBox.hidden = true;
    showFieldError(fileInput, `${describeError(error).text.replace(/\.$/, "")}. Nothing was sent.`);
    fileInput.focus();
    return true;
  }

  /** planAccess, shown; the report (also one a PartialFailureError carries), or null when there is none to act on. */
  async function plan(text, button, busyText) {
    const onCheckpoint = startProgress(text);
    try {
      const report = await exclusive(button, busyText, async (onRetry) =>
        session.api.planAccess(text, callOptions({ onCheckpoint, onRetry, ...(await projectsOption()) })));
      showReport(report, { applied: false });
      return report;
    } catch (error) {
      status.textContent = "";
      if (showFileError(error)) return null;
      showErrorBox(errorBox, error);
      if (isAccessReport(error?.result)) {
        showReport(error.result, { applied: false });
        return error.result;
      }
      reportBox.hidden = true;
      return null;
    } finally {
      progress.hidden = true;
    }
  }

  exportButton.addEventListener("click", async () => {
    if (exportButton.disabled || isRunning(exportButton)) return;
    clearOutcome();
    const text = fileInput.value;
    // The checkpoints the text names, also half edited; the one shown above only when it names none.
    const named = checkpointsToExport(text);
    const shown = viewPhase().checkpoint;
    if (named.length === 0 && !shown) {
      status.textContent = "Nothing to export: the file names no checkpoint, and no valid checkpoint is shown above.";
      return;
    }
    const checkpoints = named.length > 0 ? named : [shown];
    const count = plural(checkpoints.length, "checkpoint");
    if (text.trim() !== "" && text !== exportedText) {
      const replace = await confirmDialog({
        title: "Replace your edits?",
        body: [
          element("p", "", `Export replaces the whole field with today's access to ${count}:`),
          element("ul", "id-list", ...checkpoints.map((checkpoint) => element("li", "", code(checkpoint)))),
          element("p", "", "What you typed in the field since the last export is lost."),
        ],
        confirmLabel: "Replace with today's access",
      });
      if (!replace) {
        status.textContent = "Not exported: your edits are kept.";
        return;
      }
    }
    try {
      const file = await exclusive(exportButton, `Exporting today's access to ${count}…`, (onRetry) =>
        session.api.exportAccess(checkpoints, callOptions({ onRetry })));
      fileInput.value = JSON.stringify(file, null, 2);
      exportedText = fileInput.value;
      reportBox.hidden = true;
      status.textContent = `Exported today's access to ${count}. Edit it, then plan.`;
    } catch (error) {
      status.textContent = "";
      showErrorBox(errorBox, error);
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (planButton.disabled || isRunning(planButton)) return;
    clearOutcome();
    await plan(fileInput.value, planButton, "Planning (nothing is written)…");
  });

  applyButton.addEventListener("click", async () => {
    if (applyButton.disabled || isRunning(applyButton)) return;
    clearOutcome();
    const text = fileInput.value;
    const report = await plan(text, applyButton, "Planning before applying…");
    if (!report) return;
    if (report.totals.unreadable > 0 || report.totals.notAttempted > 0) {
      status.textContent = "Nothing was written: the plan is incomplete. Apply again in a moment.";
      return;
    }
    if (refusedCheckpoints(report) > 0) {
      status.textContent = "Nothing was written: the file wants a project that cannot be given access (see the plan). Fix it, then apply.";
      return;
    }
    if (plannedChanges(report) === 0) return; // the status already says there is nothing to apply
    await confirmAndApply(text, report);
  });

  /** The confirmation showing `report`, then exactly its writes. `changes`: what made an earlier plan stale. */
  async function confirmAndApply(text, report, { changes = null, note = "" } = {}) {
    const writes = plannedChanges(report);
    const confirmed = await confirmDialog({
      title: changes || note ? "Apply the new plan?" : "Apply the access file?",
      body: [
        ...(changes ? [staleElement(changes)] : []),
        ...(note ? [element("p", "", note)] : []),
        element("p", "", reportStatus(report, { applied: false })),
        accessReportElement(report, { applied: false }),
      ],
      confirmLabel: `Apply ${plural(writes, "change")}`,
      tone: "primary",
    });
    if (!confirmed) {
      status.textContent = NOT_APPLIED;
      return;
    }
    clearFailures(failures);
    hideBox(errorBox);
    const onCheckpoint = startProgress(text);
    let stale;
    const projects = await projectsOption();
    try {
      stale = await apply(text, report, () => exclusive(applyButton, `Applying: granting ${report.totals.grant}, revoking ${report.totals.revoke}…`,
        (onRetry) => session.api.applyAccess(text, callOptions({ plan: report, onCheckpoint, onRetry, ...projects }))));
    } finally {
      progress.hidden = true;
    }
    if (stale) reviewStale(text, stale);
  }

  /** Runs an apply of `report` and shows its outcome; returns the StalePlanError when nothing was written. */
  async function apply(text, report, work) {
    let written = new Set();
    try {
      const outcome = await work();
      clearFailures(failures);
      showReport(outcome, { applied: true });
      written = changedCheckpoints(outcome);
      return null;
    } catch (error) {
      if (error?.name === "StalePlanError") {
        errorBox.replaceChildren(staleElement(error.changes));
        errorBox.hidden = false;
        showReport(error.plan, { applied: false, heading: "New plan (nothing changed yet)" });
        return error;
      }
      if (showFileError(error)) return null;
      if (isAccessReport(error?.result)) {
        showReport(error.result, { applied: true });
        written = changedCheckpoints(error.result);
      }
      const failed = failedWrites(error, accessPlanWrites(report));
      if (failed.length === 0) {
        showErrorBox(errorBox, error);
        return null;
      }
      showFailures(failures, {
        title: describeError(error).title,
        failed,
        done: writesDone(error),
        status,
        withCheckpoint: true,
        retry: (onRetry) => retryFailed(text, failed, onRetry),
      });
      return null;
    } finally {
      for (const checkpoint of written) events.dispatchEvent(new CustomEvent("written", { detail: { checkpoint } }));
    }
  }

  /** The new plan was never reviewed: it is written only after a confirmation of its own. */
  function reviewStale(text, stale) {
    if (refusedCheckpoints(stale.plan) > 0) status.textContent = "Nothing was written: the new plan wants a project that cannot be given access (see the plan).";
    else if (plannedChanges(stale.plan) > 0) confirmAndApply(text, stale.plan, { changes: stale.changes });
    else status.textContent = "Nothing to apply any more: the permissions already match the file.";
  }

  /**
   * "Retry the failed ones": a fresh plan of the same text. If it writes only what failed, the
   * admin confirmed exactly that already, and it is applied; anything else is shown to confirm.
   */
  async function retryFailed(text, failed, onRetry) {
    // A checkpoint that cannot be read rejects here, and the failure box says so.
    const projects = await projectsOption();
    const fresh = await session.api.planAccess(text, callOptions({ onRetry, ...projects }));
    if (plannedChanges(fresh) === 0) {
      clearFailures(failures);
      showReport(fresh, { applied: false });
      status.textContent = "Nothing left to retry: the permissions already match the file.";
      return;
    }
    if (writesWithin(accessPlanWrites(fresh), failed)) {
      const stale = await apply(text, fresh, () => session.api.applyAccess(text, callOptions({ plan: fresh, onRetry, ...projects })));
      if (stale) reviewStale(text, stale);
      return;
    }
    showReport(fresh, { applied: false });
    // Not awaited: the retry is over, and the dialog is the admin's next step.
    confirmAndApply(text, fresh, { note: "The permissions changed since the failed apply: finishing it now takes these changes." });
  }
}
