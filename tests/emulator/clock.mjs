// Time in the emulator: whole Unix seconds, as every timestamp of the API is, from a clock a
// test may replace (startEmulator({ now })) to make permissions, projects and audit log events
// at the times it chooses.

/** Throws TypeError unless `value` is whole, non-negative Unix seconds. */
export function checkSeconds(value, what) {
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${what} must be whole Unix seconds, got ${JSON.stringify(value)}`);
}

/** `now` (a function giving Unix seconds; the system clock by default), checked at each reading. */
export function secondsClock(now = () => Math.floor(Date.now() / 1000)) {
  if (typeof now !== "function") throw new TypeError("now must be a function returning Unix seconds");
  return () => {
    const seconds = now();
    checkSeconds(seconds, "now()");
    return seconds;
  };
}
