// What the console's key proxy may forward, and the exact request it forwards. A request is
// taken apart (path segments, query parameters, a create call's body), every id in it is checked
// with the package's own rules (its validate* exports, so the words are the package's), and the
// request sent upstream is written anew from the checked values: what was checked is what is
// sent, byte for byte, whatever spelling the caller chose.
//
//   GET    /v1/fine_tuning/checkpoints/{checkpoint}/permissions                   after, limit, order, project_id
//   POST   /v1/fine_tuning/checkpoints/{checkpoint}/permissions                   {"project_ids": [...]}
//   DELETE /v1/fine_tuning/checkpoints/{checkpoint}/permissions/{permission_id}
//   GET    /v1/organization/projects                                            limit, after, include_archived
//   GET    /v1/organization/audit_logs                                          (the parameters of AUDIT_LOG_QUERY)
//
// Nothing else is forwarded. Every refusal is OpenAI's error shape with a status and a short
// reason for the log (never a token, a key or an unbounded caller's text).
import { Refusal, describe } from "./refusals.mjs";

/** Upper bound on a free-text query value (an email, an actor id, a cursor). */
const MAX_TEXT_VALUE_LENGTH = 1024;
/** Upper bound on the parameters of one query: the audit log's lists are the only long ones. */
const MAX_QUERY_PARAMETERS = 200;

const PERMISSIONS_QUERY = {
  after: "permissionId",
  limit: "wholeNumber",
  order: "order",
  project_id: "projectId",
};
const PROJECTS_QUERY = {
  limit: "wholeNumber",
  after: "text",
  include_archived: "boolean",
};
// The names as OpenAI's OpenAPI document writes them (brackets included; "effective_at" is an
// object parameter, sent deepObject-style).
const AUDIT_LOG_QUERY = {
  "event_types[]": "textList",
  "effective_at[gt]": "wholeNumber",
  "effective_at[gte]": "wholeNumber",
  "effective_at[lt]": "wholeNumber",
  "effective_at[lte]": "wholeNumber",
  "project_ids[]": "projectIdList",
  "actor_ids[]": "textList",
  "actor_emails[]": "textList",
  "resource_ids[]": "textList",
  limit: "wholeNumber",
  after: "text",
  before: "text",
};

/**
 * The forwarded routes. A path part that is an object is an id segment, checked with `check`
 * and reported as `field`; `methods` maps each method to its query rules and body rule.
 */
const ROUTES = [
  {
    name: "checkpoint permissions",
    path: ["v1", "fine_tuning", "checkpoints", { field: "checkpoint", check: "validateCheckpoint" }, "permissions"],
    methods: { GET: { query: PERMISSIONS_QUERY }, POST: { query: {}, body: "createPermissions" } },
  },
  {
    name: "checkpoint permission",
    path: ["v1", "fine_tuning", "checkpoints", { field: "checkpoint", check: "validateCheckpoint" }, "permissions", { field: "permissionId", check: "validatePermissionId" }],
    methods: { DELETE: { query: {} } },
  },
  { name: "projects", path: ["v1", "organization", "projects"], methods: { GET: { query: PROJECTS_QUERY } } },
  { name: "audit logs", path: ["v1", "organization", "audit_logs"], methods: { GET: { query: AUDIT_LOG_QUERY } } },
];

// RFC 3986 pchar stays as it is in a path segment, as the package writes one (src/path.rs).
const PATH_SEGMENT_KEEPS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;
// Unreserved plus ":" and "@" stay as they are in a query name or value, as the package writes
// one (src/query.rs): every sub-delimiter is encoded, since servers split queries form-style.
const QUERY_KEEPS = /^[A-Za-z0-9\-._~:@]$/;

/**
 * Matches a request's method and raw path against ROUTES.
 * @returns {{ route, rule, idSegments: string[] } | Refusal} a 404 for any other path, a 405
 *   (with `allow`) for another method; the id segments still raw, checked by `writeUpstreamTarget`.
 */
export function matchRoute(method, rawPath) {
  const segments = rawPath.split("/").slice(1); // drop the empty one before the leading "/"
  for (const route of ROUTES) {
    if (route.path.length !== segments.length) continue;
    const fits = route.path.every((part, index) => typeof part === "object" || part === segments[index]);
    if (!fits) continue;
    const rule = route.methods[method];
    if (!rule) {
      const allow = Object.keys(route.methods).join(", ");
      return new Refusal(405, `Invalid method for URL (${method} ${describe(rawPath)})`, { headers: { allow }, why: `method not allowed (allow: ${allow})` });
    }
    return { route, rule, idSegments: segments.filter((_, index) => typeof route.path[index] === "object") };
  }
  return new Refusal(404, `Invalid URL (${method} ${describe(rawPath)})`, { why: "no such route" });
}

/**
 * The upstream path and query of a matched request (relative to the upstream base URL, with
 * "/v1" dropped), written from the decoded and checked ids and parameters, or a Refusal (400).
 * `ids` holds the package's validate* exports.
 */
export function writeUpstreamTarget({ route, rule, idSegments }, rawQuery, ids) {
  const path = [];
  let idIndex = 0;
  for (const part of route.path.slice(1)) {
    if (typeof part === "string") {
      path.push(part);
      continue;
    }
    const id = decodeComponent(idSegments[idIndex++], { plusIsSpace: false });
    if (id === undefined) return malformedEncoding(part.field, part.field);
    const problem = ids[part.check](id);
    if (problem) return invalidId(problem.message, problem.field);
    path.push(percentEncode(id, PATH_SEGMENT_KEEPS));
  }
  const query = checkQuery(rawQuery, rule.query, ids);
  if (query instanceof Refusal) return query;
  return { path: `/${path.join("/")}`, query };
}

