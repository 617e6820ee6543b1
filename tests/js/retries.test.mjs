// Retries, timeouts and aborts, against real sockets. Backoff delays are recorded and skipped
// (see recordPackageTimers), so every assertion is about what was scheduled, not how long it took.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { afterEach, beforeEach, test } from "node:test";

import { CHECKPOINT, pkg, recordPackageTimers, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const { createCheckpointPermissions } = pkg;
const create = (options) => createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_a"] }, api.options(options));
const failure = (status, headers = {}) => ({ status, headers });

let timers;
beforeEach(() => {
  timers = recordPackageTimers();
});
afterEach(() => timers.restore());

test("a 500 then success: retried once after the first backoff step, and resolves", async () => {
  api.emulator.inject(failure(500));
  const page = await create();
  assert.equal(page.data.length, 1);
  assert.equal(api.emulator.requests.length, 2);
  assert.equal(timers.sleeps.length, 1);
  assert.ok(timers.sleeps[0] >= 375 && timers.sleeps[0] <= 500, `${timers.sleeps[0]} within 0.5 s minus 25 % jitter`);
  assert.equal(api.emulator.state.get(CHECKPOINT).length, 1, "nothing duplicated");
});

test("retries exhausted: 1 + maxRetries attempts, doubling backoff, then the last error", async () => {
  api.emulator.inject({ ...failure(503), times: 5 });
  const thrown = await api.rejection(create({ maxRetries: 3 }));
  assert.ok(thrown instanceof pkg.InternalServerError);
  assert.equal(api.emulator.requests.length, 4);
  assert.equal(thrown.requestID, api.emulator.requests[3].requestId, "the error is the last attempt's");
  const steps = [500, 1000, 2000];
  assert.equal(timers.sleeps.length, 3);
  timers.sleeps.forEach((ms, i) => assert.ok(ms <= steps[i] && ms >= steps[i] * 0.75, `${ms} for step ${steps[i]}`));
});

test("onRetry is told of each retry before its wait: attempt n of m, the wait, the status; what it throws is ignored", async () => {
  api.emulator.inject({ ...failure(503), times: 2 });
  api.emulator.inject({ reset: "before-headers" });
  const told = [];
  const page = await create({ maxRetries: 3, onRetry: (retry) => { told.push(retry); throw new Error("a broken progress view"); } });
  assert.equal(page.data.length, 1, "the call went on");
  assert.deepEqual(told.map(({ attempt, maxAttempts, status }) => [attempt, maxAttempts, status]), [[2, 4, 503], [3, 4, 503], [4, 4, null]]);
  assert.deepEqual(told.map((retry) => retry.delayMs), timers.sleeps, "the wait announced is the wait taken");
  assert.match(told[0].message, /^503 /);
  assert.match(told[2].message, /^Connection error: /);
});

test("each retryable status is retried: 408, 409, 429, 5xx; others are not", async () => {
  for (const status of [408, 409, 429, 500, 502, 504]) {
    api.emulator.reset();
    api.emulator.inject(failure(status));
    await create();
    assert.equal(api.emulator.requests.length, 2, `${status}`);
  }
  for (const status of [400, 401, 403, 404, 422]) {
    api.emulator.reset();
    api.emulator.inject(failure(status));
    await api.rejection(create());
    assert.equal(api.emulator.requests.length, 1, `${status}`);
  }
});

test("retry-after-ms is honoured", async () => {
  api.emulator.inject(failure(429, { "retry-after-ms": "1234" }));
  await create();
  assert.deepEqual(timers.sleeps, [1234]);
});

test("retry-after in seconds and as an HTTP date are honoured; over a minute or garbage falls back", async () => {
  api.emulator.inject(failure(429, { "retry-after": "3" }));
  await create();
  const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
  api.emulator.inject(failure(429, { "retry-after": inTenSeconds }));
  await create();
  api.emulator.inject(failure(429, { "retry-after": "3600" }));
  await create();
  api.emulator.inject(failure(429, { "retry-after": "soon", "retry-after-ms": "-5" }));
  await create();
  // Date.parse would read this as the year 2005: only text ending in GMT is taken for a date.
  api.emulator.inject(failure(429, { "retry-after": "+2005" }));
  await create();
  const [seconds, date, tooLong, garbage, notADate] = timers.sleeps;
  assert.equal(seconds, 3000);
  assert.ok(date > 8000 && date <= 10_000, `${date} ms until the date`);
  assert.ok(tooLong >= 375 && tooLong <= 500, `${tooLong}: backoff instead of an hour`);
  assert.ok(garbage >= 375 && garbage <= 500, `${garbage}: backoff instead of garbage`);
  assert.ok(notADate >= 375 && notADate <= 500, `${notADate}: backoff, not "now"`);
});

test("x-should-retry: false stops a retryable 500; true retries a 400", async () => {
  api.emulator.inject(failure(500, { "x-should-retry": "false" }));
  await api.rejection(create());
  assert.equal(api.emulator.requests.length, 1);
  api.emulator.reset();
  api.emulator.inject(failure(400, { "x-should-retry": "true" }));
  await create();
  assert.equal(api.emulator.requests.length, 2);
});

test("maxRetries: 0 makes exactly one attempt", async () => {
  api.emulator.inject({ ...failure(500), times: 3 });
  await api.rejection(create({ maxRetries: 0 }));
  assert.equal(api.emulator.requests.length, 1);
  assert.deepEqual(timers.sleeps, []);
});

test("a connection reset before the headers is a connection error, retried", async () => {
  api.emulator.inject({ reset: "before-headers", times: 3 });
  const thrown = await api.rejection(create({ maxRetries: 1 }));
  assert.ok(thrown instanceof pkg.APIConnectionError, thrown.name);
  assert.equal(api.emulator.requests.length, 2);
  assert.match(thrown.message, /^Connection error: .+ \(POST http:\/\/127\.0\.0\.1:\d+\/v1\/fine_tuning\/checkpoints\/.+\/permissions\)\.$/);
  api.emulator.reset();
  api.emulator.inject({ reset: "before-headers" });
  assert.equal((await create()).data.length, 1, "and the retry succeeds");
});

test("a connection cut in the middle of the body is a connection error", async () => {
  api.emulator.inject({ reset: "mid-body", times: 3 });
  const thrown = await api.rejection(create({ maxRetries: 0 }));
  assert.ok(thrown instanceof pkg.APIConnectionError, thrown.name);
  assert.ok(!(thrown instanceof pkg.APIConnectionTimeoutError));
});

test("connection refused is a connection error", async () => {
  const port = await closedPort();
  const thrown = await api.rejection(create({ baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 1 }));
  assert.ok(thrown instanceof pkg.APIConnectionError);
  assert.match(thrown.message, /ECONNREFUSED/);
  assert.equal(timers.sleeps.length, 1, "retried once");
});

test("slow headers past the timeout: APIConnectionTimeoutError, after retrying", async () => {
  timers.restore(); // a real per-attempt timeout
  api.emulator.inject({ delayHeadersMs: 1000, times: 2 });
  const thrown = await api.rejection(create({ timeout: 100, maxRetries: 1 }));
  assert.ok(thrown instanceof pkg.APIConnectionTimeoutError, thrown.name);
  assert.match(thrown.message, /^Request timed out after 100 ms \(POST /);
  assert.equal(api.emulator.requests.length, 2);
});

test("a slow body past the timeout is a timeout too", async () => {
  timers.restore();
  api.emulator.inject({ delayBodyMs: 1000 });
  const thrown = await api.rejection(create({ timeout: 150, maxRetries: 0 }));
  assert.ok(thrown instanceof pkg.APIConnectionTimeoutError, thrown.name);
});

test("an already aborted signal: APIUserAbortError and no request", async () => {
  const thrown = await api.rejection(create({ signal: AbortSignal.abort() }));
  assert.ok(thrown instanceof pkg.APIUserAbortError);
  assert.equal(thrown.message, "Request was aborted.");
  assert.equal(api.emulator.requests.length, 0);
});

test("aborting during a request ends the call at once, without retrying", async () => {
  api.emulator.inject({ delayHeadersMs: 1000 });
  const controller = new AbortController();
  const call = create({ signal: controller.signal });
  await waitFor(() => api.emulator.requests.length === 1);
  controller.abort();
  const thrown = await api.rejection(call);
  assert.ok(thrown instanceof pkg.APIUserAbortError, thrown.name);
  assert.equal(api.emulator.requests.length, 1);
});

test("aborting during a backoff sleep ends the call at once", async () => {
  timers.restore(); // the sleep must really be pending when the abort comes
  api.emulator.inject(failure(500, { "retry-after-ms": "30000" }));
  const controller = new AbortController();
  const started = Date.now();
  const call = create({ signal: controller.signal });
  await waitFor(() => api.emulator.requests.length === 1);
  setTimeout(() => controller.abort(), 20);
  const thrown = await api.rejection(call);
  assert.ok(thrown instanceof pkg.APIUserAbortError, thrown.name);
  assert.ok(Date.now() - started < 10_000, "did not sit out the 30 s backoff");
  assert.equal(api.emulator.requests.length, 1);
});

test("every attempt gets its own timer, and no timer outlives the call", async () => {
  api.emulator.inject({ ...failure(500), times: 2 });
  await create();
  assert.equal(timers.attemptTimers, 3);
  assert.equal(timers.sleeps.length, 2);
  assert.equal(timers.pending.size, 0, "every timer the package set was cleared");
  api.emulator.inject({ reset: "before-headers" });
  await api.rejection(create({ maxRetries: 0 }));
  const controller = new AbortController();
  controller.abort();
  await api.rejection(create({ signal: controller.signal }));
  assert.equal(timers.pending.size, 0, "also after failures and aborts");
});

async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(condition, ms = 2000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
