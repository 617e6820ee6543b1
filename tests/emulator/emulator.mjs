// A local, in-memory emulator of OpenAI's fine-tuning checkpoint-permission routes, and of the
// organization's project list and audit log around them, for tests and the demo. Spec-faithful
// on the wire; faults can be queued to rehearse every way a real network and server misbehave.
// Node built-ins only.

import { createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

import {
  decodeSegments, errorAnswer, listPage, newRequestId, parseJsonOrUndefined, queryObject, readBody,
  receivedHeaders, resetConnection, splitTarget, writeAnswer, writePreflight,
} from "./http.mjs";
import { stopper } from "../../scripts/stoppable.mjs";
import { checkActor, keyActors, userKeyActor } from "./actors.mjs";
import { AuditLog } from "./audit-log.mjs";
import { checkSeconds, secondsClock } from "./clock.mjs";
import { FaultQueue, normalizeFault } from "./faults.mjs";
import { Organization } from "./organization.mjs";
import { ProjectDirectory } from "./projects.mjs";
import { apiRoutes, bearerKey, checkAdminKey, matchRoute, parseJsonBody } from "./routes.mjs";

export const DEFAULT_ADMIN_KEY = "sk-fake-admin-test-0123456789abcdef";
const CONTROL_PREFIX = "/__emulator";

const SEED_OPTIONS = new Set(["actor", "effectiveAt"]);
const NO_DIRECTORY_CONTROL_MESSAGE = "This emulator has no project directory: start it with projects.";

/**
 * Starts the emulator on 127.0.0.1.
 * @param {object} [options]
 * @param {number} [options.port=0] 0 picks a free port.
 * @param {Array<string | { key: string, actor?: object }>} [options.keys] admin keys accepted as
 *   "Authorization: Bearer <key>". Each acts as an actor (the spec's AuditLogActor) in the audit
 *   log: a plain key as the default admin user's key (see actors.mjs), an object as its `actor`.
 * @param {Record<string, string[]>|Map<string, string[]>} [options.seed] checkpoint → project ids granted at start.
 * @param {Array<{ id: string, name: string|null, status: "active"|"archived", created_at?: number, archived_at?: number }>} [options.projects]
 *   a closed project directory: exactly these projects exist, and grants to any other, or to an
 *   archived one, are refused. Without it there is no directory: grants accept any project id
 *   and GET /v1/organization/projects answers 403.
 * @param {boolean} [options.auditLogging=true] false: writes are not recorded and
 *   GET /v1/organization/audit_logs answers a 400 (see audit-log.mjs).
 * @param {() => number} [options.now] the clock, in whole Unix seconds, of every created_at,
 *   archived_at and effective_at the emulator makes; the system clock by default.
 */
export async function startEmulator({ port = 0, keys = [DEFAULT_ADMIN_KEY], seed, projects, auditLogging = true, now } = {}) {
  const actors = keyActors(keys);
  // Seeds are writes no request made: they are recorded as the first key's.
  const seedActor = actors.values().next().value ?? userKeyActor(DEFAULT_ADMIN_KEY);
  if (typeof auditLogging !== "boolean") throw new TypeError("auditLogging must be a boolean");
  const clock = secondsClock(now);
  const organization = new Organization({
    projects: projects == null ? null : new ProjectDirectory(projects, clock),
    auditLog: new AuditLog({ enabled: auditLogging }),
    now: clock,
  });
  // What reset() restores: the directory as it started, defaulted timestamps included.
  const startingProjects = organization.projects?.list().map(({ object, ...project }) => project);
  const faults = new FaultQueue();
  const requests = [];
  const preflights = [];
  // Aborted by close(): every pending fault delay ends at once, so nothing outlives the emulator.
  const closing = new AbortController();
  const wait = (ms) => sleep(ms, undefined, { signal: closing.signal });

  /**
   * Grants without a request: no auth, no directory check (a test may want a permission for a
   * project since archived). Records created events as `actor` (the first key's by default)
   * at `effectiveAt` (now by default), which is also the new permissions' created_at.
   */
  function seedPermissions(checkpoint, projectIds, options = {}) {
    if (typeof checkpoint !== "string" || checkpoint === "") throw new TypeError("seed: checkpoint must be a non-empty string");
    if (!Array.isArray(projectIds) || !projectIds.every((id) => typeof id === "string" && id !== "")) {
      throw new TypeError("seed: projectIds must be an array of non-empty strings");
    }
    if (typeof options !== "object" || options === null) throw new TypeError("seed: options must be an object");
    const unknown = Object.keys(options).filter((key) => !SEED_OPTIONS.has(key));
    if (unknown.length > 0) throw new TypeError(`seed: unknown option(s): ${unknown.join(", ")}`);
    const { actor = seedActor, effectiveAt } = options;
    checkActor(actor);
    if (effectiveAt !== undefined) checkSeconds(effectiveAt, "seed: effectiveAt");
    return organization.grant(checkpoint, projectIds, { actor, effectiveAt });
  }

  function setAuditLogging(enabled) {
    if (typeof enabled !== "boolean") throw new TypeError("auditLogging must be a boolean");
    organization.auditLog.enabled = enabled;
  }

  /** Runs `use(directory)`, or answers 400 when the emulator was started without one. */
  function withDirectory(use) {
    return organization.projects ? use(organization.projects) : errorAnswer(400, NO_DIRECTORY_CONTROL_MESSAGE);
  }

  function reset() {
    organization.permissions.clear();
    organization.auditLog.clear();
    organization.auditLog.enabled = auditLogging;
    organization.projects?.reset(startingProjects);
    faults.clear();
    // Emptied in place, so arrays a test already holds stay the live ones.
    requests.length = 0;
    preflights.length = 0;
  }

  // The same controls over HTTP, for other runtimes and processes. No auth, not recorded.
  const controlRoutes = [
    { pattern: ["__emulator", "inject"], methods: { POST: withJsonBody((value) => {
      const list = [value].flat();
      list.forEach(normalizeFault); // validate all before queueing any
      list.forEach((fault) => faults.add(fault));
      return { status: 200, body: { ok: true, pending_faults: faults.size } };
    }) } },
    { pattern: ["__emulator", "reset"], methods: { POST: () => (reset(), { status: 200, body: { ok: true } }) } },
    { pattern: ["__emulator", "seed"], methods: { POST: withJsonBody((value) => {
      const options = Object.fromEntries(Object.entries({ actor: value?.actor, effectiveAt: value?.effective_at }).filter(([, option]) => option !== undefined));
      return { status: 200, body: listPage(seedPermissions(value?.checkpoint, value?.project_ids, options)) };
    }) } },
    { pattern: ["__emulator", "requests"], methods: { GET: () => ({ status: 200, body: requests }) } },
    { pattern: ["__emulator", "preflights"], methods: { GET: () => ({ status: 200, body: preflights }) } },
    { pattern: ["__emulator", "state"], methods: { GET: () => ({ status: 200, body: Object.fromEntries(organization.permissions.state) }) } },
    { pattern: ["__emulator", "projects"], methods: {
      GET: () => withDirectory((directory) => ({ status: 200, body: listPage(directory.list()) })),
      // One project or a list of them; one bad project adds none.
      POST: withJsonBody((value) => withDirectory((directory) => ({ status: 200, body: listPage(directory.addAll([value].flat())) }))),
    } },
    { pattern: ["__emulator", "projects", ":project_id", "archive"], methods: { POST: withJsonBody((value, { params }) => withDirectory((directory) => {
      const archivedAt = value?.archived_at;
      return { status: 200, body: directory.archive(params.project_id, archivedAt === undefined ? {} : { archivedAt }) };
    })) } },
    { pattern: ["__emulator", "audit-log"], methods: { GET: () => ({ status: 200, body: listPage(organization.auditLog.list()) }) } },
    { pattern: ["__emulator", "audit-logging"], methods: {
      GET: () => ({ status: 200, body: { enabled: organization.auditLog.enabled } }),
      POST: withJsonBody((value) => (setAuditLogging(value?.enabled), { status: 200, body: { enabled: organization.auditLog.enabled } })),
    } },
  ];

  async function onRequest(request, response) {
    response.on("error", () => {}); // the client went away; nothing left to tell it
    const requestId = newRequestId();
    try {
      const body = await readBody(request);
      const { rawPath, search } = splitTarget(request.url);
      const record = {
        method: request.method,
        path: rawPath,
        // The query as it came on the wire (encoding and repeated names kept), and decoded.
        rawQuery: search,
        query: queryObject(new URLSearchParams(search)),
        headers: receivedHeaders(request.rawHeaders),
        body,
        json: parseJsonOrUndefined(body),
        requestId, // the x-request-id it was answered with
      };
      const isControl = rawPath === CONTROL_PREFIX || rawPath.startsWith(`${CONTROL_PREFIX}/`);

      if (request.method === "OPTIONS") {
        if (!isControl) preflights.push(record);
        writePreflight(response, record.headers, requestId);
      } else if (isControl) {
        await writeAnswer(response, answer(controlRoutes, record, search), { requestId, wait });
      } else {
        requests.push(record);
        await serveApiRequest(record, search, response, requestId);
      }
    } catch (error) {
      if (closing.signal.aborted || response.headersSent) {
        response.socket?.destroy();
      } else {
        const failure = errorAnswer(500, `Emulator failure: ${error.message}`, { type: "server_error" });
        await writeAnswer(response, failure, { requestId, wait }).catch(() => response.socket?.destroy());
      }
    }
  }

  async function serveApiRequest(record, search, response, requestId) {
    const fault = faults.take(record.method, record.path, decodeLeniently(record.path));
    if (fault?.delayHeadersMs) await wait(fault.delayHeadersMs);
    if (fault?.reset === "before-headers") {
      resetConnection(response);
      return;
    }
    // A breaking fault still sends a realistic body: computed on a throwaway copy of the state
    // (audit log included: a write the client never fully saw is not recorded either).
    const target = !fault || fault.changesState ? organization : organization.clone();
    const result = fault?.replacement ?? answer(apiRoutes, record, search, { organization: target, requireAdminKey: true });
    await writeAnswer(response, result, {
      requestId,
      wait,
      truncate: fault?.truncate,
      delayBodyMs: fault?.delayBodyMs,
      cutMidBody: fault?.reset === "mid-body",
    });
  }

  /** Routes a recorded request to its handler and returns the answer (never throws for bad input). */
  function answer(routes, record, search, { organization: organizationForHandler, requireAdminKey = false } = {}) {
    const { method, path } = record;
    let segments;
    try {
      segments = decodeSegments(path);
    } catch {
      return errorAnswer(400, `Invalid URL (${method} ${path}): malformed percent-encoding in the path.`);
    }
    const found = matchRoute(routes, segments);
    if (!found) return errorAnswer(404, `Invalid URL (${method} ${path})`);
    const handler = found.route.methods[method];
    if (!handler) {
      return errorAnswer(405, `Invalid method for URL (${method} ${path})`, {
        headers: { allow: [...Object.keys(found.route.methods), "OPTIONS"].join(", ") },
      });
    }
    let actor;
    if (requireAdminKey) {
      const denied = checkAdminKey(record.headers.authorization, [...actors.keys()]);
      if (denied) return denied;
      actor = actors.get(bearerKey(record.headers.authorization));
    }
    return handler({
      organization: organizationForHandler, actor, params: found.params, query: new URLSearchParams(search), bodyText: record.body,
    });
  }

  const server = createServer(onRequest);
  const close = stopper(server, closing);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });

  for (const [checkpoint, projectIds] of seed instanceof Map ? seed : Object.entries(seed ?? {})) {
    seedPermissions(checkpoint, projectIds);
  }

  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    preflights,
    get state() {
      return organization.permissions.state;
    },
    /** The live project directory (add, archive, get, list), or null when started without projects. */
    get projects() {
      return organization.projects;
    },
    /** Every audit log event recorded, newest first. */
    get auditLog() {
      return organization.auditLog.list();
    },
    /** Whether writes are recorded and the audit log can be listed; settable. */
    get auditLogging() {
      return organization.auditLog.enabled;
    },
    set auditLogging(enabled) {
      setAuditLogging(enabled);
    },
    seed: seedPermissions,
    inject(fault) {
      faults.add(fault);
    },
    reset,
    /** Stops listening and drops open connections (keep-alive included) so the process can exit. */
    close,
  };
}

/** Control handlers take JSON; a bad body or a rejected value becomes a 400 in OpenAI's shape. */
function withJsonBody(handle) {
  return (context) => {
    const parsed = parseJsonBody(context.bodyText);
    if (parsed.error) return parsed.error;
    try {
      return handle(parsed.value, context);
    } catch (error) {
      if (error instanceof TypeError) return errorAnswer(400, error.message);
      throw error;
    }
  };
}

// Fault matching only: a path that fails to decode is matched as it came.
function decodeLeniently(rawPath) {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}
