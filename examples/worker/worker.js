// A scoped admin proxy for checkpoint permissions, as a Cloudflare Worker.
//
// The OpenAI admin key lives only in the Worker's secret binding (env.OPENAI_ADMIN_KEY). Callers
// (an admin console) authenticate with their own bearer token (env.CONSOLE_TOKEN), and may reach
// only these routes:
//   POST   /v1/fine_tuning/checkpoints/{checkpoint}/permissions                   create
//   GET    /v1/fine_tuning/checkpoints/{checkpoint}/permissions                   list (after, limit, order, project_id)
//   DELETE /v1/fine_tuning/checkpoints/{checkpoint}/permissions/{permission_id}   delete
//   POST   /grant  /revoke  /sync   {"checkpoint": "...", "project_ids": [...], "dryRun"?: true}
// Everything else is refused without calling OpenAI. CORS is granted to env.CONSOLE_ORIGIN only.
// Every id (in the path, the list query or a body) is checked with the package's own rules, its
// validate* exports, before anything is sent: a refusal is a 400 in OpenAI's error shape whose
// message is the package's (`checkpoint must not contain "/"`) and whose code is "invalid_id".
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  InvalidInputError,
  PartialFailureError,
  createCheckpointPermissions,
  deleteCheckpointPermission,
  grantCheckpointPermissions,
  listCheckpointPermissions,
  revokeCheckpointPermissions,
  syncCheckpointPermissions,
  validateCheckpoint,
  validatePermissionId,
  validateProjectIds,
} from "checkpoint-permissions";

const MAX_BODY_BYTES = 64 * 1024;
// The list query: each parameter's check (the ids' are the package's).
const LIST_QUERY = {
  after: (value) => renamed(validatePermissionId(value), "permissionId", "query.after"),
  project_id: (value) => renamed(validateProjectIds([value]), "projectIds[0]", "query.project_id"),
  limit: (value) => (/^[0-9]{1,15}$/.test(value) ? null : { message: "query.limit must be a whole number", code: "invalid_value" }),
  order: (value) => (value === "ascending" || value === "descending" ? null : { message: 'query.order must be "ascending" or "descending"', code: "invalid_value" }),
};
const ALLOWED_HEADERS = "authorization, content-type";

/** A caller-facing failure: OpenAI's error shape, so the console reads both the same way. */
class Refusal extends Error {
  constructor(status, message, { type = "invalid_request_error", param = null, code = null, headers = {} } = {}) {
    super(message);
    this.status = status;
    this.body = { error: { message, type, param, code } };
    this.headers = headers;
  }
}

/** The package's refusal of an id, as a 400 with its words; nothing when the id is valid. */
function refuseInvalidId(problem) {
  if (problem) throw new Refusal(400, problem.message, { param: problem.field, code: "invalid_id" });
}

/** The package's error re-worded for the name the caller used: same problem, same words. */
function renamed(problem, from, to) {
  if (!problem) return null;
  const rename = (text) => (text.startsWith(from) ? `${to}${text.slice(from.length)}` : text);
  return { message: rename(problem.message), field: rename(problem.field) };
}

/**
 * Matches the request to one allowed route, or refuses it. Works on the path's raw segments:
 * the URL parser has already resolved "." / ".." (and their %2e forms), so anything that escaped
 * the prefix simply no longer matches; each id segment is then decoded and checked with the
 * package's rules, which refuse "/", "\\", "%", "?", "#", whitespace, control characters and a
 * dot segment.
 */
function route(method, url) {
  const segments = url.pathname.split("/").slice(1);
  const [v1, fineTuning, checkpoints, checkpoint, permissions, permissionId, ...rest] = segments;
  const candidates = [];
  if (segments.length === 1 && ["grant", "revoke", "sync"].includes(segments[0])) {
    candidates.push({ name: segments[0], methods: ["POST"] });
  } else if (v1 === "v1" && fineTuning === "fine_tuning" && checkpoints === "checkpoints" && permissions === "permissions" && rest.length === 0) {
    if (segments.length === 5) candidates.push({ name: "permissions", methods: ["GET", "POST"] });
    if (segments.length === 6) candidates.push({ name: "permission", methods: ["DELETE"] });
  }
  const found = candidates[0];
  if (!found) throw new Refusal(404, "Not found.", { type: "not_found" });
  if (method === "OPTIONS") return { ...found, preflight: true };
  if (!found.methods.includes(method)) {
    throw new Refusal(405, `Method ${method} is not allowed here.`, { headers: { allow: [...found.methods, "OPTIONS"].join(", ") } });
  }
  if (found.name === "permissions" || found.name === "permission") {
    found.ids = [[checkpoint, "checkpoint", validateCheckpoint]];
    if (found.name === "permission") found.ids.push([permissionId, "permissionId", validatePermissionId]);
  }
  return found;
}

