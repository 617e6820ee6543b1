// The organization's audit log: the checkpoint.permission.created and .deleted events the
// emulator's writes record, and GET /v1/organization/audit_logs with every filter of the spec.

import { readFileSync } from "node:fs";

import { actorEmail, actorIds } from "./actors.mjs";
import { errorAnswer, listPage } from "./http.mjs";
import { randomAlphanumerics } from "./ids.mjs";
import { readBoolean, readInteger, readLimit, readList, readScalar, refuseUnknownParameters } from "./query.mjs";

// Assumption (OpenAI does not document what an organization without audit logging gets): a 400
// in OpenAI's shape. The package recognises it by the status and the words "audit log" and
// "not enabled", so both must stay in the message.
export const AUDIT_LOGGING_OFF_MESSAGE = "Audit logging is not enabled for this organization.";

export const PERMISSION_CREATED = "checkpoint.permission.created";
export const PERMISSION_DELETED = "checkpoint.permission.deleted";

// The spec's AuditLogEventType, read from the contract the answers are checked against, so an
// `event_types[]` value is refused exactly when the spec would not allow it.
const EVENT_TYPES = new Set(JSON.parse(
  readFileSync(new URL("../contract/openapi-schemas.json", import.meta.url), "utf8"),
).components.schemas.AuditLogEventType.enum);

const EFFECTIVE_AT_BOUNDS = ["gt", "gte", "lt", "lte"];
const LIST_FILTERS = ["event_types[]", "project_ids[]", "actor_ids[]", "actor_emails[]", "resource_ids[]"];
const PARAMETERS = [
  ...LIST_FILTERS, ...EFFECTIVE_AT_BOUNDS.map((bound) => `effective_at[${bound}]`),
  "tenant_only", "limit", "after", "before",
];

export class AuditLog {
  /** While false, nothing is recorded and the list route answers AUDIT_LOGGING_OFF_MESSAGE. */
  enabled;
  /** Public objects, exactly the spec's AuditLog, in the order recorded. */
  #events = [];
  // effective_at has one-second resolution: events of the same second are ordered by a
  // sequence kept beside them (a later one is newer), as permissions are.
  #sequenceOf = new WeakMap();
  #nextSequence = 0;

  constructor({ enabled = true } = {}) {
    this.enabled = enabled;
  }

  permissionCreated({ permission, checkpoint, actor, effectiveAt }) {
    return this.#record(PERMISSION_CREATED, effectiveAt, actor, {
      id: permission.id,
      data: { project_id: permission.project_id, fine_tuned_model_checkpoint: checkpoint },
    });
  }

  permissionDeleted({ permission, actor, effectiveAt }) {
    return this.#record(PERMISSION_DELETED, effectiveAt, actor, { id: permission.id });
  }

  /** Every event, newest first. */
  list() {
    return [...this.#events].sort((a, b) => b.effective_at - a.effective_at || this.#sequence(b) - this.#sequence(a));
  }

  clear() {
    this.#events.length = 0;
  }

  clone() {
    const copy = new AuditLog({ enabled: this.enabled });
    copy.#nextSequence = this.#nextSequence;
    for (const event of this.#events) {
      const duplicate = structuredClone(event);
      copy.#sequenceOf.set(duplicate, this.#sequence(event));
      copy.#events.push(duplicate);
    }
    return copy;
  }

  #record(type, effectiveAt, actor, payload) {
    if (!this.enabled) return undefined;
    const event = {
      id: `audit_log-${randomAlphanumerics(24)}`,
      type,
      effective_at: effectiveAt,
      actor: structuredClone(actor), // each event keeps the actor it was made with
      [type]: payload,
    };
    this.#sequenceOf.set(event, this.#nextSequence++);
    this.#events.push(event);
    return event;
  }

  // Events pushed in by hand have no sequence number; they sort as the oldest of their second.
  #sequence(event) {
    return this.#sequenceOf.get(event) ?? -1;
  }
}

/**
 * Whether an event passes every filter given (null or absent = no filter). Within one filter
 * any value may match; across filters all must.
 * `filters`: { eventTypes, effectiveAt: { gt, gte, lt, lte }, projectIds, actorIds, actorEmails,
 * resourceIds, tenantOnly }.
 */
