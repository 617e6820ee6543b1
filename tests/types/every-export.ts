// Uses every export the way an app would; `tsc --strict` must accept all of it.
import {
  createCheckpointPermissions, listCheckpointPermissions, listAllCheckpointPermissions, deleteCheckpointPermission,
  grantCheckpointPermissions, revokeCheckpointPermissions, syncCheckpointPermissions, CheckpointPermissionsClient,
  OpenAIError, InvalidInputError, APIError, APIUserAbortError, APIConnectionError, APIConnectionTimeoutError,
  BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError,
  RateLimitError, InternalServerError, MalformedResponseError, PartialFailureError, StalePlanError, applyCheckpointPlan,
  init, validateCheckpoint, validateProjectIds, validatePermissionId,
  type CheckpointPermission, type CheckpointPermissionPage, type RequestOptions, type SyncResult,
} from "../../pkg/index.js";
import { createCheckpointPermissions as createLean, NotFoundError as LeanNotFoundError } from "../../pkg/create/index.js";

const checkpoint = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const options: RequestOptions = {
  apiKey: "sk-fake-admin-…", baseURL: "https://api.openai.com/v1", organization: "org", project: null, timeout: 1000, maxRetries: 0,
  fetch: (input, init) => fetch(input, init), headers: { "x-trace": "1", accept: null }, signal: AbortSignal.timeout(100),
};

export async function everything(): Promise<string[]> {
  const page: CheckpointPermissionPage = await createCheckpointPermissions(checkpoint, { project_ids: ["p"] }, options);
  const lean: CheckpointPermissionPage = await createLean(checkpoint, { project_ids: ["p"] });
  const first: string | null = page.first_id;
  const listed = await listCheckpointPermissions(checkpoint, { after: "cp_1", limit: 2, order: "descending", project_id: "p" });
  const ids: string[] = [];
  for await (const permission of listAllCheckpointPermissions(checkpoint, null, options)) ids.push(permission.id);
  const deleted = await deleteCheckpointPermission(checkpoint, "cp_1");
  const granted = await grantCheckpointPermissions(checkpoint, ["a"], options);
  const revoked = await revokeCheckpointPermissions(checkpoint, ["a"], { concurrency: 2 });
  const synced: SyncResult = await syncCheckpointPermissions(checkpoint, ["a"], { dryRun: true });
  const exact: SyncResult = await applyCheckpointPlan(synced, { concurrency: 2 });
  const fromJson: SyncResult = await applyCheckpointPlan(JSON.parse(JSON.stringify(synced)));
  const client = new CheckpointPermissionsClient({ apiKey: "k" });
  const viaClient: CheckpointPermission[] = (await client.list(checkpoint)).data;
  for await (const permission of client.listAll(checkpoint, { limit: 1 })) ids.push(permission.project_id);
  await client.create(checkpoint, { project_ids: ["a"] });
  await client.delete(checkpoint, "cp_1");
  await client.grant(checkpoint, ["a"]);
  await client.revoke(checkpoint, ["a"], { concurrency: 1 });
  await client.applyPlan(await client.sync(checkpoint, [], { dryRun: true }));
  return [first ?? "", lean.object, listed.object, String(deleted.deleted), String(granted.created.length),
    String(revoked.notGranted.length), synced.grant.join(), synced.checkpoint, exact.desired.join(), fromJson.checkpoint, String(viaClient.length), ...ids];
}

export async function check(input: string): Promise<string | undefined> {
  await init();
  return (validateCheckpoint(input) ?? validateProjectIds([input]) ?? validatePermissionId(input))?.field;
}

export function describe(error: unknown): string {
  if (error instanceof InvalidInputError) return error.field;
  if (error instanceof StalePlanError) return error.changes.map((c) => `${c.checkpoint} +${c.added.length} -${c.removed.length}`).join() + JSON.stringify(error.plan);
  if (error instanceof PartialFailureError) return error.result.failed.map((f) => `${f.action} ${f.projectId} ${f.error.message}`).join();
  if (error instanceof RateLimitError) return `${error.status satisfies 429} ${error.requestID ?? ""}`;
  if (error instanceof LeanNotFoundError || error instanceof NotFoundError) return String(error.status);
  if (error instanceof APIConnectionTimeoutError || error instanceof APIConnectionError || error instanceof APIUserAbortError) return error.message;
  if (error instanceof BadRequestError || error instanceof AuthenticationError || error instanceof PermissionDeniedError
    || error instanceof ConflictError || error instanceof UnprocessableEntityError || error instanceof InternalServerError
    || error instanceof MalformedResponseError) return `${error.status} ${error.code ?? ""} ${error.param ?? ""} ${error.type ?? ""}`;
  if (error instanceof APIError) return JSON.stringify(error.error ?? null) + JSON.stringify(error.headers ?? {});
  return error instanceof OpenAIError ? error.message : "";
}
