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
} from "checkpoint-permissions";

const MAX_BODY_BYTES = 64 * 1024;
const LIST_QUERY = ["after", "limit", "order", "project_id"];
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

/**
 * Matches the request to one allowed route, or refuses it. Works on the path's raw segments:
 * the URL parser has already resolved "." / ".." (and their %2e forms), so anything that escaped
 * the prefix simply no longer matches; a decoded "." or ".." is refused again below, and by the
 * package itself.
 */
function route(method, url) {
  const segments = url.pathname.split("/").slice(1);
  const decode = (segment, name) => {
    let value;
    try {
      value = decodeURIComponent(segment);
    } catch {
      throw new Refusal(400, `${name}: malformed percent-encoding`, { param: name });
    }
    // One segment stays one segment: no empty, "." or ".." ids, and no "/" or "\\" smuggled in
    // as %2F / %5C (the package would encode them safely, but no checkpoint id contains them).
    if (value === "" || value === "." || value === ".." || /[/\\]/.test(value)) {
      throw new Refusal(400, `${name}: not a valid path segment`, { param: name });
    }
    return value;
  };
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
    found.checkpoint = decode(checkpoint, "checkpoint");
    if (found.name === "permission") found.permissionId = decode(permissionId, "permission_id");
  }
  return found;
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

function listQuery(url) {
  const query = {};
  for (const [name, value] of url.searchParams) {
    if (!LIST_QUERY.includes(name)) throw new Refusal(400, `Unknown query parameter: ${name}`, { param: name });
    query[name] = name === "limit" ? Number(value) : value;
  }
  return query;
}

async function perform(found, request, url, options) {
  switch (found.name) {
    case "permissions":
      if (request.method === "GET") return listCheckpointPermissions(found.checkpoint, listQuery(url), options);
      return createCheckpointPermissions(found.checkpoint, { project_ids: (await readJson(request)).project_ids }, options);
    case "permission":
      return deleteCheckpointPermission(found.checkpoint, found.permissionId, options);
    default: {
      const { checkpoint, project_ids: projectIds, dryRun } = await readJson(request);
      if (typeof checkpoint === "string" && /[/\\]/.test(checkpoint)) throw new Refusal(400, "checkpoint: not a valid path segment", { param: "checkpoint" });
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