/** The route's id segments, decoded and checked (after the token: strangers learn nothing). */
function decodeIds(found) {
  return (found.ids ?? []).map(([segment, field, validate]) => {
    let value;
    try {
      value = decodeURIComponent(segment);
    } catch {
      throw new Refusal(400, `${field} is not valid percent-encoded UTF-8`, { param: field, code: "invalid_id" });
    }
    refuseInvalidId(validate(value));
    return value;
  });
}

/**
 * Constant-time token check. Both sides are hashed with SHA-256 first, so the comparison always
 * runs over 32 bytes whatever the lengths; crypto.subtle.timingSafeEqual (workerd) compares them,
 * with a branch-free XOR loop as the fallback elsewhere.
 */
async function tokenMatches(presented, expected) {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([presented, expected].map((text) => crypto.subtle.digest("SHA-256", encoder.encode(text))));
  if (typeof crypto.subtle.timingSafeEqual === "function") return crypto.subtle.timingSafeEqual(a, b);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let difference = 0;
  for (let i = 0; i < x.length; i += 1) difference |= x[i] ^ y[i];
  return difference === 0;
}

async function authenticate(request, env) {
  const match = /^Bearer ([\x21-\x7e]+)$/.exec(request.headers.get("authorization") ?? "");
  // Hash even when absent, so a missing header costs what a wrong one does.
  const ok = await tokenMatches(match?.[1] ?? "", env.CONSOLE_TOKEN);
  if (!match || !ok) {
    throw new Refusal(401, "Missing or invalid bearer token.", { type: "authentication_error", headers: { "www-authenticate": "Bearer" } });
  }
}

async function readJson(request) {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new Refusal(413, "Request body too large.");
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new Refusal(413, "Request body too large.");
  try {
    const value = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return value;
  } catch {
    throw new Refusal(400, "The body must be a JSON object.");
  }
}

/**
 * The list query, read strictly (a malformed percent-encoding, an unknown or repeated parameter
 * is a 400) and checked before the call. In a query, "+" is a space, as OpenAI reads it.
 */
function listQuery(url) {
  const query = {};
  if (url.search === "") return query;
  for (const part of url.search.slice(1).split("&")) {
    const equals = part.indexOf("=");
    let name;
    let value;
    try {
      name = decodeURIComponent((equals < 0 ? part : part.slice(0, equals)).replaceAll("+", " "));
      value = decodeURIComponent((equals < 0 ? "" : part.slice(equals + 1)).replaceAll("+", " "));
    } catch {
      throw new Refusal(400, "query is not valid percent-encoded UTF-8", { code: "invalid_query" });
    }
    if (!Object.hasOwn(LIST_QUERY, name)) {
      const shown = name.replace(/[\p{C}\p{Z}]/gu, "?").slice(0, 100);
      throw new Refusal(400, `Unknown query parameter: ${shown}`, { param: shown, code: "unknown_parameter" });
    }
    if (Object.hasOwn(query, name)) throw new Refusal(400, `query.${name} is given more than once`, { param: name, code: "invalid_query" });
    const problem = LIST_QUERY[name](value);
    if (problem) throw new Refusal(400, problem.message, { param: name, code: problem.code ?? "invalid_id" });
    query[name] = name === "limit" ? Number(value) : value;
  }
  return query;
}

/** A create call's body: `project_ids` and nothing else, checked as the package's create call words it. */
function createBody(body) {
  const unknown = Object.keys(body).find((name) => name !== "project_ids");
  if (unknown !== undefined) {
    const shown = unknown.replace(/[\p{C}\p{Z}]/gu, "?").slice(0, 100);
    throw new Refusal(400, `Unknown body field: body.${shown}`, { param: `body.${shown}`, code: "unknown_parameter" });
  }
  refuseInvalidId(renamed(validateProjectIds(body.project_ids), "projectIds", "body.project_ids"));
  return { project_ids: body.project_ids };
}

