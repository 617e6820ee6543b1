// The lean entry: createCheckpointPermissions and the error classes, typed as in the main entry.
export {
  createCheckpointPermissions, CheckpointPermission, CheckpointPermissionPage, CreateCheckpointPermissionsBody,
  RequestOptions, HeadersLike, FetchLike, APIErrorObject, OpenAIError, InvalidInputError, APIError, APIUserAbortError,
  APIConnectionError, APIConnectionTimeoutError, BadRequestError, AuthenticationError, PermissionDeniedError,
  NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError, InternalServerError, MalformedResponseError,
} from "../index.js";
