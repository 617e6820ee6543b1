// Conformance to OpenAI's published spec, not to our own emulator: Prism (pinned in tests/tools)
// serves tests/contract/checkpoint-permissions.openapi.yaml, validates every request against it
// and answers with what the spec allows. In static mode that is one fixed answer per route, in
// dynamic mode (-d) random schema-valid data: extra fields, null cursors, has_more either way.
// A green run means Prism accepted each request the package sent, and the package accepted,
// unchanged, each answer Prism made.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

import { openApiDocument, validateComponent } from "../contract/schema.mjs";
import { CHECKPOINT, KEY, pkg } from "./helpers.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOOLS = process.env.TEST_TOOLS || join(ROOT, "tests/tools/node_modules");
const PRISM = join(TOOLS, ".bin/prism");
const SPEC = join(ROOT, "tests/contract/checkpoint-permissions.openapi.yaml");
const HOST = "127.0.0.1";

const PROJECT = "proj_abGMw1llN8IrBb6SvvY5A1iH";
const PERMISSION = "cp_zc4Q7MP6XxulcVzj4MZdwsAB";
const PAGE = "ListFineTuningCheckpointPermissionResponse";
const PERMISSION_SCHEMA = "FineTuningCheckpointPermission";
const DELETION = "DeleteFineTuningCheckpointPermissionResponse";

/** Prism starts in a few seconds; a minute covers a loaded 2-core machine, and no more is waited. */
const STARTUP_LIMIT_MS = 60_000;
const STOP_LIMIT_MS = 5_000;
/** One exchange with Prism takes milliseconds; this only keeps a stuck one from hanging the file. */
const REQUEST_TIMEOUT_MS = 10_000;
/** In dynamic mode has_more is random, so a walk is cut here whatever Prism says. */
const LIST_ALL_LIMIT = 25;

const MODES = [
  // Static answers are always the same, so one round says all there is.
  { name: "static", args: [], rounds: 1, answersAlike: true },
  // Dynamic answers differ each time: repeat each call to meet more of what the spec allows.
  { name: "dynamic (-d)", args: ["-d"], rounds: 20, answersAlike: false },
];

test("the schemas Ajv checks against are the ones in the spec Prism serves", () => {
  // @stoplight/yaml is Prism's own YAML parser (locked in tests/tools through prism-cli), so this
  // reads the file as Prism does.
  const yaml = createRequire(join(TOOLS, "noop.js"))("@stoplight/yaml");
  const spec = yaml.parse(readFileSync(SPEC, "utf8"));
  for (const name of [PAGE, PERMISSION_SCHEMA, DELETION, "CreateFineTuningCheckpointPermissionRequest"]) {
    assert.deepEqual(openApiDocument.components.schemas[name], spec.components.schemas[name], name);
  }
  assert.deepEqual(Object.keys(spec.paths).sort(), [
    "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions",
    "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}",
  ]);
});

