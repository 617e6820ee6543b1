// The console's files: www/ at "/" and the built package pkg/ at "/pkg/", read-only, with a
// strict content security policy on the page.
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { extname, join, sep } from "node:path";

import { COMMON_HEADERS } from "./answers.mjs";
import { Refusal } from "./refusals.mjs";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

// The page's own code only; wasm compilation needs 'wasm-unsafe-eval'.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  // 'self' for the proxy; api.openai.com for the console's explicit direct-key mode.
  "connect-src 'self' https://api.openai.com",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Answers a GET or HEAD for a file under `roots.www` or `roots.pkg` (real paths); anything else
 * is returned as a Refusal (404, 405) for the server to answer and log.
 */
export async function serveStatic(request, response, rawPath, roots) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return Refusal.plain(405, "Method not allowed\n", { headers: { allow: "GET, HEAD" }, why: "method not allowed for a file" });
  }
  const file = await resolveStatic(rawPath, roots);
  if (!file) return Refusal.plain(404, "Not found\n", { why: "no such file" });
  const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? "application/octet-stream";
  const headers = {
    ...COMMON_HEADERS,
    "content-type": type,
    "content-length": String(file.size),
    "cache-control": "no-cache",
  };
  if (type.startsWith("text/html")) headers["content-security-policy"] = CONTENT_SECURITY_POLICY;
  response.writeHead(200, headers);
  if (request.method === "HEAD") return response.end();
  const stream = createReadStream(file.path);
  stream.on("error", () => response.destroy());
  stream.pipe(response);
}

/**
 * Maps a request path to a regular file under www/ (at "/") or pkg/ (at "/pkg/"), or null.
 * Each segment is decoded on its own and refused when it could leave its directory or names a
 * hidden file; the real path (symlinks resolved) must still lie under its root.
 */
async function resolveStatic(rawPath, roots) {
  let segments;
  try {
    segments = rawPath.slice(1).split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
  let root = roots.www;
  if (segments[0] === "pkg") {
    root = roots.pkg;
    segments = segments.slice(1);
    if (segments.length === 0) return null; // "/pkg" alone
  }
  if (segments.at(-1) === "") {
    if (root !== roots.www) return null; // no directory pages for the package
    segments[segments.length - 1] = "index.html";
  }
  for (const segment of segments) {
    if (segment === "" || segment.startsWith(".") || /[\\/\0:]/.test(segment) || /[\x00-\x1f\x7f]/.test(segment)) return null;
  }
  let real;
  try {
    real = await realpath(join(root, ...segments));
  } catch {
    return null;
  }
  if (!real.startsWith(root + sep)) return null;
  const info = await stat(real).catch(() => null);
  if (!info?.isFile()) return null;
  return { path: real, size: info.size };
}
