// Conformance of the organization calls to OpenAI's published spec: Prism (pinned in tests/tools)
// serves tests/contract/organization-projects-audit-logs.openapi.yaml (GET /organization/projects
// and GET /organization/audit_logs), in static and in dynamic (-d) mode, as prism.test.mjs does
// for the checkpoint-permission routes, with the same helper (prism-server.mjs).
//
// What Prism checks of a request, and what it cannot (each shown by a test below):
// - `limit` (both routes) and `include_archived` are checked as the package sends them.
// - The audit log's bracketed list parameters (`event_types[]`, `project_ids[]`, …) are not:
//   Prism 5.16.0's `mock` command rewrites each query parameter's name with encodeURI when it
//   prints its example URLs at start-up, and keeps the rewritten name (prism-cli,
//   dist/util/paths.js, createQueryUriTemplate), so it looks for `event_types%5B%5D` in the
//   decoded query, where no client's `event_types[]` ever is (see stoplightio/prism#2017). Any
//   value passes, an unknown event type too.
// - `effective_at` has OpenAPI's default style (form, exploded): Prism reads its members as
//   `gt=…`, `lte=…`, where the API and openai-node send `effective_at[gt]=…`, which Prism ignores.
// So each audit-log request the package sends is also sent again "as Prism reads the spec"
// (asPrismReadsTheSpec below): the same values under the names Prism looks for. Prism accepting
// that replay is what shows the package's event types, ids and times are what the spec allows.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { openApiDocument } from "../contract/schema.mjs";
import { CHECKPOINT, KEY, pkg } from "./helpers.mjs";
import { LIST_ALL_LIMIT, MODES, SPECS, assertAnswerIsPrisms, assertRequest, assertWalk, readSpec, usePrism, walkStats } from "./prism-server.mjs";

const SPEC = SPECS.organization;
const PROJECTS = "/organization/projects";
const AUDIT_LOGS = "/organization/audit_logs";

const PROJECT = "proj_abGMw1llN8IrBb6SvvY5A1iH";
const OTHER_PROJECT = "proj_Zr0mWq8kPdn2LxYvT5uH3eJc";
const PERMISSION = "cp_zc4Q7MP6XxulcVzj4MZdwsAB";
const GRANTED = "checkpoint.permission.created";
const REVOKED = "checkpoint.permission.deleted";
/** Every event type the spec names: the audit-log rounds go through all of them. */
const EVENT_TYPES = openApiDocument.components.schemas.AuditLogEventType.enum;
/** Unix seconds. */
const SINCE = 1_700_000_000;
const UNTIL = 1_800_000_000;
/** The largest page: what a listAll… or a call walking a list asks for unless given a limit. */
const MAX_PAGE_SIZE = 100;
const AUTHORIZATION = { authorization: `Bearer ${KEY}` };

test("the schemas Ajv checks against are the ones in the spec Prism serves", () => {
  const spec = readSpec(SPEC);
  const names = [
    "ProjectListResponse", "Project", "PublicProjectResidency", "ListAuditLogsResponse", "AuditLog", "AuditLogEventType",
    "AuditLogActor", "AuditLogActorSession", "AuditLogActorUser", "AuditLogActorApiKey", "AuditLogActorServiceAccount",
  ];
  for (const name of names) assert.deepEqual(openApiDocument.components.schemas[name], spec.components.schemas[name], name);
  assert.deepEqual(Object.keys(spec.paths).sort(), [AUDIT_LOGS, PROJECTS]);
  assert.ok(EVENT_TYPES.includes(GRANTED) && EVENT_TYPES.includes(REVOKED));
});

