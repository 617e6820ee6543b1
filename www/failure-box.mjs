// A panel's failed writes: each project with its status and request id, "Retry the failed
// ones" and "Dismiss". The box belongs to its panel alone: only that panel's own action (run
// again, or retried) and Dismiss ever clear it, never a list reload.

import { busy, refreshButtons } from "./busy.mjs";
import { actionButton, code, element } from "./dom.mjs";
import { errorDetails } from "./errors-view.mjs";
import { failureSummary } from "./failures.mjs";
import { projectLabel } from "./project-label.mjs";

/**
 * Shows the failures in `box`. `retry` redoes them (it may show new failures in the same box);
 * the retry button gets the id `${box.id}-retry`. `status` receives the retry's progress.
 */
export function showFailures(box, { title, failed, done = 0, note = "", retry, status, withCheckpoint = false }) {
  const retryButton = actionButton("Retry the failed ones", { id: `${box.id}-retry` });
  retryButton.dataset.needsReady = "";
  const dismiss = element("button", "button", "Dismiss");
  dismiss.type = "button";
  dismiss.id = `${box.id}-dismiss`;
  box.replaceChildren(
    element("p", "alert-title", ...[title].flat()),
    element("p", "", failureSummary(failed, done)),
    failureList(failed, { withCheckpoint }),
  );
  if (note) box.append(element("p", "alert-hint", note));
  box.append(element("p", "alert-actions", retryButton, dismiss));
  box.hidden = false;
  refreshButtons();
  box.dataset.failures = String(failed.length);
  retryButton.addEventListener("click", async () => {
    if (retryButton.disabled) return;
    try {
      await busy(retryButton, status, "Retrying the failed ones…", retry);
    } catch (error) {
      // The retry could not even start its writes (its fresh read failed): the failures stand.
      if (status) status.textContent = "The retry did not run; the failures below still stand.";
      box.querySelector(".retry-error")?.remove();
      box.insertBefore(element("p", "alert-hint retry-error", "The retry did not run: ", ...errorDetails(error)), box.querySelector(".alert-actions"));
    }
  });
  dismiss.addEventListener("click", () => {
    clearFailures(box);
    // The box is gone: keep keyboard focus in its panel.
    box.closest("section")?.querySelector("h2")?.setAttribute("tabindex", "-1");
    box.closest("section")?.querySelector("h2")?.focus();
  });
}

export function clearFailures(box) {
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.failures;
}

/** "Revoke Weather forecasts proj_… (cp_…) on ft:… — HTTP 500: … (request req_…)", one line per failed write. */
export function failureList(failed, { withCheckpoint = false } = {}) {
  const list = element("ul", "failed-list");
  for (const failure of failed) {
    const item = element("li", "", element("strong", "", failure.action === "revoke" ? "Revoke " : "Grant "), projectLabel(failure.projectId));
    if (failure.permissionId) item.append(" ", element("span", "muted", `(${failure.permissionId})`));
    if (withCheckpoint && failure.checkpoint) item.append(" on ", code(failure.checkpoint));
    item.append(" — ", ...errorDetails(failure.error));
    list.append(item);
  }
  return list;
}
