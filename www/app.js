// The admin console page: starts the panels (each a module of its own) once the console server's
// configuration, this run's token and the package are there. The package runs here from its
// /access entry (/pkg/access/browser.js): every call of the main entry plus the access-file
// engine, in one wasm. By default the console server (scripts/serve.mjs) holds the admin key and
// the page calls its /v1 with a per-run token; a direct key is possible only behind an explicit
// consent switch.

import { setupAccess } from "./access-panel.mjs";
import { setReady } from "./busy.mjs";
import { loadConfig, setupConnection, showConnection, takeConsoleToken } from "./connection.mjs";
import { refreshRelativeTimes } from "./dates.mjs";
import { $ } from "./dom.mjs";
import { RUN_SH_URL_HINT } from "./errors-view.mjs";
import { setupGrant } from "./grant-panel.mjs";
import { reloadHistory, setupHistory } from "./history-panel.mjs";
import { reload, setupPermissions, showAddressedView } from "./permissions-panel.mjs";
import { loadProjects, setupProjectsDirectory } from "./projects-directory.mjs";
import { session } from "./session.mjs";
import { setupSync } from "./sync-panel.mjs";

async function start() {
  // First, before anything can fail: the token leaves the address bar.
  session.token = takeConsoleToken();
  // Another connection may be another organization: its projects and history are read anew.
  setupConnection(() => {
    loadProjects();
    reload();
    reloadHistory();
  });
  setupProjectsDirectory();
  setupPermissions();
  setupGrant();
  setupSync();
  setupHistory();
  setupAccess();
  setReady(false);
  const fail = (message) => {
    const badge = $("upstream-badge");
    badge.textContent = "Offline";
    badge.className = "badge badge-error";
    const alert = $("console-alert");
    alert.textContent = message;
    alert.hidden = false;
  };
  try {
    session.config = await loadConfig();
  } catch (error) {
    fail(`The console could not start: ${error.message} Is scripts/serve.mjs running? ${RUN_SH_URL_HINT}`);
    return;
  }
  if (!session.token) {
    fail(`This page has no console token. ${RUN_SH_URL_HINT}`);
    return;
  }
  try {
    session.api = await import("/pkg/access/browser.js");
  } catch (error) {
    fail(`The package could not be loaded from /pkg/access/ (${error.message}). Build it with scripts/build.sh, then reload.`);
    return;
  }
  session.connection = { mode: "proxy", baseURL: session.config.baseURL };
  $("proxy-url").value = session.config.baseURL;
  showConnection();
  setReady(true);
  setInterval(refreshRelativeTimes, 30_000);
  loadProjects();
  document.body.dataset.ready = "true";
  showAddressedView({ initial: true });
}

start();
