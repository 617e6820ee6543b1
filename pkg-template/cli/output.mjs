// Everything the command prints passes through here. The package already keeps the key out of its
// errors; this is the second line of defence, for text that comes from anywhere else.

const REDACTED = "[redacted]";
// Replacing a secret this short would garble ordinary text and hide nothing of value.
const SHORTEST_REDACTED_SECRET = 8;

export function redactingOutput(secrets, { stdout = process.stdout, stderr = process.stderr } = {}) {
  const hidden = secrets.filter((secret) => typeof secret === "string" && secret.length >= SHORTEST_REDACTED_SECRET);
  const redact = (text) => hidden.reduce((result, secret) => result.split(secret).join(REDACTED), String(text));
  return {
    out: (text) => stdout.write(redact(text)),
    err: (text) => stderr.write(redact(text)),
    /** Whether the error stream is a terminal, where progress and questions belong. */
    errIsTerminal: Boolean(stderr.isTTY),
  };
}
