// An error as the CLI shows it: the fields a person or a tool acts on, the same in text and JSON.

/** { name, message, status, requestId, field }: null where the error has no such thing. */
export function errorFields(error) {
  return {
    name: typeof error?.name === "string" ? error.name : "Error",
    message: typeof error?.message === "string" ? error.message : String(error),
    status: Number.isInteger(error?.status) ? error.status : null,
    requestId: error?.requestID ?? error?.requestId ?? null,
    field: typeof error?.field === "string" ? error.field : null,
  };
}

/** "InternalServerError: 500 The server had an error… (request req_…)" */
export function errorSummary(error) {
  const { name, message, requestId } = errorFields(error);
  return `${name}: ${message}${requestId ? ` (request ${requestId})` : ""}`;
}
