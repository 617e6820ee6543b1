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
  /** The projects to grant access to: at least one, each a project id (`proj_…`). */
  project_ids: string[];
}

export type HeadersLike = Record<string, string | null | undefined> | Headers | Iterable<readonly [string, string]>;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Options of every call; the names are openai-node's. Each setting comes from its option, else
 * (in Node, Deno and Bun) the environment variable named below, else its default.
 */
export interface RequestOptions {
  /** An admin API key; else `OPENAI_ADMIN_KEY`. Optional when `headers` carry an `Authorization` for a proxy. */
  apiKey?: string;
  /** Else `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Sent as `OpenAI-Organization`; else `OPENAI_ORG_ID`. `null` sends none, whatever the environment says. */
  organization?: string | null;
  /** Sent as `OpenAI-Project`; else `OPENAI_PROJECT_ID`. `null` sends none, whatever the environment says. */
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
  /** In a browser page or worker an `apiKey` is refused unless this is `true`: every visitor could read it. */
  dangerouslyAllowBrowser?: boolean;
  /**
   * Told of each retry before its wait, so a page can say "attempt 2 of 3 in 0.5 s" rather than
   * wait unexplained. What it throws is ignored. Not read by the lean `/create` entry.
   */
  onRetry?: (retry: RetryNotice) => void;
}

export interface RetryNotice {
  /** The attempt about to be made: 2 for the first retry. */
  attempt: number;
  /** `maxRetries + 1`. */
  maxAttempts: number;
  delayMs: number;
  /** The status that is retried; `null` for a timeout or a connection error. */
  status: number | null;
  /** What went wrong, as the error would say it (never the key). */
  message: string;
}

/** `POST /fine_tuning/checkpoints/{checkpoint}/permissions`: grants the projects access to the checkpoint. */
export function createCheckpointPermissions(
  checkpoint: string,
  body: CreateCheckpointPermissionsBody,
  options?: RequestOptions,
): Promise<CheckpointPermissionPage>;

export interface ListCheckpointPermissionsQuery {
  /** A permission id (`cp_…`): the page starts after it. */
  after?: string;
  /** Page size, a whole number ≥ 1 (the API's default is 10; `listAll…` asks for 100 unless given). */
  limit?: number;
  /** By creation time; the API's default is "descending". */
  order?: "ascending" | "descending";
  /** Only this project's permissions. */
  project_id?: string;
}

/** `GET /fine_tuning/checkpoints/{checkpoint}/permissions`: one page. */
export function listCheckpointPermissions(
  checkpoint: string,
  query?: ListCheckpointPermissionsQuery | null,
  options?: RequestOptions,
): Promise<CheckpointPermissionPage>;

/**
 * Every permission, following the pages; `for await … break` sends no further request. The
 * `signal` is honoured between pages. A server that repeats a cursor or sends an empty page ends
 * the walk, whatever its `has_more` says.
 */
export function listAllCheckpointPermissions(
  checkpoint: string,
  query?: ListCheckpointPermissionsQuery | null,
  options?: RequestOptions,
): AsyncGenerator<CheckpointPermission, void, undefined>;

/** `DeleteFineTuningCheckpointPermissionResponse`. */
export interface DeletedCheckpointPermission {
  object: "checkpoint.permission";
  id: string;
  deleted: boolean;
  readonly _request_id?: string | null;
}

/** `DELETE /fine_tuning/checkpoints/{checkpoint}/permissions/{permission_id}`. */
export function deleteCheckpointPermission(checkpoint: string, permissionId: string, options?: RequestOptions): Promise<DeletedCheckpointPermission>;

/** One write of a grant, revoke or sync that failed, with its error. */
export interface FailedChange {
  action: "grant" | "revoke";
  projectId: string;
  /** For a revoke: the permission that could not be deleted. */
  permissionId?: string;
  error: OpenAIError;
}

export interface GrantResult {
  created: CheckpointPermission[];
  alreadyGranted: CheckpointPermission[];
  /** Always empty on success; filled in `PartialFailureError.result`. */
  failed: FailedChange[];
}

export interface RevokeResult {
  revoked: CheckpointPermission[];
  /** Projects asked for that had no permission. */
  notGranted: string[];
  failed: FailedChange[];
}

