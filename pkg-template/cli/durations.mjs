// What `history --since` takes: how far back to look, or from when.
//   30d, 12h, 90m, 2w        that long before now (minutes, hours, days, weeks)
//   2026-11-01               from that day's start, midnight UTC
//   2026-11-01T14:00Z        from that moment; a time needs its zone (Z or ±HH:MM), since the
//                            machine's own zone (a CI runner's is UTC) would change its meaning
// Months and years are left out: their length varies, and "30d" says exactly what it means.

const SECONDS_PER_UNIT = { m: 60, h: 3_600, d: 86_400, w: 604_800 };
const DURATION = /^(\d{1,7})([mhdw])$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;

/** A --since value that cannot be read; the message says what would be. */
export class SinceError extends Error {
  name = "SinceError";
}

const EXPECTED = "a duration (30d, 12h, 90m, 2w) or a date (2026-11-01, or 2026-11-01T14:00Z)";

/**
 * Reads a --since value. Returns `{ secondsBefore }` for a duration (resolved against the clock
 * when the command runs) or `{ at }` (Unix seconds) for a date. Throws SinceError.
 */
export function parseSince(text) {
  const duration = DURATION.exec(text);
  if (duration) {
    const amount = Number(duration[1]);
    if (amount === 0) throw new SinceError(`--since ${text}: a duration must be more than zero`);
    return { secondsBefore: amount * SECONDS_PER_UNIT[duration[2]] };
  }
  const date = DATE.exec(text);
  if (date) return { at: checkedInstant(text, date.slice(1, 4).map(Number), [0, 0, 0], "Z") };
  const dateTime = DATE_TIME.exec(text);
  if (dateTime) {
    const [year, month, day, hour, minute, second = "0"] = dateTime.slice(1, 7);
    return { at: checkedInstant(text, [year, month, day].map(Number), [hour, minute, second].map(Number), dateTime[7]) };
  }
  throw new SinceError(`--since ${text}: expected ${EXPECTED}`);
}

/** The Unix seconds a parsed --since stands for, now being `nowSeconds`; never before 1970. */
export function sinceSeconds(since, nowSeconds) {
  return "at" in since ? since.at : Math.max(0, nowSeconds - since.secondsBefore);
}

/** Unix seconds of a date and time in a zone, refusing what the calendar has not (2026-02-30, 24:00). */
function checkedInstant(text, [year, month, day], [hour, minute, second], zone) {
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const asWritten = new Date(utc);
  const real = asWritten.getUTCFullYear() === year && asWritten.getUTCMonth() === month - 1 && asWritten.getUTCDate() === day
    && asWritten.getUTCHours() === hour && asWritten.getUTCMinutes() === minute && asWritten.getUTCSeconds() === second;
  const offsetMinutes = zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  if (!real || Math.abs(offsetMinutes) > 18 * 60) throw new SinceError(`--since ${text}: not a real date and time`);
  const seconds = utc / 1000 - offsetMinutes * 60;
  if (seconds < 0) throw new SinceError(`--since ${text}: the audit log starts long after 1970`);
  return seconds;
}
