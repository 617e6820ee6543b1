// Dates as the page shows them: the local date and time, and how long ago ("3 days ago", worded
// by relative-time.mjs), kept current.

import { relativeTime } from "./relative-time.mjs";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const nowSeconds = () => Date.now() / 1000;

/** Unix seconds → the local date and time, "Nov 27, 2025, 9:06 PM"; the number itself if it is no date. */
export function exactTime(unixSeconds) {
  const date = new Date(unixSeconds * 1000);
  return Number.isFinite(date.getTime()) ? dateFormat.format(date) : String(unixSeconds);
}

/** Unix seconds → a <time> element: the local date and time, then "3 minutes ago". */
export function timeElement(unixSeconds) {
  const element = document.createElement("time");
  const date = new Date(unixSeconds * 1000);
  if (!Number.isFinite(date.getTime())) {
    element.textContent = String(unixSeconds);
    return element;
  }
  element.dateTime = date.toISOString();
  element.title = date.toISOString();
  const relative = document.createElement("span");
  relative.className = "relative";
  relative.dataset.unix = String(unixSeconds);
  relative.textContent = relativeTime(unixSeconds, nowSeconds());
  element.append(exactTime(unixSeconds), relative);
  return element;
}

export function refreshRelativeTimes() {
  for (const span of document.querySelectorAll(".relative[data-unix]")) {
    span.textContent = relativeTime(Number(span.dataset.unix), nowSeconds());
  }
}