export interface SyncResult {
  checkpoint: string;
  /** The projects that should have access; `[]` means nobody. */
  desired: string[];
  dryRun: boolean;
  /** The name and status of every project the plan mentions, when the organization's projects could be read. */
  projects?: Record<string, ProjectInfo>;
  /** Desired projects that cannot be given access: nothing is written for this checkpoint while any is here. */
  refused?: ProjectProblem[];
  /** Said once: e.g. the organization's projects could not be read, so projects are shown by id only. */
  warnings?: string[];
  /** The plan: projects to grant, permissions to revoke, permissions kept. */
  grant: string[];
  revoke: CheckpointPermission[];
  keep: CheckpointPermission[];
  /** What was applied (empty for a dry run). */
  created: CheckpointPermission[];
  revoked: CheckpointPermission[];
  failed: FailedChange[];
}

export interface BatchOptions extends RequestOptions {
  /** Deletes in flight at once, 1–32 (default 4). */
  concurrency?: number;
  /**
   * The organization's projects (as `listAllProjects({ include_archived: true })` gives them), for
   * plans to name projects without reading them again. Without it, a sync or access run reads them once;
   * `null`: none are read, named or refused (for a caller that knows they cannot be read).
   */
  projects?: readonly Project[] | null;
}

/** `Project`: one project of the organization. */
export interface Project {
  id: string;
  object: "organization.project";
  name: string | null;
  created_at: number;
  archived_at: number | null;
  status: "active" | "archived" | string | null;
  [key: string]: unknown;
}

