// Issue 19: how long ago a grant or revoke happened, as the History panel and the permissions
// table say it (www/relative-time.mjs): whole units rounded down, "just now" within clock skew.
import assert from "node:assert/strict";
import { test } from "node:test";

import { relativeTime as cliRelativeTime } from "../../pkg/cli/time-text.mjs";
import { relativeTime } from "../../www/relative-time.mjs";

test("the console and the CLI say it with one function", () => {
  assert.equal(relativeTime, cliRelativeTime);
});

const NOW = 1_764_500_000;
const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;

test("the past in whole units, rounded down", () => {
  const cases = [
    [0, "just now"],
    [44, "just now"],
    [45, "1 minute ago"],
    [2 * MINUTE + 59, "2 minutes ago"],
    [59 * MINUTE, "59 minutes ago"],
    [HOUR, "1 hour ago"],
    [23 * HOUR + 59 * MINUTE, "23 hours ago"],
    [DAY, "1 day ago"],
    [3 * DAY + 20 * HOUR, "3 days ago"],
    [7 * DAY, "1 week ago"],
    [29 * DAY, "4 weeks ago"],
    [45 * DAY, "1 month ago"],
    [200 * DAY, "6 months ago"],
    [365 * DAY, "1 year ago"],
    [800 * DAY, "2 years ago"],
  ];
  for (const [ago, words] of cases) assert.equal(relativeTime(NOW - ago, NOW), words, `${ago} s ago`);
});

test("a time ahead of the browser's clock: just now within the skew, then 'in …'", () => {
  assert.equal(relativeTime(NOW + 30, NOW), "just now");
  assert.equal(relativeTime(NOW + 2 * HOUR, NOW), "in 2 hours");
});

test("what is no time gives no words", () => {
  assert.equal(relativeTime(Number.NaN, NOW), "");
  assert.equal(relativeTime(undefined, NOW), "");
});
