// The admin keys the emulator accepts, and who each one acts as: the `actor` its writes are
// recorded with in the audit log, in the spec's AuditLogActor shape.

import { createHash } from "node:crypto";

/** The user every plain key belongs to. */
export const DEFAULT_ADMIN_USER = Object.freeze({ id: "user-emulatorAdmin000000000", email: "admin@example.com" });

/**
 * A plain key's actor: the default admin user's key. Its tracking id is derived from the key,
 * so the same key has the same id in every run and every process.
 */
export function userKeyActor(key) {
  const trackingId = `key_${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
  return { type: "api_key", api_key: { id: trackingId, type: "user", user: { ...DEFAULT_ADMIN_USER } } };
}

/**
 * `keys` (strings, or { key, actor } objects) → Map of key → actor, in the order given.
 * Throws TypeError for anything malformed, so a typo fails the test that made it.
 */
export function keyActors(keys) {
  if (!Array.isArray(keys)) throw new TypeError("keys must be an array of keys or { key, actor } objects");
  const actors = new Map();
  for (const entry of keys) {
    const { key, actor } = typeof entry === "string" ? { key: entry } : (entry ?? {});
    if (typeof key !== "string" || key === "") throw new TypeError("each key must be a non-empty string, or { key, actor } with one");
    if (actors.has(key)) throw new TypeError(`key listed twice: ${key.slice(0, 6)}…`);
    actors.set(key, actor === undefined ? userKeyActor(key) : checkActor(actor));
  }
  return actors;
}

/**
 * Returns the actor if it is one of the spec's three kinds (a user's key, a service account's
 * key, a session) with the ids and emails the audit log filters read; throws TypeError if not.
 * Other fields (user_agent, ip_address_details, …) are kept as given.
 */
export function checkActor(actor) {
  const fail = (what) => {
    throw new TypeError(`actor: ${what}, in ${JSON.stringify(actor)}`);
  };
  if (!isObject(actor)) fail("must be an object");
  if (actor.type === "api_key") {
    const { api_key: apiKey } = actor;
    if (!isObject(apiKey) || !isNonEmptyString(apiKey.id)) fail("api_key.id must be a non-empty string");
    if (apiKey.type === "user") checkUser(apiKey.user, "api_key.user", fail);
    else if (apiKey.type === "service_account") {
      if (!isObject(apiKey.service_account) || !isNonEmptyString(apiKey.service_account.id)) fail("api_key.service_account.id must be a non-empty string");
    } else fail('api_key.type must be "user" or "service_account"');
  } else if (actor.type === "session") {
    if (!isObject(actor.session)) fail("session must be an object");
    checkUser(actor.session.user, "session.user", fail);
    if (!isNonEmptyString(actor.session.ip_address)) fail("session.ip_address must be a non-empty string");
  } else {
    fail('type must be "api_key" or "session"');
  }
  return actor;
}

/** The ids an `actor_ids[]` filter matches: the user's or service account's id, and the key's tracking id. */
export function actorIds(actor) {
  return [actor?.api_key?.id, actor?.api_key?.user?.id, actor?.api_key?.service_account?.id, actor?.session?.user?.id]
    .filter((id) => id !== undefined);
}

/** The email an `actor_emails[]` filter matches, if the actor is a user. */
export function actorEmail(actor) {
  return actor?.api_key?.user?.email ?? actor?.session?.user?.email;
}

function checkUser(user, where, fail) {
  if (!isObject(user) || !isNonEmptyString(user.id) || !isNonEmptyString(user.email)) fail(`${where} must have a non-empty id and email`);
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value) {
  return typeof value === "string" && value !== "";
}