export function eventMatches(event, filters) {
  const { eventTypes, effectiveAt = {}, projectIds, actorIds: wantedActorIds, actorEmails, resourceIds, tenantOnly = false } = filters;
  const at = event.effective_at;
  const { gt, gte, lt, lte } = effectiveAt;
  const payload = event[event.type];
  const anyOf = (wanted, values) => values.some((value) => value !== undefined && wanted.includes(value));
  return !(tenantOnly && !isTenantScoped(event.type))
    && (eventTypes == null || eventTypes.includes(event.type))
    && (gt == null || at > gt) && (gte == null || at >= gte) && (lt == null || at < lt) && (lte == null || at <= lte)
    // A project is named by the event's `project` (the scope of the action) or by its payload's data.
    && (projectIds == null || anyOf(projectIds, [event.project?.id, payload?.data?.project_id]))
    && (wantedActorIds == null || anyOf(wantedActorIds, actorIds(event.actor)))
    && (actorEmails == null || anyOf(actorEmails, [actorEmail(event.actor)]))
    && (resourceIds == null || anyOf(resourceIds, [payload?.id]));
}

/**
 * GET /v1/organization/audit_logs, newest first. Cursors are positions in the whole log (the
 * filters apply after them): `after` pages towards older events, `before` towards newer ones,
 * its page being the `limit` events just newer than the cursor, still newest first, and its
 * has_more telling whether even newer ones match.
 */
export function listAuditLogs({ organization, query }) {
  const log = organization.auditLog;
  if (!log.enabled) return errorAnswer(400, AUDIT_LOGGING_OFF_MESSAGE);
  const refused = refuseUnknownParameters(query, PARAMETERS);
  if (refused) return refused;
  const filters = readFilters(query);
  if (filters.error) return filters.error;
  const limit = readLimit(query, 20);
  if (limit.error) return limit.error;
  const after = readScalar(query, "after");
  if (after.error) return after.error;
  const before = readScalar(query, "before");
  if (before.error) return before.error;
  // Assumption (undocumented): a page has one direction, so both cursors at once are a 400.
  if (after.value !== null && before.value !== null) {
    return errorAnswer(400, "Invalid 'before': give either 'after' or 'before', not both.", { param: "before" });
  }

  const events = log.list();
  const cursor = after.value ?? before.value;
  let index = -1;
  if (cursor !== null) {
    index = events.findIndex((event) => event.id === cursor);
    const param = after.value !== null ? "after" : "before";
    if (index < 0) return errorAnswer(400, `Invalid '${param}': no audit log event with id '${cursor}' exists.`, { param });
  }
  const pageSize = limit.value;
  if (before.value !== null) {
    const newer = events.slice(0, index).filter((event) => eventMatches(event, filters.value));
    return { status: 200, body: listPage(newer.slice(-pageSize), newer.length > pageSize) };
  }
  const older = events.slice(index + 1).filter((event) => eventMatches(event, filters.value));
  return { status: 200, body: listPage(older.slice(0, pageSize), older.length > pageSize) };
}

function readFilters(query) {
  const lists = {};
  for (const name of LIST_FILTERS) {
    const { value, error } = readList(query, name);
    if (error) return { error };
    lists[name] = value;
  }
  const eventTypes = lists["event_types[]"];
  const unknownType = eventTypes?.find((type) => !EVENT_TYPES.has(type));
  if (unknownType !== undefined) {
    return { error: errorAnswer(400, `Invalid value for 'event_types[]': '${unknownType}' is not an audit log event type.`, { param: "event_types[]", code: "invalid_value" }) };
  }
  const effectiveAt = {};
  for (const bound of EFFECTIVE_AT_BOUNDS) {
    const { value, error } = readInteger(query, `effective_at[${bound}]`);
    if (error) return { error };
    effectiveAt[bound] = value;
  }
  const tenantOnly = readBoolean(query, "tenant_only", false);
  if (tenantOnly.error) return tenantOnly;
  // The spec: "When `true`, all supplied event types must be tenant-scoped."
  const notTenantScoped = tenantOnly.value ? eventTypes?.find((type) => !isTenantScoped(type)) : undefined;
  if (notTenantScoped !== undefined) {
    return { error: errorAnswer(400, `Invalid value for 'event_types[]': '${notTenantScoped}' is not tenant-scoped, and tenant_only is true.`, { param: "event_types[]", code: "invalid_value" }) };
  }
  return {
    value: {
      eventTypes,
      effectiveAt,
      projectIds: lists["project_ids[]"],
      actorIds: lists["actor_ids[]"],
      actorEmails: lists["actor_emails[]"],
      resourceIds: lists["resource_ids[]"],
      tenantOnly: tenantOnly.value,
    },
  };
}

// The spec names these as tenant-scoped; the emulator records none of them.
function isTenantScoped(type) {
  return type.startsWith("tenant.") || type === "role.bound_to_resource" || type === "role.unbound_from_resource";
}
