// Secrets out of what the console server writes or answers: every occurrence of each secret (the
// admin key, the page's token) becomes "[redacted]". One helper for the proxy's answers and
// headers, the refusal log and the server's own lines.

export const REDACTED = "[redacted]";

/** `text` with each of `secrets` (empty ones skipped) masked. */
export function redact(text, secrets) {
  return secrets.reduce((masked, secret) => (secret ? masked.split(secret).join(REDACTED) : masked), String(text));
}