for (const mode of MODES) {
  describe(`Prism, ${mode.name} mode`, () => {
    let prism;
    before(async () => {
      prism = await startPrism(mode.args);
    });
    after(() => prism?.stop());

    /** Options for the package, with a fetch that keeps every exchange: what was sent, what came back. */
    const recorded = () => {
      const exchanges = [];
      const fetchAndKeep = async (input, init) => {
        const response = await fetch(input, init);
        exchanges.push({ method: init.method, url: new URL(input), status: response.status, body: await response.clone().text() });
        return response;
      };
      const options = { apiKey: KEY, baseURL: prism.baseURL, fetch: fetchAndKeep, maxRetries: 0, timeout: REQUEST_TIMEOUT_MS };
      return { exchanges, options };
    };

    /** Awaits a call; if it rejects, the failure shows what Prism last answered and logged. */
    const settled = async (promise, exchanges) => {
      try {
        return await promise;
      } catch (error) {
        const last = exchanges.at(-1);
        assert.fail(`${error?.name}: ${error?.message}\nPrism's last answer: ${last?.status} ${last?.body}\nPrism's log, its end:\n${prism.log().slice(-4000)}`);
      }
    };

    test("createCheckpointPermissions: Prism accepts the request; the answer is Prism's JSON, spec-valid", async () => {
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const page = await settled(pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: [PROJECT] }, options), exchanges);
        assert.equal(exchanges.length, 1);
        assertRequest(exchanges[0], "POST", permissionsPath());
        assertAnswerIsPrisms(page, exchanges[0], PAGE);
      }
    });

    test("listCheckpointPermissions: after, limit, order and project_id pass Prism's checks; the page is Prism's, spec-valid", async () => {
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const query = { after: PERMISSION, limit: 5, order: round % 2 ? "descending" : "ascending", project_id: PROJECT };
        const page = await settled(pkg.listCheckpointPermissions(CHECKPOINT, query, options), exchanges);
        assert.equal(exchanges.length, 1);
        assertRequest(exchanges[0], "GET", permissionsPath(), { ...query, limit: "5" });
        assertAnswerIsPrisms(page, exchanges[0], PAGE);
      }
    });

    test(`listAllCheckpointPermissions follows the cursors and yields Prism's permissions in order (cut at ${LIST_ALL_LIMIT})`, async (t) => {
      const met = { walks: 0, longerThanOnePage: 0, cut: 0, nullLastIdFollowed: 0 };
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const query = { limit: 3, order: "descending", project_id: PROJECT };
        const items = [];
        await settled(
          (async () => {
            for await (const permission of pkg.listAllCheckpointPermissions(CHECKPOINT, query, options)) {
              items.push(permission);
              if (items.length === LIST_ALL_LIMIT) break;
            }
          })(),
          exchanges,
        );
        assertWalk(exchanges, items, query);
        const pages = exchanges.map((exchange) => JSON.parse(exchange.body));
        met.walks += 1;
        met.longerThanOnePage += pages.length > 1 ? 1 : 0;
        met.cut += items.length === LIST_ALL_LIMIT ? 1 : 0;
        met.nullLastIdFollowed += pages.slice(0, -1).filter((page) => page.last_id === null).length;
      }
      // Random answers: what this run happened to meet, for whoever reads the log.
      t.diagnostic(`met: ${JSON.stringify(met)}`);
    });

    test("deleteCheckpointPermission: Prism accepts the request; the answer is Prism's JSON, spec-valid", async () => {
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const deleted = await settled(pkg.deleteCheckpointPermission(CHECKPOINT, PERMISSION, options), exchanges);
        assert.equal(exchanges.length, 1);
        assertRequest(exchanges[0], "DELETE", `${permissionsPath()}/${PERMISSION}`);
        assertAnswerIsPrisms(deleted, exchanges[0], DELETION);
      }
    });

    test("Prism really checks requests: 401 without Authorization, 422 for project_ids not a list", async () => {
      const url = `${prism.baseURL}/fine_tuning/checkpoints/${encodeURIComponent(CHECKPOINT)}/permissions`;
      const send = async (init) => {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        return { status: response.status, headers: response.headers, text: await response.text() };
      };
      const authorization = { authorization: `Bearer ${KEY}` };
      const json = { "content-type": "application/json" };

      assert.equal((await send({ headers: authorization })).status, 200, "the control: the same GET with a key");
      const anonymous = await send({});
      assert.equal(anonymous.status, 401, anonymous.text);
      assert.equal(anonymous.headers.get("www-authenticate"), "Bearer");

      const post = (body) => send({ method: "POST", headers: { ...authorization, ...json }, body: JSON.stringify(body) });
      assert.equal((await post({ project_ids: [PROJECT] })).status, 200, "the control: the same POST with a list");
      const notAList = await post({ project_ids: "not-a-list" });
      assert.equal(notAList.status, 422, notAList.text);
      const locations = JSON.parse(notAList.text).validation.map((violation) => violation.location);
      assert.deepEqual(locations, [["body", "project_ids"]], notAList.text);
    });

    if (mode.answersAlike) {
      test("a walk ends at the cursor Prism repeats, although every page says has_more", async () => {
        // Static mode answers every list with the same page: has_more true, the same last_id.
        const { exchanges, options } = recorded();
        const items = [];
        for await (const permission of pkg.listAllCheckpointPermissions(CHECKPOINT, null, options)) {
          items.push(permission);
          if (items.length === LIST_ALL_LIMIT) break;
        }
        const pages = exchanges.map((exchange) => JSON.parse(exchange.body));
        assert.ok(pages.every((page) => page.has_more && page.last_id === pages[0].last_id), "the premise: one repeating page");
        assert.equal(exchanges.length, 2, "the first page, then the page after its cursor, which repeats it");
        assert.equal(exchanges[1].url.searchParams.get("after"), pages[0].last_id);
        assert.equal(items.length, pages[0].data.length * 2);
      });
    }
  });
}

