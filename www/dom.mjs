// Small DOM helpers every panel uses: building elements, marking a field's problem, id lists.

export const $ = (id) => document.getElementById(id);

export function element(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

export const code = (text) => element("code", "", text);

/** A button with the spinner every action button has. */
export function actionButton(label, { id, className = "button" } = {}) {
  const button = element("button", className, element("span", "spinner"), element("span", "button-label", label));
  button.type = "button";
  if (id) button.id = id;
  button.querySelector(".spinner").setAttribute("aria-hidden", "true");
  return button;
}

/** Shows a problem under a field (its `<id>-error` element) and marks the field invalid. */
export function showFieldError(input, content) {
  const slot = $(`${input.id}-error`);
  slot.replaceChildren(...[content].flat());
  slot.hidden = false;
  input.setAttribute("aria-invalid", "true");
}

export function clearFieldError(input) {
  const slot = $(`${input.id}-error`);
  slot.replaceChildren();
  slot.hidden = true;
  input.removeAttribute("aria-invalid");
}

export function submitOnCtrlEnter(textarea, form) {
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

/** Runs `work` once input pauses for `ms`; `cancel` drops a pending run. */
export function debounce(work, ms) {
  let timer;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => work(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}
