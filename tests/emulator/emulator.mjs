// A local, in-memory emulator of OpenAI's fine-tuning checkpoint-permission routes,
// for tests and the demo. Spec-faithful on the wire; faults can be queued to rehearse
// every way a real network and server misbehave. Node built-ins only.

import { createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

import {
  decodeSegments, errorAnswer, newRequestId, parseJsonOrUndefined, queryObject, readBody,
  receivedHeaders, resetConnection, splitTarget, writeAnswer, writePreflight,
} from "./http.mjs";
import { stopper } from "../../scripts/stoppable.mjs";
import { FaultQueue, normalizeFault } from "./faults.mjs";
import { apiRoutes, checkAdminKey, listPage, matchRoute, parseJsonBody } from "./routes.mjs";
import { PermissionStore } from "./store.mjs";

export const DEFAULT_ADMIN_KEY = "sk-fake-admin-test-0123456789abcdef";
const CONTROL_PREFIX = "/__emulator";

/**
 * Starts the emulator on 127.0.0.1.
 * @param {object} [options]
 * @param {number} [options.port=0] 0 picks a free port.
 * @param {string[]} [options.keys] admin keys accepted as "Authorization: Bearer <key>".
 * @param {Record<string, string[]>|Map<string, string[]>} [options.seed] checkpoint → project ids granted at start.
 */
export async function startEmulator({ port = 0, keys = [DEFAULT_ADMIN_KEY], seed } = {}) {
  const store = new PermissionStore();
  const faults = new FaultQueue();
  const requests = [];
  const preflights = [];
  // Aborted by close(): every pending fault delay ends at once, so nothing outlives the emulator.
  const closing = new AbortController();
  const wait = (ms) => sleep(ms, undefined, { signal: closing.signal });

  function seedPermissions(checkpoint, projectIds) {
    if (typeof checkpoint !== "string" || checkpoint === "") throw new TypeError("seed: checkpoint must be a non-empty string");
    if (!Array.isArray(projectIds) || !projectIds.every((id) => typeof id === "string" && id !== "")) {
      throw new TypeError("seed: projectIds must be an array of non-empty strings");
    }
    return store.grant(checkpoint, projectIds);
  }

  function reset() {
    store.clear();
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
    { pattern: ["__emulator", "seed"], methods: { POST: withJsonBody((value) => (
      { status: 200, body: listPage(seedPermissions(value?.checkpoint, value?.project_ids)) }
    )) } },
    { pattern: ["__emulator", "requests"], methods: { GET: () => ({ status: 200, body: requests }) } },
    { pattern: ["__emulator", "preflights"], methods: { GET: () => ({ status: 200, body: preflights }) } },
    { pattern: ["__emulator", "state"], methods: { GET: () => ({ status: 200, body: Object.fromEntries(store.state) }) } },
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
    // A breaking fault still sends a realistic body: computed on a throwaway copy of the state.
    const realStore = !fault || fault.changesState ? store : store.clone();
    const result = fault?.replacement ?? answer(apiRoutes, record, search, { store: realStore, requireAdminKey: true });
    await writeAnswer(response, result, {
      requestId,
      wait,
      truncate: fault?.truncate,
      delayBodyMs: fault?.delayBodyMs,
      cutMidBody: fault?.reset === "mid-body",
    });
  }

  /** Routes a recorded request to its handler and returns the answer (never throws for bad input). */
  function answer(routes, record, search, { store: storeForHandler, requireAdminKey = false } = {}) {
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
    if (requireAdminKey) {
      const denied = checkAdminKey(record.headers.authorization, keys);
      if (denied) return denied;
    }
    return handler({ store: storeForHandler, params: found.params, query: new URLSearchParams(search), bodyText: record.body });
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
      return store.state;
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
  return ({ bodyText }) => {
    const parsed = parseJsonBody(bodyText);
    if (parsed.error) return parsed.error;
    try {
      return handle(parsed.value);
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
