// "3 days ago": how long ago something happened, in words, for the permissions table and the
// history. No DOM and no clock of its own (the caller passes now), so Node tests it
// (tests/js/relative-time.test.mjs). Whole units, rounded down: an event 3 days and 20 hours old
// is "3 days ago", never "4 days ago", which would put it before the day it happened.

import { plural } from "./words.mjs";

const UNITS = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** Below this many seconds either way, "just now": clocks of the browser and the API differ by that much. */
const JUST_NOW_SECONDS = 45;

/** Unix seconds `then`, seen at `now` → "just now", "1 minute ago", "3 days ago", "in 2 hours". */
export function relativeTime(then, now) {
  const seconds = now - then;
  if (!Number.isFinite(seconds)) return "";
  const distance = Math.abs(seconds);
  if (distance < JUST_NOW_SECONDS) return "just now";
  const [unit, size] = UNITS.find(([, size]) => distance >= size) ?? ["minute", 60];
  const amount = plural(Math.max(1, Math.floor(distance / size)), unit);
  return seconds >= 0 ? `${amount} ago` : `in ${amount}`;
}