// ---------------------------------------------------------------- Prism

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

/** Starts `prism mock` on a free port of 127.0.0.1 and resolves once it accepts connections. */
async function startPrism(modeArgs) {
  const port = await freePort();
  const child = spawn(process.execPath, [PRISM, "mock", SPEC, "--host", HOST, "--port", String(port), ...modeArgs], {
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

function permissionsPath() {
  return `/fine_tuning/checkpoints/${CHECKPOINT}/permissions`;
}

/** The request went where the spec says, with exactly these query parameters (as strings). */
function assertRequest(exchange, method, decodedPath, query = {}) {
  assert.equal(exchange.method, method);
  assert.equal(decodeURIComponent(exchange.url.pathname), decodedPath);
  assert.deepEqual(Object.fromEntries(exchange.url.searchParams), query);
}

/**
 * Prism answered 200 (it found nothing wrong with the request), its answer fits the spec, and the
 * package handed it over unchanged: every field, the unknown ones too.
 */
function assertAnswerIsPrisms(value, exchange, schemaName) {
  assert.equal(exchange.status, 200, exchange.body);
  const sent = JSON.parse(exchange.body);
  assert.deepEqual(validateComponent(sent, schemaName), [], `Prism's own answer should fit the spec: ${exchange.body}`);
  assert.deepEqual(validateComponent(value, schemaName), [], JSON.stringify(value));
  assert.deepEqual(JSON.parse(JSON.stringify(value)), sent);
}

/**
 * A walk: each page spec-valid and asked for with the caller's query, each next one after the
 * previous page's cursor (last_id, else its last permission's id); the items are the pages'
 * permissions in order; and the walk stopped only where it had to: at the cut, or on a page
 * that says there is no more, is empty, or repeats a cursor.
 */
function assertWalk(exchanges, items, query) {
  assert.ok(exchanges.length >= 1 && exchanges.length <= LIST_ALL_LIMIT, `${exchanges.length} requests`);
  const pages = exchanges.map((exchange) => JSON.parse(exchange.body));
  const cursors = [];
  exchanges.forEach((exchange, index) => {
    assert.equal(exchange.status, 200, exchange.body);
    assert.deepEqual(validateComponent(pages[index], PAGE), [], exchange.body);
    const expectedQuery = { limit: String(query.limit), order: query.order, project_id: query.project_id };
    if (index > 0) {
      const previous = pages[index - 1];
      const cursor = previous.last_id ?? previous.data.at(-1)?.id;
      assert.ok(previous.has_more && previous.data.length > 0 && !cursors.includes(cursor), `page ${index} should not have been asked for`);
      expectedQuery.after = cursor;
      cursors.push(cursor);
    }
    assertRequest(exchange, "GET", permissionsPath(), expectedQuery);
  });

  const permissions = pages.flatMap((page) => page.data);
  assert.deepEqual(items.map((item) => JSON.parse(JSON.stringify(item))), permissions.slice(0, items.length));
  for (const item of items) assert.deepEqual(validateComponent(item, PERMISSION_SCHEMA), [], JSON.stringify(item));

  const last = pages.at(-1);
  if (items.length === LIST_ALL_LIMIT) {
    assert.ok(permissions.length - last.data.length < LIST_ALL_LIMIT, "no page was asked for beyond the cut");
  } else {
    assert.equal(items.length, permissions.length);
    const cursor = last.last_id ?? last.data.at(-1)?.id;
    assert.ok(!last.has_more || last.data.length === 0 || cursor === undefined || cursors.includes(cursor), `the walk stopped early: ${JSON.stringify(last)}`);
  }
}
