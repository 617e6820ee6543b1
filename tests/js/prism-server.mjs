// Prism for the conformance tests (prism.test.mjs, prism-organization.test.mjs): one `prism mock`
// process per spec and mode on 127.0.0.1, started and stopped within bounded waits, and the checks
// both files make of what the package sent and of what it gave back.
//
// Prism 5 serves one document per process (`prism mock <document>`), so each spec gets its own
// process, and each mode too: static and dynamic answers are a start-up flag.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { after, before } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

import { validateComponent } from "../contract/schema.mjs";
import { KEY } from "./helpers.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOOLS = process.env.TEST_TOOLS || join(ROOT, "tests/tools/node_modules");
const PRISM = join(TOOLS, ".bin/prism");
const HOST = "127.0.0.1";

export const SPECS = {
  checkpointPermissions: join(ROOT, "tests/contract/checkpoint-permissions.openapi.yaml"),
  organization: join(ROOT, "tests/contract/organization-projects-audit-logs.openapi.yaml"),
};

/** Prism starts in a few seconds; a minute covers a loaded 2-core machine, and no more is waited. */
const STARTUP_LIMIT_MS = 60_000;
const STOP_LIMIT_MS = 5_000;
/** One exchange with Prism takes milliseconds; this only keeps a stuck one from hanging the file. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** In dynamic mode has_more is random, so a walk is cut here whatever Prism says. */
export const LIST_ALL_LIMIT = 25;

export const MODES = [
  // Static answers are always the same, so one round says all there is.
  { name: "static", args: [], rounds: 1, answersAlike: true },
  // Dynamic answers differ each time: repeat each call to meet more of what the spec allows.
  { name: "dynamic (-d)", args: ["-d"], rounds: 20, answersAlike: false },
];

/** The spec as Prism reads it: @stoplight/yaml is Prism's own parser, locked in tests/tools through prism-cli. */
export function readSpec(path) {
  const yaml = createRequire(join(TOOLS, "noop.js"))("@stoplight/yaml");
  return yaml.parse(readFileSync(path, "utf8"));
}

/**
 * Prism serving `spec` in `mode` for the enclosing describe block: started before its tests,
 * stopped after them. The handle's members are there once `before` has run.
 */
