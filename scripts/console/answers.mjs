// How the console server answers: the security headers every answer carries, and the small
// JSON answers it gives itself (errors in the API's own shape). Refusals: refusals.mjs.

export const COMMON_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

export function errorBody(message, type, code) {
  return { error: { message, type, param: null, code } };
}

export function sendJson(response, status, body, headers = {}, headOnly = false) {
  const bytes = Buffer.from(JSON.stringify(body, null, 2));
  response.writeHead(status, {
    ...COMMON_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(bytes.length),
    "cache-control": "no-store",
    ...headers,
  });
  response.end(headOnly ? undefined : bytes);
}
