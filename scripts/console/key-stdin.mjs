// The console server's key hand-off: one line read from stdin, then stdin closed. A pipe leaves
// no trace a process of the same user can read later, unlike the environment or the command line
// (/proc/PID/environ and /proc/PID/cmdline stay readable for the server's whole life, whatever
// the process deletes from process.env).

/** An admin key is a few hundred characters; a longer line is not a key. */
export const MAX_KEY_LINE_BYTES = 4096;
/** run.sh writes the key before the server starts; waiting longer means nobody will. */
export const KEY_LINE_TIMEOUT_MS = 10_000;

/**
 * Reads the first line of `stream` (up to "\n" or the end; a trailing "\r" dropped), then destroys
 * the stream. Rejects with a message that never quotes what was read.
 */
export function readKeyLine(stream, { maxBytes = MAX_KEY_LINE_BYTES, timeoutMs = KEY_LINE_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const finish = (error, key) => {
      clearTimeout(timer);
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.destroy();
      if (error) reject(error);
      else resolve(key);
    };
    const onData = (chunk) => {
      const newline = chunk.indexOf(0x0a);
      chunks.push(newline < 0 ? chunk : chunk.subarray(0, newline));
      size += newline < 0 ? chunk.length : newline;
      if (size > maxBytes) return finish(new Error(`the key line on stdin is longer than ${maxBytes} bytes`));
      if (newline >= 0) onEnd();
    };
    const onEnd = () => {
      const key = Buffer.concat(chunks).toString("utf8").replace(/\r$/, "");
      finish(key === "" ? new Error("stdin held no key (an empty first line)") : null, key);
    };
    const onError = (error) => finish(new Error(`stdin could not be read (${error?.code ?? "error"})`));
    const timer = setTimeout(() => finish(new Error(`no key line on stdin within ${timeoutMs / 1000} s`)), timeoutMs);
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
  });
}
