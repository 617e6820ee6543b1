// The API routes the emulator serves, as pure functions from a request context
// ({ organization, actor, params, query, bodyText }) to an answer (see http.mjs): the three
// checkpoint-permission routes here, the organization's projects and audit log in their own
// files. Plus the small router and the admin-key check.

import { listAuditLogs } from "./audit-log.mjs";
import { errorAnswer, listPage } from "./http.mjs";
import { listProjects } from "./projects.mjs";
import { parseLimit } from "./query.mjs";

const PERMISSIONS_PATH = ["v1", "fine_tuning", "checkpoints", ":checkpoint", "permissions"];

export const apiRoutes = [
  { pattern: PERMISSIONS_PATH, methods: { GET: listPermissions, POST: createPermissions } },
  { pattern: [...PERMISSIONS_PATH, ":permission_id"], methods: { DELETE: deletePermission } },
  { pattern: ["v1", "organization", "projects"], methods: { GET: listProjects } },
  { pattern: ["v1", "organization", "audit_logs"], methods: { GET: listAuditLogs } },
];

/**
 * Finds the route whose pattern fits the decoded segments (":name" matches any non-empty
 * segment). Returns { route, params } or undefined.
 */
export function matchRoute(routes, segments) {
  for (const route of routes) {
    if (route.pattern.length !== segments.length) continue;
    const params = {};
    const fits = route.pattern.every((part, index) => {
      if (!part.startsWith(":")) return part === segments[index];
      params[part.slice(1)] = segments[index];
      return segments[index] !== "";
    });
    if (fits) return { route, params };
  }
  return undefined;
}

/** The key of a "Bearer <key>" Authorization header, or "" when there is none. */
export function bearerKey(authorization) {
  return /^Bearer\s+(.*)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
}

/** null when the Authorization header carries one of the admin keys, else OpenAI's 401 answer. */
export function checkAdminKey(authorization, keys) {
  const key = bearerKey(authorization);
  if (key === "") {
    return errorAnswer(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.");
  }
  if (keys.includes(key)) return null;
  return errorAnswer(
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    { code: "invalid_api_key" },
  );
}

/** Like OpenAI: the first 6 and last 4 characters; keys too short to hide anything are hidden whole. */
export function maskKey(key) {
  return key.length > 12 ? `${key.slice(0, 6)}***${key.slice(-4)}` : "***";
}

/** Missing or empty bodies count as {} so that the answer names the missing parameter. */
export function parseJsonBody(bodyText) {
  if (bodyText.trim() === "") return { value: {} };
  try {
    return { value: JSON.parse(bodyText) };
  } catch {
    return {
      error: errorAnswer(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"),
    };
  }
}

function createPermissions({ organization, actor, params, bodyText }) {
  const parsed = parseJsonBody(bodyText);
  if (parsed.error) return parsed.error;
  const invalid = validateCreateRequest(parsed.value);
  if (invalid) return invalid;
  const { project_ids: projectIds } = parsed.value;
  // With a project directory, one unknown or archived project refuses the whole request.
  const refused = organization.projects?.grantRefusal(projectIds);
  if (refused) return refused;
  return { status: 200, body: listPage(organization.grant(params.checkpoint, projectIds, { actor })) };
}

function validateCreateRequest(body) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return errorAnswer(400, `Invalid type for request body: expected an object, but got ${jsonTypeName(body)} instead.`, { code: "invalid_type" });
  }
  const unknown = Object.keys(body).find((name) => name !== "project_ids");
  if (unknown !== undefined) {
    return errorAnswer(400, `Unrecognized request argument supplied: ${unknown}`, { param: unknown, code: "unknown_parameter" });
  }
  const projectIds = body.project_ids;
  if (projectIds === undefined) {
    return errorAnswer(400, "Missing required parameter: 'project_ids'.", { param: "project_ids", code: "missing_required_parameter" });
  }
  if (!Array.isArray(projectIds)) {
    return errorAnswer(400, `Invalid type for 'project_ids': expected an array of strings, but got ${jsonTypeName(projectIds)} instead.`, { param: "project_ids", code: "invalid_type" });
  }
  if (projectIds.length === 0) {
    return errorAnswer(400, "Invalid 'project_ids': empty array. Expected an array with minimum length 1, but got an empty array instead.", { param: "project_ids", code: "empty_array" });
  }
  for (const [index, projectId] of projectIds.entries()) {
    const param = `project_ids[${index}]`;
    if (typeof projectId !== "string") {
      return errorAnswer(400, `Invalid type for '${param}': expected a string, but got ${jsonTypeName(projectId)} instead.`, { param, code: "invalid_type" });
    }
    if (projectId === "") {
      return errorAnswer(400, `Invalid '${param}': empty string. Expected a string with minimum length 1, but got an empty string instead.`, { param, code: "empty_string" });
    }
  }
  return null;
}

function listPermissions({ organization, params, query }) {
  const limit = parseLimit(query.get("limit"), 10);
  if (limit.error) return limit.error;
  const pageSize = limit.value;
  const order = query.get("order") ?? "descending";
  if (order !== "ascending" && order !== "descending") {
    return errorAnswer(400, `Invalid value: '${order}'. Supported values are: 'ascending' and 'descending'.`, { param: "order", code: "invalid_value" });
  }

  let ordered = organization.permissions.list(params.checkpoint, order);
  // `after` is a position in the checkpoint's full ordering (the project_id filter applies
  // afterwards), so a cursor stays meaningful whatever the filter.
  // Choice (undocumented upstream): an unknown `after` id is a 400 rather than an empty
  // page, because an empty page would look like the end of the list and hide the bug.
  const after = query.get("after");
  if (after !== null) {
    const index = ordered.findIndex((permission) => permission.id === after);
    if (index < 0) {
      return errorAnswer(400, `Invalid 'after': no permission with id '${after}' exists for this checkpoint.`, { param: "after" });
    }
    ordered = ordered.slice(index + 1);
  }
  const projectId = query.get("project_id");
  if (projectId !== null) ordered = ordered.filter((permission) => permission.project_id === projectId);

  // A checkpoint the emulator has never heard of simply has no permissions (an empty page):
  // the emulator does not model which checkpoints exist.
  return { status: 200, body: listPage(ordered.slice(0, pageSize), ordered.length > pageSize) };
}

function deletePermission({ organization, actor, params }) {
  const removed = organization.revoke(params.checkpoint, params.permission_id, { actor });
  if (!removed) {
    return errorAnswer(404, `No checkpoint permission found with id '${params.permission_id}' for checkpoint '${params.checkpoint}'.`, { param: "permission_id" });
  }
  return { status: 200, body: { object: "checkpoint.permission", id: removed.id, deleted: true } };
}

function jsonTypeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (Number.isInteger(value)) return "an integer";
  if (typeof value === "number") return "a decimal";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
