// Plans as the page shows them, in the panels and in the confirmations: one block per
// checkpoint with its counts and its "+ Weather forecasts proj_… grant" / "- proj_… revoke
// (cp_…)" lines, the projects it refuses (the package's words, with its "did you mean"), and what
// changed behind a reviewed plan's back.

import { checkpointView } from "./access-report.mjs";
import { actionButton, code, element } from "./dom.mjs";
import { errorDetails } from "./errors-view.mjs";
import { failureList } from "./failure-box.mjs";
import { projectLabel, projectLabelOf } from "./project-label.mjs";
import { currentDirectory } from "./projects-directory.mjs";
import { staleLines, staleSummary } from "./plan-wording.mjs";

/** An access report: one block per checkpoint, in the file's order. */
export function accessReportElement(report, { applied }) {
  const list = element("ol", "access-checkpoints");
  for (const entry of report.checkpoints) list.append(checkpointBlock(entry, { applied }));
  return list;
}

/** One checkpoint of a plan or an apply: an access report's entry, or a sync's result. */
export function checkpointBlock(entry, { applied }) {
  const view = checkpointView(entry, { applied, directory: currentDirectory() });
  const block = element("li", `plan-group access-checkpoint access-state-${view.state}`,
    element("h4", "", code(view.checkpoint), element("span", "access-counts", view.counts)));
  block.dataset.checkpoint = view.checkpoint;
  if (view.nobody) block.append(element("p", "access-nobody", "Nobody may use this checkpoint: the file lists no project."));
  if (view.unreadable) block.append(element("p", "access-unreadable", `${view.unreadable.text} `, ...errorDetails(view.unreadable.error)));
  if (view.skipped) block.append(element("p", "access-unreadable", view.skipped));
  if (view.refused.length > 0) block.append(refusedList(view.refused));
  if (view.changes.length > 0) block.append(changeList(view.changes));
  if (view.failed.length > 0) block.append(failureList(view.failed));
  return block;
}

/** "+ proj_… grant", "- proj_… revoke (cp_…)": the sign is for the eye, the label says it in words. */
function changeList(changes) {
  const list = element("ul", "access-changes");
  for (const change of changes) {
    const sign = element("span", "access-sign", change.sign);
    sign.setAttribute("aria-hidden", "true");
    const project = change.project ? projectLabelOf(change.project) : projectLabel(change.projectId);
    const item = element("li", `access-${change.kind}`, sign, " ", project, ` ${change.label}`);
    if (change.permissionId) item.append(" ", element("span", "muted", `(${change.permissionId})`));
    list.append(item);
  }
  return list;
}

/**
 * The projects a plan refuses, each with the package's message ("proj_x is not a project of this
 * organization; did you mean proj_y ("Weather forecasts")?"). With `onUse`, a did-you-mean gets a
 * button that puts the suggested project in place of the typed one.
 */
export function refusedList(refused, { onUse = null } = {}) {
  const list = element("ul", "refused-list");
  for (const problem of refused) {
    const item = element("li", `refused-${problem.status}`, problem.message);
    item.dataset.projectId = problem.projectId;
    const suggestion = problem.didYouMean;
    if (onUse && suggestion) {
      const use = actionButton(`Use ${suggestion.name ?? suggestion.id}`, { className: "button button-small" });
      use.setAttribute("aria-label", `Use ${suggestion.name ? `${suggestion.name} (${suggestion.id})` : suggestion.id} instead of ${problem.projectId}`);
      use.addEventListener("click", () => onUse(problem.projectId, suggestion.id));
      item.append(" ", use);
    }
    list.append(item);
  }
  return list;
}

/** Whether a plan (a sync's, or one checkpoint of an access plan's) refuses a desired project. */
export const refusesProjects = (plan) => Array.isArray(plan?.refused) && plan.refused.length > 0;

/** A StalePlanError's changes: the sentence, then per checkpoint what was granted or revoked since. */
export function staleElement(changes) {
  const box = element("div", "stale-changes", element("p", "stale-summary", staleSummary(changes)));
  for (const { checkpoint, lines } of staleLines(changes)) {
    box.append(element("p", "stale-checkpoint", code(checkpoint), ":"), changeList(lines));
  }
  return box;
}
