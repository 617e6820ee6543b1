// When something happened, as a person reads it: the exact minute in UTC, which is the same for
// every reader and every log, and how long ago, which is what they usually want to know.

const UNITS = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** Below this many seconds either way, "just now": the clocks of this machine and the API differ by that much. */
const JUST_NOW_SECONDS = 45;

/** "2026-11-28 14:03 UTC" for Unix seconds. */
export function utcMinute(seconds) {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * Unix seconds `then`, seen at `now` → "just now", "1 minute ago", "3 days ago", "in 2 hours" (a
 * clock ahead of this one). Whole units, rounded down: an event 3 days and 20 hours old is "3 days
 * ago", never "4 days ago", which would put it before the day it happened. The console's History
 * and table say it with this same function (www/relative-time.mjs).
 */
export function relativeTime(then, now) {
  const seconds = now - then;
  if (!Number.isFinite(seconds)) return "";
  const distance = Math.abs(seconds);
  if (distance < JUST_NOW_SECONDS) return "just now";
  const [unit, size] = UNITS.find(([, size]) => distance >= size) ?? ["minute", 60];
  const count = Math.max(1, Math.floor(distance / size));
  const amount = `${count} ${unit}${count === 1 ? "" : "s"}`;
  return seconds >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** "2026-11-28 14:03 UTC (2 days ago)" */
export function whenText(seconds, nowSeconds) {
  return `${utcMinute(seconds)} (${relativeTime(seconds, nowSeconds)})`;
}