for (const mode of MODES) {
  describe(`Prism, ${mode.name} mode, organization`, () => {
    const prism = usePrism(SPEC, mode);
    const { recorded, settled } = prism;

    /** Prism accepts the package's audit-log request as it reads the spec (see the top of the file). */
    const assertPrismAcceptsTheValues = async (exchange) => {
      const replay = await prism.send(asPrismReadsTheSpec(exchange.url), { headers: AUTHORIZATION });
      assert.equal(replay.status, 200, `${exchange.url.search} as Prism reads the spec: ${replay.text}`);
    };

    test("listProjects: limit, after and include_archived pass Prism's checks; the page is Prism's, spec-valid", async () => {
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const query = { limit: 1 + ((round * 7) % MAX_PAGE_SIZE), after: PROJECT, include_archived: round % 2 === 0 };
        const page = await settled(pkg.listProjects(query, options), exchanges);
        assert.equal(exchanges.length, 1);
        assertRequest(exchanges[0], "GET", PROJECTS, query);
        assertAnswerIsPrisms(page, exchanges[0], "ProjectListResponse");
      }
    });

    test(`listAllProjects follows the cursors and yields Prism's projects in order (cut at ${LIST_ALL_LIMIT})`, async (t) => {
      const met = walkStats();
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const query = { limit: 3, include_archived: true };
        const items = await settled(firstItems(pkg.listAllProjects(query, options)), exchanges);
        met.add(assertWalk(exchanges, items, { path: PROJECTS, query, page: "ProjectListResponse", item: "Project" }), items);
      }
      t.diagnostic(`met: ${JSON.stringify(met)}`);
    });

    test("listAuditLogs: every query parameter, each event type of the spec, goes out in brackets and passes Prism's checks; the page is Prism's, spec-valid", async () => {
      // The rounds share out the spec's event types: static mode's one round sends them all.
      const typesPerRound = Math.ceil(EVENT_TYPES.length / mode.rounds);
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const query = {
          event_types: Array.from({ length: typesPerRound }, (_, index) => EVENT_TYPES[(round * typesPerRound + index) % EVENT_TYPES.length]),
          effective_at: { gt: SINCE + round, gte: SINCE, lt: UNTIL - round, lte: UNTIL },
          project_ids: [PROJECT, OTHER_PROJECT],
          actor_ids: ["user-abc", "svc_acct_7Qm"],
          actor_emails: ["ops+ml@example.com"],
          resource_ids: [PERMISSION, PROJECT],
          limit: 1 + ((round * 7) % MAX_PAGE_SIZE),
          after: "audit_log-abc_20240101",
          before: "audit_log-xyz_20240201",
        };
        const page = await settled(pkg.listAuditLogs(query, options), exchanges);
        assert.equal(exchanges.length, 1);
        assertRequest(exchanges[0], "GET", AUDIT_LOGS, onTheWire(query));
        assertNamesEncoded(exchanges[0].url);
        assertAnswerIsPrisms(page, exchanges[0], "ListAuditLogsResponse");
        await assertPrismAcceptsTheValues(exchanges[0]);
      }
    });

    test(`listAllAuditLogs follows the cursors with the caller's query and yields Prism's events in order (cut at ${LIST_ALL_LIMIT})`, async (t) => {
      const met = walkStats();
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const query = { event_types: [GRANTED, REVOKED], effective_at: { gte: SINCE, lte: UNTIL }, project_ids: [PROJECT], actor_emails: ["ops@example.com"], limit: 3 };
        const items = await settled(firstItems(pkg.listAllAuditLogs(query, options)), exchanges);
        met.add(assertWalk(exchanges, items, { path: AUDIT_LOGS, query: onTheWire(query), page: "ListAuditLogsResponse", item: "AuditLog" }), items);
        for (const exchange of exchanges) assertNamesEncoded(exchange.url);
        for (const exchange of exchanges) await assertPrismAcceptsTheValues(exchange);
      }
      t.diagnostic(`met: ${JSON.stringify(met)}`);
    });

    test("Prism really checks: 401 without a key; 422 for a limit or include_archived of the wrong type, an unknown event type or a time that is no integer, sent as Prism reads the spec", async () => {
      const status = async (pathAndQuery, headers = AUTHORIZATION) => {
        const answer = await prism.send(pathAndQuery, { headers });
        const locations = answer.status === 422 ? JSON.parse(answer.text).validation.map((violation) => violation.location) : undefined;
        return { status: answer.status, locations };
      };
      for (const path of [PROJECTS, AUDIT_LOGS]) {
        assert.deepEqual(await status(path), { status: 200, locations: undefined }, `the control: ${path} with a key`);
        assert.equal((await status(path, {})).status, 401, `${path} without a key`);
        assert.deepEqual(await status(`${path}?limit=abc`), { status: 422, locations: [["query", "limit"]] });
      }
      assert.equal((await status(`${PROJECTS}?include_archived=true`)).status, 200, "the control");
      assert.deepEqual(await status(`${PROJECTS}?include_archived=maybe`), { status: 422, locations: [["query", "include_archived"]] });

      // The same audit-log query, one value wrong at a time, as Prism reads the spec.
      const valid = auditLogURL({ event_types: [GRANTED, REVOKED], effective_at: { gt: SINCE } });
      assert.equal((await status(asPrismReadsTheSpec(valid))).status, 200, `the control: ${asPrismReadsTheSpec(valid)}`);
      const unknownType = new URL(valid.href.replace(encodeURIComponent(REVOKED), "checkpoint.permission.granted"));
      assert.deepEqual(await status(asPrismReadsTheSpec(unknownType)), { status: 422, locations: [["query", "event_types%5b%5d", "1"]] });
      const notATime = new URL(valid.href.replace(`=${SINCE}`, "=yesterday"));
      assert.deepEqual(await status(asPrismReadsTheSpec(notATime)), { status: 422, locations: [["query", "effective_at", "gt"]] });

      // Where Prism does not look: the same wrong values as the package would send them (and as
      // the API and openai-node do) pass. Should a Prism update start checking these, these lines
      // fail, and the replay above can go.
      assert.equal((await status(`${unknownType.pathname}${unknownType.search}`)).status, 200, "Prism 5.16.0 does not check event_types[] as clients send it");
      assert.equal((await status(`${notATime.pathname}${notATime.search}`)).status, 200, "Prism 5.16.0 reads effective_at as gt=…, not effective_at[gt]=…");
    });

    test("checkpointAccessHistory walks Prism's audit log and projects with queries Prism accepts, and resolves to a well-formed history", async (t) => {
      // Prism's events are random (or, in static mode, the same placeholder strings), so none is a
      // grant of this checkpoint: the history's events come out empty, and that is checked. What
      // this test shows is the rest: each walk the call makes (the window's grants and revokes,
      // the grants looked up for revokes the window does not explain, the project directory) asks
      // Prism what the spec allows, follows Prism's cursors to the end, and takes each answer.
      // How events are joined and named is tested against the emulator (organization.test.mjs).
      // Prism's event types are random (static mode: always the enum's first), so a revoke would
      // almost never come: in the window's answers, an event that carries a revoke's payload is
      // made a revoke, so that the lookups of their grants are made, and checked, against Prism.
      const revokesMade = (url, body) => {
        if (!url.searchParams.getAll("event_types[]").includes(REVOKED)) return body;
        const page = JSON.parse(body);
        for (const event of page.data ?? []) if (typeof event?.[REVOKED]?.id === "string") event.type = REVOKED;
        return JSON.stringify(page);
      };
      const { exchanges, options } = recorded({ maxRequests: 4 * LIST_ALL_LIMIT, reshape: revokesMade });
      const history = await settled(pkg.checkpointAccessHistory(CHECKPOINT, { since: SINCE, until: UNTIL }, options), exchanges);

      const walks = [];
      for (const exchange of exchanges) {
        if (!exchange.url.searchParams.has("after")) walks.push([]);
        walks.at(-1).push(exchange);
      }
      const [window, ...others] = walks;
      const directory = others.at(-1)?.[0].url.pathname === PROJECTS ? others.pop() : undefined;
      const lookups = others;

      const windowQuery = onTheWire({ event_types: [GRANTED, REVOKED], effective_at: { gte: SINCE, lte: UNTIL }, limit: MAX_PAGE_SIZE });
      const events = assertWalk(window, null, { path: AUDIT_LOGS, query: windowQuery, page: "ListAuditLogsResponse" }).flatMap((page) => page.data);
      // An event is a grant or a revoke by its type; a payload under another type is not read.
      const grantsHere = events.filter((event) => event.type === GRANTED && event[GRANTED]?.data?.fine_tuned_model_checkpoint === CHECKPOINT);
      const unexplained = events
        .filter((event) => event.type === REVOKED)
        .map((event) => event[REVOKED]?.id)
        // A grant in the window, of any checkpoint, says whose a revoke was: only the others are looked up.
        .filter((id) => typeof id === "string" && !events.some((event) => event.type === GRANTED && event[GRANTED]?.id === id));

      const lookedUp = [];
      for (const lookup of lookups) {
        const ids = lookup[0].url.searchParams.getAll("resource_ids[]");
        assert.ok(ids.length >= 1 && ids.length <= 20, `a lookup of ${ids.length} ids`);
        const query = onTheWire({ event_types: [GRANTED], resource_ids: ids, effective_at: { lte: UNTIL }, limit: MAX_PAGE_SIZE });
        assertWalk(lookup, null, { path: AUDIT_LOGS, query, page: "ListAuditLogsResponse" });
        lookedUp.push(...ids);
      }
      assert.deepEqual([...new Set(lookedUp)].sort(), [...new Set(unexplained)].sort(), "the grants looked up are those of the revokes the window does not explain");
      for (const exchange of [...window, ...lookups.flat()]) {
        assertNamesEncoded(exchange.url);
        await assertPrismAcceptsTheValues(exchange);
      }
      if (directory) assertWalk(directory, null, { path: PROJECTS, query: { include_archived: true, limit: MAX_PAGE_SIZE }, page: "ProjectListResponse" });

      assert.deepEqual(Object.keys(history).filter((key) => key !== "warnings").sort(), ["checkpoint", "events", "since", "until"]);
      assert.deepEqual({ checkpoint: history.checkpoint, since: history.since, until: history.until }, { checkpoint: CHECKPOINT, since: SINCE, until: UNTIL });
      if ("warnings" in history) assert.ok(Array.isArray(history.warnings) && history.warnings.every((warning) => typeof warning === "string"), JSON.stringify(history.warnings));
      assert.deepEqual(grantsHere, [], "the premise: no random event is a grant of this checkpoint");
      assert.deepEqual(history.events, []);
      t.diagnostic(
        `met: ${JSON.stringify({ windowPages: window.length, events: events.length, revokesLookedUp: unexplained.length, lookups: lookups.length, directoryPages: directory?.length ?? 0, warnings: history.warnings ?? [] })}`,
      );
    });

    if (mode.answersAlike) {
      test("a walk ends at the cursor Prism repeats, although every page says has_more", async () => {
        // Static mode answers every list with the same page: has_more true, the same last_id.
        for (const list of [pkg.listAllProjects, pkg.listAllAuditLogs]) {
          const { exchanges, options } = recorded();
          const items = await firstItems(list(null, options));
          const pages = exchanges.map((exchange) => JSON.parse(exchange.body));
          assert.ok(pages.every((page) => page.has_more && page.last_id === pages[0].last_id), "the premise: one repeating page");
          assert.equal(exchanges.length, 2, `${list.name}: the first page, then the page after its cursor, which repeats it`);
          assert.equal(exchanges[1].url.searchParams.get("after"), pages[0].last_id);
          assert.equal(items.length, pages[0].data.length * 2);
        }
      });
    }
  });
}

