// Types of every export. The same declarations serve all entries (browser, node, workerd).

/** `FineTuningCheckpointPermission`: one project's access to a checkpoint. */
export interface CheckpointPermission {
  object: "checkpoint.permission";
  /** The permission id (`cp_…`), used to revoke it. */
  id: string;
  /** Unix seconds. */
  created_at: number;
  project_id: string;
}

/** `ListFineTuningCheckpointPermissionResponse`: what create (and list) answer. */
export interface CheckpointPermissionPage {
  object: "list";
  data: CheckpointPermission[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
  /** The `x-request-id` of the answer; not enumerable, so `JSON.stringify` gives the API's JSON. */
  readonly _request_id?: string | null;
}

export interface CreateCheckpointPermissionsBody {
  /** The projects to grant access to: at least one, each non-empty. */
  project_ids: string[];
}

export type HeadersLike = Record<string, string | null | undefined> | Headers | Iterable<readonly [string, string]>;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Options of every call; the names are openai-node's. */
export interface RequestOptions {
  /** An admin API key. In Node, `OPENAI_ADMIN_KEY` is read when it is omitted. Optional when `headers` carry an `Authorization` for a proxy. */
  apiKey?: string;
  /** Default `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Sent as `OpenAI-Organization`. */
  organization?: string | null;
  /** Sent as `OpenAI-Project`. */
  project?: string | null;
  /** Milliseconds per attempt (default 600000). */
  timeout?: number;
  /** Retries after connection errors, 408, 409, 429 and 5xx (default 2). */
  maxRetries?: number;
  /** A fetch to use instead of the global one; it is called with `this` undefined. */
  fetch?: FetchLike;
  /** Extra headers; a `null` value removes one this package would send. */
  headers?: HeadersLike;
  /** Aborts the call at once, also during a backoff wait. */
  signal?: AbortSignal | null;
}

/** `POST /fine_tuning/checkpoints/{checkpoint}/permissions`: grants the projects access to the checkpoint. */
export function createCheckpointPermissions(
  checkpoint: string,
  body: CreateCheckpointPermissionsBody,
  options?: RequestOptions,
): Promise<CheckpointPermissionPage>;

/** OpenAI's error object, as the API sent it. */
export interface APIErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
  [key: string]: unknown;
}

export class OpenAIError extends Error {}

/** Bad input found before the network: nothing was sent. */
export class InvalidInputError extends OpenAIError {
  constructor(message: string, field: string);
  /** The argument or option at fault, e.g. `checkpoint`, `body.project_ids[2]`, `options.apiKey`. */
  readonly field: string;
}

export class APIError<
  TStatus extends number | undefined = number | undefined,
  THeaders extends Record<string, string> | undefined = Record<string, string> | undefined,
> extends OpenAIError {
  constructor(status: TStatus, error: APIErrorObject | undefined, message: string | undefined, headers: THeaders, requestID?: string | null);
  readonly status: TStatus;
  /** The answer's headers. */
  readonly headers: THeaders;
  /** The body's `error` object, when the body had one. */
  readonly error: APIErrorObject | undefined;
  readonly code: string | null | undefined;
  readonly param: string | null | undefined;
  readonly type: string | undefined;
  /** The answer's `x-request-id`: quote it to OpenAI support. */
  readonly requestID: string | null | undefined;
}

export class APIUserAbortError extends APIError<undefined, undefined> {
  constructor(options?: { message?: string });
}
export class APIConnectionError extends APIError<undefined, undefined> {
  constructor(options?: { message?: string; cause?: unknown });
}
export class APIConnectionTimeoutError extends APIConnectionError {
  constructor(options?: { message?: string });
}
export class BadRequestError extends APIError<400, Record<string, string>> {}
export class AuthenticationError extends APIError<401, Record<string, string>> {}
export class PermissionDeniedError extends APIError<403, Record<string, string>> {}
export class NotFoundError extends APIError<404, Record<string, string>> {}
export class ConflictError extends APIError<409, Record<string, string>> {}
export class UnprocessableEntityError extends APIError<422, Record<string, string>> {}
export class RateLimitError extends APIError<429, Record<string, string>> {}
export class InternalServerError extends APIError<number, Record<string, string>> {}
/** A success status whose body is not the documented object (not JSON, or the wrong shape). */
export class MalformedResponseError extends APIError<number, Record<string, string>> {}