export function usePrism(spec, mode) {
  const handle = {};
  before(async () => {
    Object.assign(handle, await startPrism(spec, mode.args));
  });
  after(() => handle.stop?.());

  /**
   * Options for the package, with a fetch that keeps every exchange: what was sent, what came
   * back. A call that sends more than `maxRequests` requests fails with the last ones in its
   * message, so that no loop can run on.
   */
  // `reshape(url, body)`, when given, returns the body the package gets instead of Prism's: for a
  // test that needs Prism's random answer to hold one value it cannot ask for. The exchange keeps
  // what the package got.
  handle.recorded = ({ maxRequests = LIST_ALL_LIMIT * 4, reshape } = {}) => {
    const exchanges = [];
    const fetchAndKeep = async (input, init) => {
      if (exchanges.length >= maxRequests) {
        throw new Error(`more than ${maxRequests} requests; the last: ${exchanges.slice(-3).map((exchange) => exchange.url.href).join(" ")}`);
      }
      const url = new URL(input);
      let response = await fetch(input, init);
      if (reshape && response.ok) {
        response = new Response(reshape(url, await response.text()), { status: response.status, headers: response.headers });
      }
      exchanges.push({ method: init.method, url, status: response.status, body: await response.clone().text() });
      return response;
    };
    const options = { apiKey: KEY, baseURL: handle.baseURL, fetch: fetchAndKeep, maxRetries: 0, timeout: REQUEST_TIMEOUT_MS };
    return { exchanges, options };
  };

  /** Awaits a call; if it rejects, the failure shows what Prism last answered and logged. */
  handle.settled = async (promise, exchanges) => {
    try {
      return await promise;
    } catch (error) {
      const last = exchanges.at(-1);
      assert.fail(`${error?.name}: ${error?.message}\nPrism's last answer: ${last?.status} ${last?.body}\nPrism's log, its end:\n${handle.log().slice(-4000)}`);
    }
  };

  /** A request of our own (`init` as fetch takes it, headers and all), bounded in time. */
  handle.send = async (pathAndQuery, init = {}) => {
    const response = await fetch(`${handle.baseURL}${pathAndQuery}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  return handle;
}

/** A port nobody listens on right now: the system picks one for a listener that is closed at once. */
async function freePort() {
  const server = createServer();
  server.listen(0, HOST);
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

/** Starts `prism mock spec` on a free port of 127.0.0.1 and resolves once it accepts connections. */
export async function startPrism(spec, modeArgs) {
  const port = await freePort();
  const child = spawn(process.execPath, [PRISM, "mock", spec, "--host", HOST, "--port", String(port), ...modeArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Kept for failure messages; only the end matters, so it is capped.
  let output = "";
  const keep = (chunk) => (output = (output + chunk).slice(-20_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = once(child, "exit");
  const running = () => child.exitCode === null && child.signalCode === null;

  const stop = async () => {
    if (!running()) return;
    child.kill("SIGTERM");
    if (await Promise.race([exited.then(() => true), sleep(STOP_LIMIT_MS, false)])) return;
    child.kill("SIGKILL");
    await Promise.race([exited, sleep(STOP_LIMIT_MS)]);
  };

  const deadline = Date.now() + STARTUP_LIMIT_MS;
  try {
    for (;;) {
      if (!running()) throw new Error(`Prism exited with ${child.exitCode ?? child.signalCode} before listening:\n${output}`);
      if (await accepts(port)) break;
      if (Date.now() > deadline) throw new Error(`Prism did not listen on port ${port} within ${STARTUP_LIMIT_MS} ms:\n${output}`);
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL: `http://${HOST}:${port}`, log: () => output, stop };
}

/** Whether a TCP connection to the port succeeds (within a second). */
function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

// ---------------------------------------------------------------- assertions

/**
 * A query as `{ name: [values, in order] }`, from a URL or from `{ name: value or [values] }`
 * (numbers and booleans as they go on the wire): repeated names (`event_types[]`) keep each
 * value, and the order of different names does not matter.
 */
export function queryOf(source) {
  const query = {};
  const entries = source instanceof URL ? source.searchParams : Object.entries(source).flatMap(([name, value]) => [value].flat().map((one) => [name, one]));
  for (const [name, value] of entries) (query[name] ??= []).push(String(value));
  return query;
}

/** The request went where the spec says, with exactly these query parameters. */
export function assertRequest(exchange, method, decodedPath, query = {}) {
  assert.equal(exchange.method, method);
  assert.equal(decodeURIComponent(exchange.url.pathname), decodedPath);
  assert.deepEqual(queryOf(exchange.url), queryOf(query), exchange.url.search);
}

/**
 * Prism answered 200 (it found nothing wrong with the request), its answer fits the spec, and the
 * package handed it over unchanged: every field, the unknown ones too.
 */
export function assertAnswerIsPrisms(value, exchange, schemaName) {
  assert.equal(exchange.status, 200, exchange.body);
  const sent = JSON.parse(exchange.body);
  assert.deepEqual(validateComponent(sent, schemaName), [], `Prism's own answer should fit the spec: ${exchange.body}`);
  assert.deepEqual(validateComponent(value, schemaName), [], JSON.stringify(value));
  assert.deepEqual(JSON.parse(JSON.stringify(value)), sent);
}

/**
 * A walk: each page spec-valid (`page` schema) and asked for at `path` with the caller's `query`,
 * each next one after the previous page's cursor (last_id, else its last item's id); the items
 * are the pages' items in order, each valid for `item`; and the walk stopped only where it had
 * to: at the cut (`LIST_ALL_LIMIT` items), or on a page that says there is no more, is empty, or
 * repeats a cursor. `items` is `null` for a walk the package makes inside a call (no cut): then
 * only the requests are checked. Returns the pages.
 */
export function assertWalk(exchanges, items, { path, query, page, item }) {
  assert.ok(exchanges.length >= 1 && exchanges.length <= LIST_ALL_LIMIT, `${exchanges.length} requests`);
  const pages = exchanges.map((exchange) => JSON.parse(exchange.body));
  const cursors = query.after === undefined ? [] : [query.after];
  exchanges.forEach((exchange, index) => {
    assert.equal(exchange.status, 200, exchange.body);
    assert.deepEqual(validateComponent(pages[index], page), [], exchange.body);
    const expectedQuery = { ...query };
    if (index > 0) {
      const previous = pages[index - 1];
      const cursor = previous.last_id ?? previous.data.at(-1)?.id;
      assert.ok(previous.has_more && previous.data.length > 0 && !cursors.includes(cursor), `page ${index} should not have been asked for`);
      expectedQuery.after = cursor;
      cursors.push(cursor);
    }
    assertRequest(exchange, "GET", path, expectedQuery);
  });

  const all = pages.flatMap((one) => one.data);
  const cut = items !== null && items.length === LIST_ALL_LIMIT;
  if (items !== null) {
    assert.deepEqual(items.map((one) => JSON.parse(JSON.stringify(one))), all.slice(0, items.length));
    for (const one of items) assert.deepEqual(validateComponent(one, item), [], JSON.stringify(one));
  }
  const last = pages.at(-1);
  if (cut) {
    assert.ok(all.length - last.data.length < LIST_ALL_LIMIT, "no page was asked for beyond the cut");
  } else {
    if (items !== null) assert.equal(items.length, all.length);
    const cursor = last.last_id ?? last.data.at(-1)?.id;
    assert.ok(!last.has_more || last.data.length === 0 || cursor === undefined || cursors.includes(cursor), `the walk stopped early: ${JSON.stringify(last)}`);
  }
  return pages;
}

/** What a walk met, for whoever reads the log: random answers differ from run to run. */
export function walkStats() {
  const met = { walks: 0, longerThanOnePage: 0, cut: 0, nullLastIdFollowed: 0 };
  met.add = (pages, items) => {
    met.walks += 1;
    met.longerThanOnePage += pages.length > 1 ? 1 : 0;
    met.cut += items.length === LIST_ALL_LIMIT ? 1 : 0;
    met.nullLastIdFollowed += pages.slice(0, -1).filter((page) => page.last_id === null).length;
  };
  return met;
}
