// What every panel shares: the package (imported at start), the console server's configuration,
// where calls go, and this run's console token.

export const session = {
  /** The package's /access entry: every call, one wasm. */
  api: null,
  /** { baseURL, upstream } from /console-config.json (never the token: that comes in the URL's fragment). */
  config: null,
  /** { mode: "proxy", baseURL } or { mode: "direct", apiKey }. */
  connection: null,
  /** The console token the proxy expects; null in direct mode's tab when none was given. */
  token: null,
};

/** Events between panels: "view" when the checkpoint shown or its loading state changes. */
export const events = new EventTarget();