export interface ProjectPage {
  object: "list";
  data: Project[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
  readonly _request_id?: string | null;
}

export interface ListProjectsQuery {
  /** 1–100 (the API's default is 20; `listAllProjects` asks for 100 unless given). */
  limit?: number;
  after?: string;
  include_archived?: boolean;
}

/** `GET /organization/projects`: one page. */
export function listProjects(query?: ListProjectsQuery | null, options?: RequestOptions): Promise<ProjectPage>;
/** Every project, page after page. */
export function listAllProjects(query?: ListProjectsQuery | null, options?: RequestOptions): AsyncGenerator<Project, void, undefined>;

/** Who did something, as the audit log records it. */
export interface AuditLogActor {
  type?: "session" | "api_key" | string;
  session?: { user?: { id?: string; email?: string }; ip_address?: string; [key: string]: unknown };
  api_key?: { id?: string; type?: "user" | "service_account" | string; user?: { id?: string; email?: string }; service_account?: { id?: string }; [key: string]: unknown };
}

/** `AuditLog`: one event; its payload is under its own `type` (`"checkpoint.permission.created": { id, data }`). */
export interface AuditLog {
  id: string;
  type: string;
  effective_at: number;
  actor?: AuditLogActor | null;
  project?: { id?: string; name?: string };
  [key: string]: unknown;
}

export interface AuditLogPage {
  object: "list";
  data: AuditLog[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
  readonly _request_id?: string | null;
}

/** The API's own names and shapes, as openai-node takes them. */
export interface ListAuditLogsQuery {
  event_types?: string[];
  /** Unix seconds. */
  effective_at?: { gt?: number; gte?: number; lt?: number; lte?: number };
  project_ids?: string[];
  actor_ids?: string[];
  actor_emails?: string[];
  resource_ids?: string[];
  limit?: number;
  after?: string;
  before?: string;
}

/** `GET /organization/audit_logs`: one page, newest first. `AuditLoggingDisabledError` where audit logging is off. */
export function listAuditLogs(query?: ListAuditLogsQuery | null, options?: RequestOptions): Promise<AuditLogPage>;
/** Every event the query selects, page after page. */
export function listAllAuditLogs(query?: ListAuditLogsQuery | null, options?: RequestOptions): AsyncGenerator<AuditLog, void, undefined>;

/** One grant or revoke of a checkpoint, from the audit log. */
export interface AccessHistoryEvent {
  action: "granted" | "revoked";
  permissionId: string;
  projectId: string;
  /** From the organization's projects, when they could be read. */
  projectName: string | null;
  /** Who did it, when the log says: `label` is what to show (an email, a service account, a key). */
  actor: { kind: "user" | "service_account" | "api_key"; label: string; email?: string; id?: string; name?: string; keyId?: string } | null;
  /** Unix seconds. */
  effectiveAt: number;
  eventId: string;
}

export interface AccessHistory {
  checkpoint: string;
  since: number | null;
  until: number | null;
  /** Newest first. A revoke is joined to its grant to name the project; one whose grant the log no longer holds is left out. */
  events: AccessHistoryEvent[];
  warnings?: string[];
}

/**
 * Who granted or revoked which project's access to the checkpoint, and when: its
 * `checkpoint.permission.created` and `.deleted` events, newest first. `since` and `until` (Unix
 * seconds) bound the search. Where audit logging is off, rejects with `AuditLoggingDisabledError`.
 */
export function checkpointAccessHistory(checkpoint: string, query?: { since?: number; until?: number } | null, options?: BatchOptions): Promise<AccessHistory>;

export interface ProjectInfo {
  name: string | null;
  status: "active" | "archived" | "unknown";
}

export interface ProjectProblem {
  projectId: string;
  status: "archived" | "unknown";
  /** `proj_x is not a project of this organization; did you mean proj_y ("Weather")?` */
  message: string;
  didYouMean?: { id: string; name: string | null };
}

export interface SyncOptions extends BatchOptions {
  /** Plan only: list, compute, write nothing. */
  dryRun?: boolean;
}

/** Idempotent grant: lists what exists and creates only the missing project permissions. */
export function grantCheckpointPermissions(checkpoint: string, projectIds: readonly string[], options?: RequestOptions): Promise<GrantResult>;

/** Revoke by project id: every permission of each project is deleted. */
export function revokeCheckpointPermissions(checkpoint: string, projectIds: readonly string[], options?: BatchOptions): Promise<RevokeResult>;

/**
 * Makes the projects with access exactly `desiredProjectIds` (an empty list revokes everyone).
 * With `dryRun: true` the result is a plan that records the permissions it was computed from:
 * hand it to `applyCheckpointPlan` to write exactly it.
 */
export function syncCheckpointPermissions(checkpoint: string, desiredProjectIds: readonly string[], options?: SyncOptions): Promise<SyncResult>;

/** A plan: a dry-run sync's result (or one checkpoint of `planAccess`'s), as it came or as JSON read back. */
export type CheckpointPlan = Pick<SyncResult, "checkpoint" | "desired" | "grant" | "revoke" | "keep">;

/**
 * Writes exactly the plan's grants and revokes, as terraform applies a saved plan. If the
 * checkpoint's permissions changed since the plan was made, nothing is written and the call
 * rejects with `StalePlanError` (its `plan` is a fresh one). A plan whose writes do not follow
 * from its own `desired` (an edited file) is refused with `InvalidInputError`.
 */
export function applyCheckpointPlan(plan: CheckpointPlan, options?: BatchOptions): Promise<SyncResult>;

/** The same functions with options given once; per-call options are merged over them. */
export class CheckpointPermissionsClient {
  constructor(options?: SyncOptions);
  create(checkpoint: string, body: CreateCheckpointPermissionsBody, options?: RequestOptions): Promise<CheckpointPermissionPage>;
  list(checkpoint: string, query?: ListCheckpointPermissionsQuery | null, options?: RequestOptions): Promise<CheckpointPermissionPage>;
  listAll(checkpoint: string, query?: ListCheckpointPermissionsQuery | null, options?: RequestOptions): AsyncGenerator<CheckpointPermission, void, undefined>;
  delete(checkpoint: string, permissionId: string, options?: RequestOptions): Promise<DeletedCheckpointPermission>;
  grant(checkpoint: string, projectIds: readonly string[], options?: RequestOptions): Promise<GrantResult>;
  revoke(checkpoint: string, projectIds: readonly string[], options?: BatchOptions): Promise<RevokeResult>;
  sync(checkpoint: string, desiredProjectIds: readonly string[], options?: SyncOptions): Promise<SyncResult>;
  applyPlan(plan: CheckpointPlan, options?: BatchOptions): Promise<SyncResult>;
  accessHistory(checkpoint: string, query?: { since?: number; until?: number } | null, options?: BatchOptions): Promise<AccessHistory>;
  listProjects(query?: ListProjectsQuery | null, options?: RequestOptions): Promise<ProjectPage>;
  listAllProjects(query?: ListProjectsQuery | null, options?: RequestOptions): AsyncGenerator<Project, void, undefined>;
  listAuditLogs(query?: ListAuditLogsQuery | null, options?: RequestOptions): Promise<AuditLogPage>;
  listAllAuditLogs(query?: ListAuditLogsQuery | null, options?: RequestOptions): AsyncGenerator<AuditLog, void, undefined>;
  /** The organization's projects, archived included, read once and kept (`refresh` reads them again); the client's runs then use them. */
  projectDirectory(options?: { refresh?: boolean }): Promise<Project[]>;
}

/** Resolves at once: every entry has the wasm ready when its import resolves (kept for code that awaits it). */
export function init(): Promise<void>;
/**
 * The calls' own id rules, without a call: `null` when valid, else exactly the `InvalidInputError`
 * the call would reject with. A checkpoint is `ft:…` or `ft-…`, a project `proj_…`, a permission
 * `cp_…`; none may hold `/ \ % ? #`, whitespace, control characters or a dot segment.
 */
export function validateCheckpoint(value: unknown): InvalidInputError | null;
export function validateProjectIds(value: unknown): InvalidInputError | null;
export function validatePermissionId(value: unknown): InvalidInputError | null;

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
/** The organization's audit log is off (never turned on), so there is no history to read; the message says how to turn it on. */
export class AuditLoggingDisabledError extends APIError<number, Record<string, string>> {}

/**
 * Some writes of a grant, revoke or sync failed (or, for access as code, some checkpoints could
 * not be read). `result` is the call's result as far as it got: what succeeded, and in `failed`
 * each write that did not, with its error. Running the call again finishes the job.
 */
export class PartialFailureError extends OpenAIError {
  constructor(message: string, result: GrantResult | RevokeResult | SyncResult);
  /** When `planAccess` or `applyAccess` rejected, an `AccessReport`: see `AccessPartialFailure`. */
  readonly result: GrantResult | RevokeResult | SyncResult;
}

/**
 * A saved plan could not be applied: the permissions changed since it was made, so nothing was
 * written. `plan` is a fresh plan (a `SyncResult` for `applyCheckpointPlan`, an `AccessReport`
 * for `applyAccess`).
 */
export class StalePlanError extends OpenAIError {
  constructor(message: string, changes: PermissionChange[], plan: SyncResult | AccessReport);
  /** Per changed checkpoint: the permissions there now that the plan did not see, and those it saw that are gone. */
  readonly changes: PermissionChange[];
  readonly plan: SyncResult | AccessReport;
}

export interface PermissionChange {
  checkpoint: string;
  added: CheckpointPermission[];
  removed: CheckpointPermission[];
}

/**
 * The access file (`access.schema.json`): which projects may use each checkpoint. `[]` means
 * nobody. Exported by the `checkpoint-permissions/access` entry's calls.
 */
export interface AccessFile {
  $schema?: string;
  checkpoints: Record<string, string[]>;
}

/** One checkpoint of an access plan or apply: its sync's plan and outcome (`desired` is the file's list). */
export interface CheckpointAccessReport extends SyncResult {
  /** The checkpoint's permissions could not be read: nothing was planned or written for it. */
  error?: OpenAIError;
  /** An authentication failure stopped the run before this checkpoint: nothing was read or written. */
  notAttempted?: true;
}

export interface AccessReport {
  /** `true` for `planAccess`. */
  dryRun: boolean;
  /** Plan: nothing would change. Apply: the state now matches the file. */
  inSync: boolean;
  /** In the file's order. */
  checkpoints: CheckpointAccessReport[];
  totals: { checkpoints: number; grant: number; revoke: number; keep: number; created: number; revoked: number; failed: number; unreadable: number; notAttempted: number; refused: number };
  /** Said once for the run, e.g. the organization's projects could not be read. */
  warnings?: string[];
}
