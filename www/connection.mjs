// Where the page's calls go: the console server's key-holding proxy, authorized with this run's
// token, or (behind an explicit consent switch) straight to api.openai.com with a key typed here.

import { $, clearFieldError, showFieldError } from "./dom.mjs";
import { session } from "./session.mjs";
import { takeToken } from "./url-state.mjs";

export const TOKEN_STORAGE_KEY = "checkpoint-permissions-console-token";
const OPENAI_BASE_URL = "https://api.openai.com/v1";

/**
 * The console token. scripts/run.sh prints the console's URL with `#token=…`: it is kept in this
 * tab's sessionStorage, so a reload keeps working, and taken out of the address bar at once, so no
 * link copied from this tab carries it. Returns null when neither the address nor the tab has one.
 */
export function takeConsoleToken() {
  const { token, hash } = takeToken(location.hash);
  if (token !== null) {
    history.replaceState(history.state, "", `${location.pathname}${location.search}${hash}`);
    try {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // Storage disabled: the token still works until this tab reloads.
    }
    return token;
  }
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * Whether the console server refused this page's token (it was restarted, or the tab holds an
 * old one). The stored token is then dropped: it can never work again, and keeping it would hide
 * a fresh one.
 */
export function consoleTokenRefused(error) {
  if (error?.status !== 401 || error?.code !== "invalid_console_token") return false;
  try {
    sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to drop.
  }
  return true;
}

export async function loadConfig() {
  const response = await fetch("/console-config.json", { cache: "no-store", headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`The console server answered ${response.status} for its configuration.`);
  const value = await response.json();
  if (typeof value?.baseURL !== "string") throw new Error("The console configuration is incomplete (baseURL is required).");
  return value;
}

/** Options of every package call. */
export function callOptions(extra = {}) {
  const { connection, config, token } = session;
  if (connection?.mode === "direct") {
    return { apiKey: connection.apiKey, baseURL: OPENAI_BASE_URL, dangerouslyAllowBrowser: true, ...extra };
  }
  return { baseURL: connection?.baseURL ?? config.baseURL, headers: { Authorization: `Bearer ${token}` }, ...extra };
}

/** The connection panel. `onConnect` runs when the admin switches to another connection. */
export function setupConnection(onConnect) {
  const form = $("connection-form");
  const proxyInput = $("proxy-url");
  const consent = $("direct-consent");
  const keyInput = $("direct-key");
  const button = $("connection-submit");
  const status = $("connection-status");
  button.dataset.needsReady = "";

  const mode = () => form.elements.mode.value;
  const update = () => {
    $("proxy-fields").hidden = mode() !== "proxy";
    $("direct-fields").hidden = mode() !== "direct";
    keyInput.disabled = !consent.checked;
  };
  form.addEventListener("change", update);
  update();

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearFieldError(proxyInput);
    clearFieldError(keyInput);
    if (mode() === "proxy") {
      let url;
      try {
        url = new URL(proxyInput.value.trim(), location.href);
        if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
      } catch {
        showFieldError(proxyInput, "Enter an http:// or https:// URL.");
        proxyInput.focus();
        return;
      }
      session.connection = { mode: "proxy", baseURL: url.href.replace(/\/$/, "") };
      status.textContent = "Using the console server proxy.";
    } else {
      if (!consent.checked) {
        showFieldError(keyInput, "Tick the switch above to use a key in this page.");
        consent.focus();
        return;
      }
      const apiKey = keyInput.value.trim();
      if (!apiKey) {
        showFieldError(keyInput, "Enter an admin key.");
        keyInput.focus();
        return;
      }
      session.connection = { mode: "direct", apiKey };
      status.textContent = "Using the admin key directly.";
    }
    showConnection();
    onConnect();
  });
}

export function showConnection() {
  const { connection, config } = session;
  const badge = $("upstream-badge");
  const summary = $("connection-summary");
  if (connection.mode === "direct") {
    badge.textContent = "OpenAI API · key in browser";
    badge.className = "badge badge-live";
    badge.title = "Changes apply to your real organization; the key is held by this page.";
    summary.textContent = "Direct admin key · api.openai.com";
  } else if (config.upstream === "openai") {
    badge.textContent = "OpenAI API · live";
    badge.className = "badge badge-live";
    badge.title = "Changes made here apply to your real organization.";
    summary.textContent = `Console server proxy · ${connection.baseURL}`;
  } else {
    badge.textContent = "Local emulator";
    badge.className = "badge badge-ok";
    badge.title = "Changes stay in the local API emulator.";
    summary.textContent = `Console server proxy · ${connection.baseURL}`;
  }
}