async function perform(found, request, url, options) {
  switch (found.name) {
    case "permissions":
      if (request.method === "GET") return listCheckpointPermissions(found.checkpoint, listQuery(url), options);
      return createCheckpointPermissions(found.checkpoint, createBody(await readJson(request)), options);
    case "permission":
      return deleteCheckpointPermission(found.checkpoint, found.permissionId, options);
    default: {
      const { checkpoint, project_ids: projectIds, dryRun } = await readJson(request);
      refuseInvalidId(validateCheckpoint(checkpoint));
      // An empty or malformed list is the call's to judge (a sync to [] revokes everyone).
      if (Array.isArray(projectIds) && projectIds.length > 0) refuseInvalidId(validateProjectIds(projectIds));
      if (found.name === "grant") return grantCheckpointPermissions(checkpoint, projectIds, options);
      if (found.name === "revoke") return revokeCheckpointPermissions(checkpoint, projectIds, options);
      return syncCheckpointPermissions(checkpoint, projectIds, { ...options, dryRun: dryRun === true });
    }
  }
}

/** The package's errors, as answers. Their messages are already redacted of the admin key. */
function fromPackageError(error) {
  if (error instanceof Refusal) return error;
  if (error instanceof InvalidInputError) return new Refusal(400, error.message, { param: error.field ?? null });
  if (error instanceof APIConnectionTimeoutError) return new Refusal(504, "OpenAI did not answer in time.", { type: "timeout" });
  if (error instanceof APIConnectionError) return new Refusal(502, "Could not reach OpenAI.", { type: "connection_error" });
  if (error instanceof PartialFailureError) {
    const refusal = new Refusal(502, error.message, { type: "partial_failure" });
    refusal.body.result = {
      ...error.result,
      failed: (error.result?.failed ?? []).map(({ error: cause, ...rest }) => ({ ...rest, error: { name: cause?.name, status: cause?.status, message: cause?.message, requestID: cause?.requestID } })),
    };
    return refusal;
  }
  if (error instanceof APIError && error.status) {
    // OpenAI's own status and error body, with its request id for support tickets.
    const refusal = new Refusal(error.status, error.message);
    if (error.error && typeof error.error === "object") refusal.body = { error: error.error };
    if (error.requestID) refusal.headers["x-request-id"] = error.requestID;
    return refusal;
  }
  console.error("checkpoint-permissions proxy:", error?.name, error?.message);
  return new Refusal(500, "Internal error.", { type: "server_error" });
}

function answer(status, body, headers, cors) {
  const response = body === null ? new Response(null, { status, headers }) : Response.json(body, { status, headers });
  for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
  response.headers.set("cache-control", "no-store");
  return response;
}

export default {
  async fetch(request, env) {
    const origin = request.headers.get("origin");
    const cors = origin !== null && origin === env.CONSOLE_ORIGIN
      ? { "access-control-allow-origin": origin, "access-control-expose-headers": "x-request-id", vary: "Origin" }
      : { vary: "Origin" };
    try {
      if (!env.OPENAI_ADMIN_KEY || !env.CONSOLE_TOKEN) throw new Refusal(500, "The proxy is not configured.", { type: "server_error" });
      // A browser from any other origin is refused outright (simple requests included).
      if (origin !== null && origin !== env.CONSOLE_ORIGIN) throw new Refusal(403, "Origin not allowed.", { type: "forbidden" });
      const url = new URL(request.url);
      const found = route(request.method, url);
      if (found.preflight) {
        const asked = request.headers.get("access-control-request-method");
        if (origin === null || !found.methods.includes(asked)) throw new Refusal(403, "Preflight refused.", { type: "forbidden" });
        return answer(204, null, {
          "access-control-allow-methods": found.methods.join(", "),
          "access-control-allow-headers": ALLOWED_HEADERS,
          "access-control-max-age": "600",
        }, cors);
      }
      await authenticate(request, env);
      [found.checkpoint, found.permissionId] = decodeIds(found);
      const options = { apiKey: env.OPENAI_ADMIN_KEY };
      if (env.OPENAI_BASE_URL) options.baseURL = env.OPENAI_BASE_URL;
      const result = await perform(found, request, url, options);
      const headers = result?._request_id ? { "x-request-id": result._request_id } : {};
      return answer(200, result, headers, cors);
    } catch (error) {
      const refusal = fromPackageError(error);
      return answer(refusal.status, refusal.body, refusal.headers, cors);
    }
  },
};
