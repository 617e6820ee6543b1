// One conformance suite for every runtime the package claims: Node, Deno, Bun, workerd, a browser
// page and a Web Worker. Plain ES module: no `node:` imports, only fetch, AbortController and
// timers, so the same file runs everywhere. Every wait is bounded.
//
//   runConformance(pkg, { baseURL, apiKey, control }) → [{ name, ok, detail }]
//
// `pkg` is the package's namespace (any entry), `baseURL` the emulator's /v1 URL, `apiKey` its
// admin key, `control` the emulator's HTTP control URL (…/__emulator).

export const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const PROJECT = "proj_conformance_0001";
const CONTROL_TIMEOUT_MS = 5_000;

class CheckFailed extends Error {}
function expect(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

/** The emulator's HTTP controls, each with its own time bound. */
function controls(control) {
  const call = async (method, path, body) => {
    const response = await fetch(`${control}/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator control ${path}: ${response.status} ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };
  return {
    reset: () => call("POST", "reset"),
    inject: (fault) => call("POST", "inject", fault),
    requests: () => call("GET", "requests"),
  };
}

/** Settles a promise into { value } or { error }, failing if it takes longer than `ms`. */
async function settle(promise, ms = 10_000) {
  let timer;
  const limit = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ stuck: true }), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error) => ({ error })), limit]);
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error) {
  return error ? `${error.name ?? typeof error}: ${String(error.message ?? error).slice(0, 300)}` : String(error);
}

function expectRejection(outcome, what) {
  expect(!outcome.stuck, `${what}: the call neither resolved nor rejected in time`);
  expect("error" in outcome, `${what}: expected a rejection, got ${JSON.stringify(outcome.value)?.slice(0, 200)}`);
  return outcome.error;
}

function expectValue(outcome, what) {
  expect(!outcome.stuck, `${what}: the call neither resolved nor rejected in time`);
  if ("error" in outcome) throw new CheckFailed(`${what}: rejected with ${describeError(outcome.error)}`);
  return outcome.value;
}

export async function runConformance(pkg, { baseURL, apiKey, control }) {
  const emulator = controls(control);
  // dangerouslyAllowBrowser: the test key goes to a local emulator, and pages/workers are runtimes
  // under test here. Every other runtime ignores the flag.
  const options = (extra = {}) => ({ apiKey, baseURL, timeout: 5_000, maxRetries: 0, dangerouslyAllowBrowser: true, ...extra });
  const checks = [];

  checks.push(["create, list and delete", async () => {
    const created = expectValue(await settle(pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: [PROJECT] }, options())), "create");
    expect(created.object === "list" && created.data?.length === 1, `create answer: ${JSON.stringify(created)}`);
    const permission = created.data[0];
    expect(permission.project_id === PROJECT && /^cp_/.test(permission.id), `created permission: ${JSON.stringify(permission)}`);
    expect(typeof created._request_id === "string" && created._request_id.startsWith("req_"), `create _request_id: ${created._request_id}`);

    const listed = expectValue(await settle(pkg.listCheckpointPermissions(CHECKPOINT, { limit: 10 }, options())), "list");
    expect(listed.data?.length === 1 && listed.data[0].id === permission.id, `list answer: ${JSON.stringify(listed)}`);

    const deleted = expectValue(await settle(pkg.deleteCheckpointPermission(CHECKPOINT, permission.id, options())), "delete");
    expect(deleted.deleted === true && deleted.id === permission.id, `delete answer: ${JSON.stringify(deleted)}`);

    const after = expectValue(await settle(pkg.listCheckpointPermissions(CHECKPOINT, {}, options())), "list after delete");
    expect(after.data?.length === 0, `list after delete: ${JSON.stringify(after)}`);
    const seen = (await emulator.requests()).map((r) => r.method).join(",");
    expect(seen === "POST,GET,DELETE,GET", `emulator saw ${seen}`);
    return `created, listed and deleted ${permission.id}`;
  }]);

  checks.push(["API error: class and fields", async () => {
    const error = expectRejection(await settle(pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: [PROJECT] }, options({ apiKey: "sk-fake-admin-wrong-key-000000000000" }))), "wrong key");
    expect(error instanceof pkg.AuthenticationError, `expected AuthenticationError, got ${describeError(error)}`);
    expect(error instanceof pkg.APIError && error instanceof Error, "not an instance of APIError and Error");
    expect(error.name === "AuthenticationError", `name: ${error.name}`);
    expect(error.status === 401, `status: ${error.status}`);
    expect(error.code === "invalid_api_key", `code: ${error.code}`);
    const [record] = await emulator.requests();
    expect(record && error.requestID === record.requestId, `requestID ${error.requestID} vs emulator ${record?.requestId}`);
    expect(error.headers?.["x-request-id"] === record.requestId, "headers lack x-request-id");
    return `401 AuthenticationError, requestID ${error.requestID}`;
  }]);

  checks.push(["retry then success", async () => {
    await emulator.inject({ status: 500, headers: { "retry-after-ms": "10" }, match: { method: "POST" }, times: 1 });
    const page = expectValue(await settle(pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: [PROJECT] }, options({ maxRetries: 2 }))), "create after a 500");
    expect(page.data?.[0]?.project_id === PROJECT, `answer: ${JSON.stringify(page)}`);
    const seen = await emulator.requests();
    expect(seen.length === 2 && seen.every((r) => r.method === "POST"), `emulator saw ${seen.length} requests`);
    expect(page._request_id === seen[1].requestId, "the answer's request id is not the retry's");
    return "one 500 (retry-after-ms: 10), then 200";
  }]);

  checks.push(["timeout", async () => {
    await emulator.inject({ delayHeadersMs: 3_000, times: 1 });
    const started = Date.now();
    const error = expectRejection(await settle(pkg.listCheckpointPermissions(CHECKPOINT, {}, options({ timeout: 200 }))), "slow answer");
    const elapsed = Date.now() - started;
    expect(error instanceof pkg.APIConnectionTimeoutError, `expected APIConnectionTimeoutError, got ${describeError(error)}`);
    expect(error instanceof pkg.APIConnectionError, "not an APIConnectionError");
    expect(elapsed < 2_500, `took ${elapsed} ms`);
    return `APIConnectionTimeoutError after ${elapsed} ms`;
  }]);

  checks.push(["abort", async () => {
    await emulator.inject({ delayHeadersMs: 3_000, times: 1 });
    const controller = new AbortController();
    const started = Date.now();
    const pending = pkg.listCheckpointPermissions(CHECKPOINT, {}, options({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    const error = expectRejection(await settle(pending), "aborted call");
    const elapsed = Date.now() - started;
    expect(error instanceof pkg.APIUserAbortError, `expected APIUserAbortError, got ${describeError(error)}`);
    expect(elapsed < 2_500, `took ${elapsed} ms`);
    return `APIUserAbortError after ${elapsed} ms`;
  }]);

  checks.push(["bad input: no request sent", async () => {
    const error = expectRejection(await settle(pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: [] }, options())), "empty project_ids");
    expect(error instanceof pkg.InvalidInputError, `expected InvalidInputError, got ${describeError(error)}`);
    expect(typeof error.field === "string" && error.field.includes("project_ids"), `field: ${error.field}`);
    const dot = expectRejection(await settle(pkg.listCheckpointPermissions("..", {}, options())), "checkpoint '..'");
    expect(dot instanceof pkg.InvalidInputError, `'..': expected InvalidInputError, got ${describeError(dot)}`);
    const seen = await emulator.requests();
    expect(seen.length === 0, `the emulator saw ${seen.length} request(s)`);
    return `InvalidInputError (field ${error.field}), zero requests`;
  }]);

  const results = [];
  for (const [name, check] of checks) {
    try {
      await emulator.reset();
      results.push({ name, ok: true, detail: await check() });
    } catch (error) {
      results.push({ name, ok: false, detail: error instanceof CheckFailed ? error.message : describeError(error) });
    }
  }
  return results;
}
