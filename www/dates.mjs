// Permission dates as the table shows them: the local date and "3 min ago", kept current.

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });

function relativeTime(date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  for (const [unit, size] of [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]]) {
    if (abs >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(Math.round(seconds / 60), "minute");
}

/** Unix seconds → a <time> element: local date and "3 min ago". */
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
  relative.textContent = relativeTime(date);
  element.append(dateFormat.format(date), relative);
  return element;
}

export function refreshRelativeTimes() {
  for (const span of document.querySelectorAll(".relative[data-unix]")) {
    span.textContent = relativeTime(new Date(Number(span.dataset.unix) * 1000));
  }
}
