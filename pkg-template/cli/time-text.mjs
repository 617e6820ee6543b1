// When something happened, as a person reads it: the exact minute in UTC, which is the same for
// every reader and every log, and how long ago, which is what they usually want to know.

const UNITS = [
  // [seconds in one, name, used below this many seconds]
  [60, "minute", 3_600],
  [3_600, "hour", 86_400],
  [86_400, "day", 60 * 86_400],
  [30 * 86_400, "month", 365 * 86_400],
  [365 * 86_400, "year", Infinity],
];

/** "2026-11-28 14:03 UTC" for Unix seconds. */
export function utcMinute(seconds) {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "2 days ago", "just now", "in 3 minutes" (a clock ahead of this machine's), rounded down. */
export function relativeTime(seconds, nowSeconds) {
  const elapsed = nowSeconds - seconds;
  const distance = Math.abs(elapsed);
  if (distance < 60) return "just now";
  const [size, name] = UNITS.find(([, , below]) => distance < below);
  const count = Math.floor(distance / size);
  const amount = `${count} ${name}${count === 1 ? "" : "s"}`;
  return elapsed > 0 ? `${amount} ago` : `in ${amount}`;
}

/** "2026-11-28 14:03 UTC (2 days ago)" */
export function whenText(seconds, nowSeconds) {
  return `${utcMinute(seconds)} (${relativeTime(seconds, nowSeconds)})`;
}
