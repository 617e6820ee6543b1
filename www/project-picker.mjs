// The project picker: a search box over the organization's active projects, by name or by any
// part of the id ("weat" offers "Weather forecasts — proj_ab…"). Choosing one hands its id to the
// panel, which adds it to its field; pasting ids into the field itself works as before. An ARIA
// combobox: arrows move through the offers, Enter chooses, Escape closes. Without the
// organization's projects there is nothing to search, and the picker is not shown.

import { code, element } from "./dom.mjs";
import { currentDirectory, directoryPhase } from "./projects-directory.mjs";
import { parseProjectIds, withProjectId } from "./project-ids.mjs";
import { noMatchText, searchProjects } from "./project-search.mjs";
import { events } from "./session.mjs";

/**
 * A picker over a field that holds a list of project ids (grant's, sync's): a chosen project's id
 * is added to the list, and ids already listed are marked. Returns `setList(text)`, which replaces
 * the list as typing would, so the field's checks and the names under it follow.
 */
export function attachIdListPicker(field, { input, listbox }) {
  const setList = (text) => {
    field.value = text;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  };
  attachPicker({
    input,
    listbox,
    listed: () => new Set(parseProjectIds(field.value)),
    onChoose: (projectId) => setList(withProjectId(field.value, projectId)),
  });
  return setList;
}

/**
 * Makes `input` a picker whose offers go in `listbox`. `listed()` is the Set of ids the panel's
 * field holds already (marked, not offered twice); `onChoose(id)` adds one. The element with
 * `data-picker-field` around the input is hidden while the projects cannot be read.
 */
export function attachPicker({ input, listbox, listed, onChoose }) {
  const field = input.closest("[data-picker-field]");
  let offers = [];
  let active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  listbox.setAttribute("role", "listbox");
  listbox.hidden = true;

  const close = () => {
    offers = [];
    active = -1;
    listbox.hidden = true;
    listbox.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };

  const show = () => {
    const query = input.value;
    if (query.trim() === "") {
      close();
      return;
    }
    const { matches, more } = searchProjects(currentDirectory(), query, { listed: listed() });
    offers = matches;
    active = offers.findIndex((offer) => !offer.listed);
    listbox.replaceChildren(...offers.map(optionElement));
    if (offers.length === 0) listbox.append(note(noMatchText(currentDirectory(), query)));
    else if (more > 0) listbox.append(note(`${more} more: keep typing to narrow them down.`));
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight();
  };

  function optionElement(offer, index) {
    const option = element("li", `picker-option${offer.listed ? " is-listed" : ""}`);
    option.id = `${listbox.id}-${index}`;
    option.setAttribute("role", "option");
    option.dataset.projectId = offer.id;
    if (offer.name) option.append(element("span", "project-name", offer.name), " — ");
    option.append(code(offer.id));
    if (offer.listed) {
      option.append(" ", element("span", "muted", "already in the list"));
      option.setAttribute("aria-disabled", "true");
    }
    // mousedown would move the focus out of the box and close it before the click lands.
    option.addEventListener("mousedown", (event) => event.preventDefault());
    option.addEventListener("click", () => choose(index));
    return option;
  }

  function note(text) {
    const item = element("li", "picker-note", text);
    item.setAttribute("role", "presentation");
    return item;
  }

  function highlight() {
    for (const [index, option] of [...listbox.querySelectorAll("[role=option]")].entries()) {
      option.setAttribute("aria-selected", String(index === active));
      if (index === active) option.scrollIntoView({ block: "nearest" });
    }
    if (active >= 0) input.setAttribute("aria-activedescendant", `${listbox.id}-${active}`);
    else input.removeAttribute("aria-activedescendant");
  }

  function move(step) {
    if (offers.length === 0) return;
    active = (active + step + offers.length) % offers.length;
    highlight();
  }

  function choose(index) {
    const offer = offers[index];
    if (!offer || offer.listed) return;
    onChoose(offer.id);
    input.value = "";
    close();
    input.focus();
  }

  input.addEventListener("input", show);
  input.addEventListener("focus", show);
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (listbox.hidden) show();
      else move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      // Never the form's submit: Enter in the search box picks, it does not grant.
      event.preventDefault();
      if (active >= 0) choose(active);
    } else if (event.key === "Escape" && !listbox.hidden) {
      event.preventDefault();
      close();
    }
  });

  const follow = () => {
    const phase = directoryPhase();
    if (field) field.hidden = phase === "unreadable";
    input.disabled = phase !== "ready";
    input.placeholder = phase === "ready" ? "Type part of a name or id" : "Reading the organization's projects…";
    if (document.activeElement === input) show();
    else close();
  };
  events.addEventListener("projects", follow);
  follow();
}
