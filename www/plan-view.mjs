// Plans as the page shows them, in the panels and in the confirmations: one block per
// checkpoint with its counts and its "+ proj_… grant" / "- proj_… revoke (cp_…)" lines, and what
// changed behind a reviewed plan's back.

import { checkpointView } from "./access-report.mjs";
import { code, element } from "./dom.mjs";
import { errorDetails } from "./errors-view.mjs";
import { failureList } from "./failure-box.mjs";
import { staleLines, staleSummary } from "./plan-wording.mjs";

/** An access report: one block per checkpoint, in the file's order. */
export function accessReportElement(report, { applied }) {
  const list = element("ol", "access-checkpoints");
  for (const entry of report.checkpoints) list.append(checkpointBlock(entry, { applied }));
  return list;
}

/** One checkpoint of a plan or an apply: an access report's entry, or a sync's result. */
export function checkpointBlock(entry, { applied }) {
  const view = checkpointView(entry, { applied });
  const block = element("li", `plan-group access-checkpoint access-state-${view.state}`,
    element("h4", "", code(view.checkpoint), element("span", "access-counts", view.counts)));
  block.dataset.checkpoint = view.checkpoint;
  if (view.nobody) block.append(element("p", "access-nobody", "Nobody may use this checkpoint: the file lists no project."));
  if (view.unreadable) block.append(element("p", "access-unreadable", `${view.unreadable.text} `, ...errorDetails(view.unreadable.error)));
  if (view.skipped) block.append(element("p", "access-unreadable", view.skipped));
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
    const item = element("li", `access-${change.kind}`, sign, " ", code(change.projectId), ` ${change.label}`);
    if (change.permissionId) item.append(" ", element("span", "muted", `(${change.permissionId})`));
    list.append(item);
  }
  return list;
}

/** A StalePlanError's changes: the sentence, then per checkpoint what was granted or revoked since. */
export function staleElement(changes) {
  const box = element("div", "stale-changes", element("p", "stale-summary", staleSummary(changes)));
  for (const { checkpoint, lines } of staleLines(changes)) {
    box.append(element("p", "stale-checkpoint", code(checkpoint), ":"), changeList(lines));
  }
  return box;
}
