// The package's error classes: JavaScript must define these (Rust cannot subclass Error), and
// they mirror openai-node's names and fields so `err instanceof RateLimitError` reads the same.
// Every class sets its own `name`, so checks by name survive minifiers and cross realms.

export class OpenAIError extends Error {}

/** Bad input found before the network; nothing was sent. `field` names the culprit. */
export class InvalidInputError extends OpenAIError {
  constructor(message, field) {
    super(message);
    this.field = field;
  }
}

export class APIError extends OpenAIError {
  constructor(status, error, message, headers, requestID) {
    super(message);
    this.status = status;
    this.headers = headers;
    this.requestID = requestID ?? headers?.["x-request-id"];
    this.error = error;
    this.code = error?.code;
    this.param = error?.param;
    this.type = error?.type;
  }
}

export class APIUserAbortError extends APIError {
  constructor({ message } = {}) {
    super(undefined, undefined, message || "Request was aborted.", undefined);
  }
}

export class APIConnectionError extends APIError {
  constructor({ message, cause } = {}) {
    super(undefined, undefined, message || "Connection error.", undefined);
    if (cause) this.cause = cause;
  }
}

export class APIConnectionTimeoutError extends APIConnectionError {
  constructor({ message } = {}) {
    super({ message: message ?? "Request timed out." });
  }
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}
/** A success status whose body is not the documented object (not JSON, or the wrong shape). */
export class MalformedResponseError extends APIError {}
/** The organization's audit log is off, so there is no history to read; the message says how to turn it on. */
export class AuditLoggingDisabledError extends APIError {}

/**
 * Some writes of a grant, revoke or sync failed. `result` is the call's result as far as it got:
 * what was created or revoked, and in `failed` each write that failed with its error.
 */
export class PartialFailureError extends OpenAIError {
  constructor(message, result) {
    super(message);
    this.result = result;
  }
}

/**
 * A saved plan (a dry-run sync's result, or planAccess's) could not be applied: the permissions
 * changed since it was made, so nothing was written. `changes` says what changed, per checkpoint;
 * `plan` is a fresh plan to review and apply instead.
 */
export class StalePlanError extends OpenAIError {
  constructor(message, changes, plan) {
    super(message);
    this.changes = changes;
    this.plan = plan;
  }
}

const classes = {
  OpenAIError, InvalidInputError, APIError, APIUserAbortError, APIConnectionError, APIConnectionTimeoutError,
  BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError,
  UnprocessableEntityError, RateLimitError, InternalServerError, MalformedResponseError, PartialFailureError,
  StalePlanError, AuditLoggingDisabledError,
};
for (const [name, cls] of Object.entries(classes)) {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}

/**
 * Called from wasm (`src/wasm/call_error.rs`), where the class table is (`src/error_class.rs`);
 * not part of the public API. A name it does not know is a bug between the two, never hidden
 * behind a generic class.
 */
export function makeError(name, message, p = {}) {
  switch (name) {
    case "InvalidInputError": return new InvalidInputError(message, p.field);
    case "APIUserAbortError": return new APIUserAbortError({ message });
    case "APIConnectionError": return new APIConnectionError({ message, cause: p.cause });
    case "APIConnectionTimeoutError": return new APIConnectionTimeoutError({ message });
    case "PartialFailureError": return new PartialFailureError(message, p.result);
    case "StalePlanError": return new StalePlanError(message, p.changes, p.plan);
  }
  const Class = Object.hasOwn(classes, name) ? classes[name] : undefined;
  if (Class === undefined || !(Class.prototype instanceof APIError || Class === APIError)) {
    throw new TypeError(`makeError: no error class is named ${JSON.stringify(name)}`);
  }
  return new Class(p.status, p.error, message, p.headers, p.requestID);
}