/**
 * A create call's body: a JSON object with `project_ids` and nothing else, the ids checked with
 * the package's validateProjectIds and worded as the package's create call words them
 * ("body.project_ids[1] must be a project id (proj_…)"). Returns the JSON to forward (written
 * anew, so a duplicate key or odd spacing cannot make the upstream read other ids), or a Refusal.
 */
export function checkCreateBody(bytes, ids) {
  let value;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return new Refusal(400, "The request body must be JSON (UTF-8).", { param: "body", code: "invalid_json" });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return new Refusal(400, "The request body must be a JSON object.", { param: "body", code: "invalid_json" });
  }
  const unknown = Object.keys(value).find((name) => name !== "project_ids");
  if (unknown !== undefined) return unknownParameter(`body.${unknown}`, "Unknown body field");
  const problem = ids.validateProjectIds(value.project_ids);
  if (problem) {
    const renamed = renameField(problem, "projectIds", "body.project_ids");
    return invalidId(renamed.message, renamed.field);
  }
  return JSON.stringify({ project_ids: value.project_ids });
}

/** The query, checked against `allowed` (name → kind) and written anew; or a Refusal. */
function checkQuery(rawQuery, allowed, ids) {
  if (rawQuery === "") return "";
  const parts = rawQuery.split("&");
  if (parts.length > MAX_QUERY_PARAMETERS) {
    return new Refusal(400, `The query has more than ${MAX_QUERY_PARAMETERS} parameters.`, { code: "invalid_query" });
  }
  const seen = new Set();
  const written = [];
  for (const part of parts) {
    const equals = part.indexOf("=");
    const name = decodeComponent(equals < 0 ? part : part.slice(0, equals), { plusIsSpace: true });
    const value = decodeComponent(equals < 0 ? "" : part.slice(equals + 1), { plusIsSpace: true });
    if (name === undefined || value === undefined) return malformedEncoding("query", null);
    const kind = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (kind === undefined) return unknownParameter(name, "Unknown query parameter");
    // One value per scalar parameter: a proxy that checked the first and an upstream that reads
    // the last would disagree.
    if (!kind.endsWith("List") && seen.has(name)) {
      return new Refusal(400, `query.${name} is given more than once`, { param: name, code: "invalid_query" });
    }
    seen.add(name);
    const refusal = checkQueryValue(name, kind, value, ids);
    if (refusal) return refusal;
    written.push(`${percentEncode(name, QUERY_KEEPS)}=${percentEncode(value, QUERY_KEEPS)}`);
  }
  return written.join("&");
}

function checkQueryValue(name, kind, value, ids) {
  const field = `query.${name}`;
  const wrong = (problem) => new Refusal(400, `${field} ${problem}`, { param: name, code: "invalid_value" });
  switch (kind) {
    case "permissionId": {
      const problem = ids.validatePermissionId(value);
      return problem && invalidId(renameField(problem, "permissionId", field).message, name);
    }
    case "projectId":
    case "projectIdList": {
      const problem = ids.validateProjectIds([value]);
      return problem && invalidId(renameField(problem, "projectIds[0]", field).message, name);
    }
    case "wholeNumber":
      return /^[0-9]{1,15}$/.test(value) ? null : wrong("must be a whole number");
    case "boolean":
      return value === "true" || value === "false" ? null : wrong('must be "true" or "false"');
    case "order":
      return value === "ascending" || value === "descending" ? null : wrong('must be "ascending" or "descending"');
    case "text":
    case "textList":
      if (value === "") return wrong("must not be empty");
      if (/[\0-\x1f\x7f-\x9f]/.test(value)) return wrong("must not contain control characters");
      return value.length > MAX_TEXT_VALUE_LENGTH ? wrong(`must be at most ${MAX_TEXT_VALUE_LENGTH} characters`) : null;
    default:
      throw new Error(`no rule for the query kind ${kind}`);
  }
}

/** The package's error re-worded for the field the caller used: same problem, same words. */
function renameField(problem, from, to) {
  const rename = (text) => (text.startsWith(from) ? `${to}${text.slice(from.length)}` : text);
  return { message: rename(problem.message), field: rename(problem.field) };
}

function invalidId(message, param) {
  return new Refusal(400, message, { param, code: "invalid_id", why: `invalid id: ${message}` });
}

function malformedEncoding(field, param) {
  return new Refusal(400, `${field} is not valid percent-encoded UTF-8`, { param, code: param === null ? "invalid_query" : "invalid_id" });
}

function unknownParameter(name, what) {
  const shown = describe(name, 100);
  return new Refusal(400, `${what}: ${shown}`, { param: shown, code: "unknown_parameter" });
}

/**
 * Strict percent-decoding: every "%" starts two hex digits and the bytes are UTF-8, or the
 * result is undefined. In a query, "+" is a space, as the form-style readers upstream take it.
 */
function decodeComponent(raw, { plusIsSpace }) {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replaceAll("+", " ") : raw);
  } catch {
    return undefined;
  }
}

/** UTF-8 bytes, each kept when `keeps` accepts its character, else written %XX. */
function percentEncode(text, keeps) {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && keeps.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
