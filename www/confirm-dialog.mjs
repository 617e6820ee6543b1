// The one confirmation every write goes through: a modal <dialog> showing exactly what will be
// written. Cancel has the focus first, and Escape cancels.

import { $ } from "./dom.mjs";

let queue = Promise.resolve();

/**
 * Resolves true when the admin confirms. `tone` colours the confirm button: "danger" for
 * revokes, "primary" otherwise. Calls made while a dialog is open wait for it to close.
 */
export function confirmDialog(options) {
  const shown = queue.then(() => open(options));
  queue = shown.catch(() => {});
  return shown;
}

function open({ title, body, confirmLabel, tone = "danger" }) {
  const dialog = $("confirm-dialog");
  $("confirm-title").textContent = title;
  $("confirm-body").replaceChildren(...body);
  const ok = $("confirm-ok");
  ok.textContent = confirmLabel;
  ok.className = `button ${tone === "primary" ? "button-primary" : "button-danger"}`;
  dialog.returnValue = "";
  const opener = document.activeElement;
  dialog.showModal();
  $("confirm-cancel").focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      if (opener instanceof HTMLElement && opener.isConnected && !opener.disabled) opener.focus();
      resolve(dialog.returnValue === "ok");
    }, { once: true });
  });
}
