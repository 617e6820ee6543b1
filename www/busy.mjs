// What may be clicked now. An action button is enabled only when the console is ready, its own
// action is not running, nothing blocks it (data-blocked, e.g. Apply with no plan) and, for a
// write that acts on the checkpoint shown (data-needs-view), that checkpoint's list is settled:
// never while it loads, so a click cannot act on a list about to change.

import { retryNotice } from "./plan-wording.mjs";

/** Button → how many runs hold it: a reload can start before the one it replaces has unwound. */
const running = new Map();
let ready = false;
let viewSettled = () => false;

export function setReady(value) {
  ready = value;
  refreshButtons();
}

export const isReady = () => ready;

/** The permissions panel tells whether its checkpoint's list is settled (loaded or failed, not loading). */
export function setViewGate(isSettled) {
  viewSettled = isSettled;
}

export function refreshButtons() {
  for (const button of document.querySelectorAll("[data-needs-ready]")) {
    button.disabled = !ready || running.has(button) || button.dataset.blocked === "true"
      || ("needsView" in button.dataset && !viewSettled());
  }
}

export const isRunning = (button) => running.has(button);

function hold(button) {
  running.set(button, (running.get(button) ?? 0) + 1);
}

function release(button) {
  const count = (running.get(button) ?? 1) - 1;
  if (count > 0) running.set(button, count);
  else running.delete(button);
}

/** Keeps buttons disabled while `work` runs, without a spinner: the other actions of a panel. */
export async function holding(buttons, work) {
  buttons.forEach(hold);
  refreshButtons();
  try {
    return await work();
  } finally {
    buttons.forEach(release);
    refreshButtons();
  }
}

/**
 * Disables the button and shows its spinner while `work` runs; `status` says `text`, and each
 * retry as it happens: `work` gets an onRetry callback to pass to the package's call.
 */
export async function busy(button, status, text, work) {
  const section = button.closest("section, details");
  section?.setAttribute("aria-busy", "true");
  hold(button);
  button.classList.add("is-loading");
  refreshButtons();
  if (status) status.textContent = text;
  let finished = false;
  const onRetry = (notice) => {
    if (status && !finished) status.textContent = `${text} ${retryNotice(notice)}`;
  };
  try {
    return await work(onRetry);
  } finally {
    finished = true;
    release(button);
    if (!running.has(button)) button.classList.remove("is-loading");
    if (section && !section.querySelector(".is-loading")) section.removeAttribute("aria-busy");
    refreshButtons();
  }
}