// ---------------------------------------------------------------- helpers

/** The first `LIST_ALL_LIMIT` items of a walk (dynamic mode's has_more is random: it may not end). */
async function firstItems(walk) {
  const items = [];
  for await (const item of walk) {
    items.push(item);
    if (items.length === LIST_ALL_LIMIT) break;
  }
  return items;
}

/**
 * An audit-log query as openai-node's query writer (qs, brackets style) puts it on the wire,
 * decoded: `{ "event_types[]": [...], "effective_at[gt]": [...], limit: [...] }`.
 */
function onTheWire(query) {
  const wire = {};
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) wire[`${name}[]`] = value.map(String);
    else if (typeof value === "object") for (const [member, time] of Object.entries(value)) wire[`${name}[${member}]`] = [String(time)];
    else wire[name] = [String(value)];
  }
  return wire;
}

/** An audit-log URL with `query` as the package sends it (see onTheWire); only its path and query matter. */
function auditLogURL(query) {
  const pairs = Object.entries(onTheWire(query)).flatMap(([name, values]) => values.map((value) => [name, value]));
  return new URL(`http://127.0.0.1${AUDIT_LOGS}?${new URLSearchParams(pairs)}`);
}

/** Each name in the query string is percent-encoded as openai-node sends it: `event_types%5B%5D`. */
function assertNamesEncoded(url) {
  const names = url.search.slice(1).split("&").map((pair) => pair.split("=")[0]);
  for (const name of names) assert.equal(name, encodeURIComponent(decodeURIComponent(name)), url.search);
}

/**
 * The audit-log request `url` under the names Prism 5.16.0's mock server looks for: each
 * `name[]` as encodeURI made it at start-up (`event_types%5B%5D`, which goes out as
 * `event_types%255B%255D`), and `effective_at[gt]` as the spec's form style writes it, `gt`.
 * Only the names change: the values are the ones the package sent.
 */
function asPrismReadsTheSpec(url) {
  const replay = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    const member = /^effective_at\[(gt|gte|lt|lte)\]$/.exec(name);
    replay.append(member ? member[1] : name.endsWith("[]") ? encodeURI(name) : name, value);
  }
  return `${url.pathname}?${replay}`;
}
