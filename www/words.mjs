// Wording shared by the page's modules: counts and quoted user text. No DOM, so Node tests it.

/** "1 project", "2 projects". */
export const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Text the admin typed, quoted so that blanks and control characters show. */
export const quoted = (text) => JSON.stringify(String(text));

/** A retry's wait as people read it: "0.4 s", "1 s", "12 s". */
export function seconds(ms) {
  const value = Math.max(0, ms) / 1000;
  return `${value < 10 ? Number(value.toFixed(1)) : Math.round(value)} s`;
}
