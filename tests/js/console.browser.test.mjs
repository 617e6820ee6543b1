// The admin console (www/) in a real browser: Debian Chromium driven by playwright-core, against
// the console server (scripts/serve.mjs) in front of the API emulator, both on random 127.0.0.1
// ports. Screenshots of the main states go to tests/screenshots/ (git-ignored). The README's
// www/screenshot.png is refreshed only on request, so a test run leaves the tree clean:
// UPDATE_README_SCREENSHOT=1 node --test tests/js/console.browser.test.mjs
//
// The page is opened as scripts/run.sh prints it, with the console token in the fragment
// (#token=…). The "issue 18" suite walks each row of that table as an org admin would.
// The first suites run against an emulator without a project directory (the organization's
// projects answer 403, as for a key that may not list them): every id is bare there. The
// "issue 19" suite has its own emulator, with named projects and two keys (a person's and a CI
// service account's), for names, the picker and the History panel.

import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";
import * as pkg from "../../pkg/node.js";
import { startConsoleServer } from "../../scripts/serve.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOOLS = process.env.TEST_TOOLS || join(ROOT, "tests/tools/node_modules");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SCREENSHOTS = join(ROOT, "tests/screenshots");
const { chromium } = createRequire(join(TOOLS, "noop.js"))("playwright-core");

const CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd"; // the page's default
const STEP_200 = `${CHECKPOINT}:ckpt-step-200`;
const P = {
  a: "proj_abGMw1llN8IrBb6SvvY5A1iH",
  b: "proj_iqGMw1llN8IrBb6SvvY5A1oF",
  c: "proj_Xk2mP9qRs4TuVw7YzA1bC3dE",
  d: "proj_Lm8nO0pQ1rS2tU3vW4xY5zA6",
  e: "proj_Hj5kL7mN9pQ2rS4tU6vW8xY0",
};
const TOKEN_STORAGE_KEY = "checkpoint-permissions-console-token";
const DAY = 86_400;
/** Bound on every single wait in the page. */
const WAIT_MS = 10_000;
const TEST_OPTIONS = { timeout: 60_000 };
const LAPTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
/** The server's failure for a write, not retried, so a test need not wait out the backoff. */
const FAIL_500 = { status: 500, headers: { "x-should-retry": "false" } };

let emulator;
let consoleServer;
let browser;
/** Pages opened by the current test; closed after it. */
let contexts = [];
/** Messages the pages logged as errors; none are expected. */
let pageErrors = [];

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  emulator = await startEmulator();
  consoleServer = await startConsoleServer({ upstream: emulator.baseURL, adminKey: DEFAULT_ADMIN_KEY, log: () => {} });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await Promise.allSettled(contexts.map((context) => context.close()));
  await browser?.close();
  await consoleServer?.close();
  await emulator?.close();
});

beforeEach(async () => {
  await Promise.allSettled(contexts.map((context) => context.close()));
  contexts = [];
  pageErrors = [];
  emulator.reset();
});

// ---------------------------------------------------------------- helpers

/** A fresh browser profile (its own sessionStorage) with one page. */
async function newPage(viewport = LAPTOP) {
  const context = await browser.newContext({ viewport, colorScheme: "light", reducedMotion: "reduce" });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    // The browser logs every non-2xx answer; the tests cause those on purpose.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) pageErrors.push(message.text());
  });
  return page;
}

/** The console URL as scripts/run.sh prints it: the token in the fragment. `search` opens a view. */
const consoleURL = (search = "", token = consoleServer.token) => `${consoleServer.url}${search}#token=${token}`;

/** Waits until the console is connected and its first list load has finished. */
async function started(page) {
  await page.waitForSelector("body[data-ready='true']", { state: "attached" }).catch(async (error) => {
    const alert = await page.$eval("#console-alert", (node) => node.textContent).catch(() => "?");
    throw new Error(`the console did not start: ${alert} ${pageErrors.join(" | ")}`, { cause: error });
  });
  await idle(page);
  return page;
}

/** Opens the console as an admin does, from the URL run.sh printed. */
async function openConsole(viewport = LAPTOP, { search = "" } = {}) {
  const page = await newPage(viewport);
  await page.goto(consoleURL(search), { timeout: WAIT_MS });
  return started(page);
}

/** No action running anywhere on the page. */
async function idle(page) {
  await page.waitForFunction(() => document.querySelectorAll("[aria-busy='true']").length === 0, null, { timeout: WAIT_MS });
}

const tableProjects = (page) => page.$$eval("#permissions-table tbody tr", (rows) => rows.map((row) => row.dataset.projectId));

async function waitForTable(page, expected) {
  const want = [...expected].sort();
  await page.waitForFunction((want) => {
    const have = [...document.querySelectorAll("#permissions-table tbody tr")].map((row) => row.dataset.projectId).sort();
    return document.querySelectorAll("[aria-busy='true']").length === 0 && JSON.stringify(have) === JSON.stringify(want);
  }, want, { timeout: WAIT_MS }).catch(async (error) => {
    assert.deepEqual((await tableProjects(page)).sort(), want, `table never showed ${want.join(", ")}`);
    throw error;
  });
}

/** Projects with a permission on the checkpoint, in the emulator. */
function granted(checkpoint = CHECKPOINT) {
  return (emulator.state.get(checkpoint) ?? []).map((permission) => permission.project_id).sort();
}

const permissionOf = (projectId, checkpoint = CHECKPOINT) => emulator.state.get(checkpoint).find((permission) => permission.project_id === projectId);

const sorted = (ids) => [...ids].sort();

const apiRequests = () => emulator.requests.map((request) => `${request.method} ${request.path.split("/permissions")[1] ?? request.path}`);

/** The requests that write: a plan, a check or a list only reads. */
const writes = () => emulator.requests.filter((request) => request.method !== "GET");

async function shot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** The README's picture of the console: the top of the page at laptop width, kept small. */
async function readmeScreenshot(page) {
  const target = process.env.UPDATE_README_SCREENSHOT ? join(ROOT, "www/screenshot.png") : join(ROOT, "tests/screenshots/readme.png");
  await page.setViewportSize({ width: LAPTOP.width, height: 940 });
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.screenshot({ path: target, animations: "disabled" });
  assert.ok(statSync(target).size < 200_000, `the README screenshot stays small (${statSync(target).size} bytes)`);
}

/** The open confirmation's text. */
async function dialogText(page) {
  await page.waitForSelector("#confirm-dialog[open]");
  return textOf(page, "#confirm-dialog");
}

/** Waits for a confirmation whose text matches (one dialog may follow another), and returns its text. */
async function waitForDialog(page, pattern) {
  await page.waitForFunction((source) => {
    const dialog = document.getElementById("confirm-dialog");
    return dialog.open && new RegExp(source).test(dialog.textContent.replace(/\s+/g, " "));
  }, pattern.source, { timeout: WAIT_MS }).catch(async (error) => {
    assert.match(await textOf(page, "#confirm-dialog"), pattern);
    throw error;
  });
  return textOf(page, "#confirm-dialog");
}

/** Answers the open confirmation: confirm, or cancel (Escape). */
async function answer(page, confirm) {
  await page.waitForSelector("#confirm-dialog[open]");
  if (confirm) await page.click("#confirm-ok");
  else await page.keyboard.press("Escape");
  await page.waitForSelector("#confirm-dialog:not([open])", { state: "attached" });
}

/** Grants as an admin does: types, clicks, confirms the projects the dialog lists; returns that list's text. */
async function grant(page, text) {
  await page.fill("#grant-project-ids", text);
  await page.click("#grant-submit");
  const listed = await dialogText(page);
  await answer(page, true);
  await idle(page);
  return listed;
}

/** Previews a sync of `text` and waits for the plan. */
async function previewSync(page, text) {
  await page.fill("#sync-project-ids", text);
  await page.click("#sync-preview");
  await page.waitForSelector("#sync-plan:not([hidden])");
  await idle(page);
}

const accessFile = (checkpoints) => JSON.stringify({ checkpoints }, null, 2);

/** Waits until the page is idle and a status line matches. */
async function waitForStatus(page, selector, pattern) {
  await page.waitForFunction(([selector, source]) => document.querySelectorAll("[aria-busy='true']").length === 0
    && new RegExp(source).test(document.querySelector(selector).textContent), [selector, pattern.source], { timeout: WAIT_MS })
    .catch(async (error) => {
      assert.match(await textOf(page, selector), pattern);
      throw error;
    });
}

const waitForAccessStatus = (page, pattern) => waitForStatus(page, "#access-status", pattern);

/** One checkpoint's block in the access panel's report. */
const reportOf = (page, checkpoint) => textOf(page, `#access-report [data-checkpoint='${checkpoint}']`);

/** The request ids a text quotes, each checked to be one the emulator answered a `method` request with. */
function quotedRequestIds(text, method) {
  const ids = text.match(/req_\w+/g) ?? [];
  for (const id of ids) {
    assert.ok(emulator.requests.some((request) => request.method === method && request.requestId === id), `${id} answered a ${method}`);
  }
  return ids;
}

/** The History panel's rows, "granted proj_…" each, newest first. */
const historyRows = (page) => page.$$eval("#history-list li", (rows) => rows.map((row) => `${row.dataset.action} ${row.dataset.projectId}`));

/** Waits until the page is idle and History shows exactly these rows, in this order. */
async function waitForHistory(page, expected) {
  await page.waitForFunction((want) => document.querySelectorAll("[aria-busy='true']").length === 0
    && JSON.stringify([...document.querySelectorAll("#history-list li")].map((row) => `${row.dataset.action} ${row.dataset.projectId}`)) === JSON.stringify(want),
  expected, { timeout: WAIT_MS }).catch(async (error) => {
    assert.deepEqual(await historyRows(page), expected, "History never showed these rows");
    throw error;
  });
}

/** The offers the picker `input` shows for `text`, typed as an admin types: "Name — proj_…" each. */
async function pickerOffers(page, input, text) {
  await page.fill(input, "");
  await page.type(input, text);
  await page.waitForSelector(`#${input.slice(1)}-options:not([hidden])`);
  return page.$$eval(`#${input.slice(1)}-options [role=option]`, (options) => options.map((option) => option.innerText.replace(/\s+/g, " ").trim()));
}

const textOf = (page, selector) => page.$eval(selector, (node) => node.innerText.replace(/\s+/g, " ").trim());
const isVisible = (page, selector) => page.$eval(selector, (node) => !node.closest("[hidden]") && node.getClientRects().length > 0);
const isDisabled = (page, selector) => page.$eval(selector, (button) => button.disabled);
const rowButton = (projectId) => `#permissions-table tr[data-project-id='${projectId}'] td.col-action button`;
const rowCheckbox = (projectId) => `#permissions-table tr[data-project-id='${projectId}'] input[type=checkbox]`;

// ---------------------------------------------------------------- tests

describe("admin console in Chromium", () => {
  test("grant two projects: the confirmation lists them, rows appear; granting again sends nothing and says so", TEST_OPTIONS, async () => {
    const page = await openConsole();
    assert.deepEqual(await tableProjects(page), []);
    assert.ok(await isVisible(page, "#permissions-empty"), "an empty checkpoint says so");
    assert.match(await textOf(page, "#permissions-empty"), /No project has access to this checkpoint/);

    await page.fill("#grant-project-ids", `${P.a}\n ${P.b} , ${P.a}\n\n`); // blanks, spaces and a repeat
    await page.click("#grant-submit");
    const listed = await dialogText(page);
    assert.match(listed, /Grant access\?/);
    assert.ok(listed.includes(`2 projects will be able to use ${CHECKPOINT}: ${P.a} ${P.b}`), listed);
    assert.deepEqual(writes(), [], "nothing is written before the confirmation");
    await shot(page, "01-grant-confirm");
    await answer(page, true);
    await waitForTable(page, [P.a, P.b]);
    assert.deepEqual(granted(), sorted([P.a, P.b]));
    assert.match(await textOf(page, "#grant-status"), /2 projects granted/);
    assert.match(await textOf(page, "#grant-result"), /Granted now · 2/);
    const posts = emulator.requests.filter((request) => request.method === "POST");
    assert.equal(posts.length, 1, "one POST for both projects");
    assert.deepEqual(posts[0].json.project_ids, [P.a, P.b]);
    // Dates: a readable date and a relative one.
    assert.match(await textOf(page, "#permissions-table tbody tr td:nth-child(4)"), /just now/);
    await shot(page, "02-granted");

    emulator.requests.length = 0;
    await page.fill("#grant-project-ids", `${P.b} ${P.a}\t`); // a space or a tab separates ids too
    await page.click("#grant-submit");
    await waitForStatus(page, "#grant-status", /Nothing to do: every project already has access\. Nothing was sent\./);
    assert.equal(await page.$eval("#confirm-dialog", (dialog) => dialog.open), false, "nothing to confirm");
    assert.deepEqual(writes(), [], "nothing left to create, so no POST");
    assert.deepEqual(granted(), sorted([P.a, P.b]), "nothing duplicated on the server");
    assert.match(await textOf(page, "#grant-result"), /Already had access · 2/);
    assert.doesNotMatch(await textOf(page, "#grant-result"), /Granted now/);
    assert.deepEqual(pageErrors, []);
  });

  test("grant: the confirmation leaves out who already has access; cancelling sends nothing", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a]);
    const page = await openConsole();
    await waitForTable(page, [P.a]);
    await page.fill("#grant-project-ids", `${P.a} ${P.c}`);
    await page.click("#grant-submit");
    const listed = await dialogText(page);
    assert.ok(listed.includes(`1 project will be able to use ${CHECKPOINT}: ${P.c} Already have access, left as they are: ${P.a}`), listed);
    assert.equal(await textOf(page, "#confirm-ok"), "Grant 1 project");
    await answer(page, false);
    assert.match(await textOf(page, "#grant-status"), /Not granted: nothing was sent/);
    assert.deepEqual(writes(), []);
    assert.deepEqual(granted(), [P.a]);
    assert.deepEqual(pageErrors, []);
  });

  test("revoke one row with a confirmation dialog; cancel keeps it, confirm removes it", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b, P.c]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b, P.c]);

    await page.click(rowButton(P.b));
    const dialog = await dialogText(page);
    assert.ok(dialog.includes(`These projects will no longer be able to use ${CHECKPOINT}: ${P.b} (${permissionOf(P.b).id})`), dialog);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "confirm-cancel", "focus starts on Cancel");
    await shot(page, "03-revoke-confirm");
    await answer(page, false);
    assert.deepEqual(writes(), [], "cancelled: nothing sent");
    assert.deepEqual(granted(), sorted([P.a, P.b, P.c]));

    await page.click(rowButton(P.b));
    await answer(page, true);
    await waitForTable(page, [P.a, P.c]);
    assert.deepEqual(granted(), sorted([P.a, P.c]));
    assert.match(await textOf(page, "#revoke-status"), new RegExp(`Revoked ${P.b}`));

    // A selection: both remaining rows, one confirmation.
    await page.check(rowCheckbox(P.a));
    await page.check(rowCheckbox(P.c));
    assert.match(await textOf(page, "#revoke-selected"), /Revoke selected \(2\)/);
    await page.click("#revoke-selected");
    assert.match(await dialogText(page), /Revoke access for 2 projects\?/);
    await answer(page, true);
    await waitForTable(page, []);
    assert.deepEqual(granted(), sorted([]));
    assert.deepEqual(pageErrors, []);
  });

  test("sync: the plan is shown without writing, then confirmed and applied; the emulator matches", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b]);
    emulator.requests.length = 0;

    await previewSync(page, `${P.b}\n${P.c}\n${P.d}`);
    assert.match(await textOf(page, "#sync-plan .plan-grant"), new RegExp(`Will be granted · 2 ${P.c} ${P.d}`));
    assert.match(await textOf(page, "#sync-plan .plan-revoke"), new RegExp(`Will be revoked · 1 ${P.a}`));
    assert.match(await textOf(page, "#sync-plan .plan-keep"), new RegExp(`Keep access · 1 ${P.b}`));
    assert.ok(emulator.requests.every((request) => request.method === "GET"), `a dry run only reads: ${apiRequests()}`);
    assert.deepEqual(granted(), sorted([P.a, P.b]));
    await shot(page, "04-sync-plan");

    await page.click("#sync-apply");
    const dialog = await dialogText(page);
    assert.match(dialog, /Apply this plan\?/);
    assert.match(dialog, /Exactly these 3 changes will be written, and nothing else/);
    assert.match(dialog, new RegExp(`\\+ ${P.c} grant`));
    assert.match(dialog, new RegExp(`\\+ ${P.d} grant`));
    assert.match(dialog, new RegExp(`- ${P.a} revoke \\(${permissionOf(P.a).id}\\)`));
    assert.match(dialog, /2 to grant, 1 to revoke, 1 kept/);
    assert.deepEqual(writes(), [], "nothing is written before the confirmation");
    await shot(page, "05-sync-confirm");

    // Progress while it runs: slow the DELETE down and look at the page meanwhile.
    emulator.inject({ match: { method: "DELETE" }, delayHeadersMs: 600 });
    await page.click("#confirm-ok");
    await page.waitForSelector("#sync-progress:not([hidden])");
    assert.equal(await isDisabled(page, "#sync-apply"), true, "Apply is disabled while it runs");
    assert.equal(await isDisabled(page, "#sync-preview"), true);
    await shot(page, "06-sync-running");
    await page.waitForSelector("#sync-progress[hidden]", { state: "attached" });
    await waitForTable(page, [P.b, P.c, P.d]);
    assert.deepEqual(granted(), sorted([P.b, P.c, P.d]));
    assert.match(await textOf(page, "#sync-status"), /Applied: 2 grants, 1 revoke/);
    assert.equal(await isDisabled(page, "#sync-apply"), true, "nothing left to apply");
    assert.deepEqual(pageErrors, []);
  });

  test("sync partial failure lists the failed revoke; 'Retry the failed ones' finishes it", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b]);
    const page = await openConsole();
    await previewSync(page, P.c);

    emulator.inject({ match: { method: "DELETE", pathIncludes: permissionOf(P.b).id }, ...FAIL_500 });
    await page.click("#sync-apply");
    await answer(page, true);
    await page.waitForSelector("#sync-failures:not([hidden])");
    await idle(page);
    const alert = await textOf(page, "#sync-failures");
    assert.match(alert, new RegExp(`Applying the plan failed on ${CHECKPOINT}`));
    assert.match(alert, /1 change failed; 2 succeeded and stay done\./);
    assert.match(alert, new RegExp(`Revoke ${P.b} \\(cp_\\w+\\) — HTTP 500: .+ \\(request req_\\w+\\)`));
    assert.equal(quotedRequestIds(alert, "DELETE").length, 1);
    assert.deepEqual(granted(), sorted([P.b, P.c]), "one revoked, one failed, one granted");
    await waitForTable(page, [P.b, P.c]);
    assert.ok(await isVisible(page, "#sync-failures"), "the list reload leaves the failures");
    await shot(page, "07-sync-partial-failure");

    emulator.requests.length = 0;
    await page.click("#sync-failures-retry");
    await page.waitForSelector("#sync-failures[hidden]", { state: "attached" });
    await waitForTable(page, [P.c]);
    assert.deepEqual(granted(), [P.c]);
    assert.deepEqual(writes().map((request) => request.method), ["DELETE"], "the retry wrote only the failed revoke");
    assert.match(await textOf(page, "#sync-status"), /Applied: 0 grants, 1 revoke/);
    assert.deepEqual(pageErrors, []);
  });

  test("a 429 with retry-after-ms, then success, only shows as a short delay", TEST_OPTIONS, async () => {
    const page = await openConsole();
    emulator.requests.length = 0;
    emulator.inject({ status: 429, headers: { "retry-after-ms": "200" } });
    const started = Date.now();
    await grant(page, P.a);
    await waitForTable(page, [P.a]);
    assert.ok(Date.now() - started >= 200, "the retry waited as asked");
    assert.deepEqual(granted(), sorted([P.a]));
    assert.equal(emulator.requests[0].method, "GET", "the first request (the check before the confirmation) was answered 429 …");
    assert.equal(emulator.requests[1].method, "GET", "… and sent again");
    assert.equal(await isVisible(page, "#grant-error"), false, "no error shown");
    assert.equal(await isVisible(page, "#grant-failures"), false);
    assert.equal(await isVisible(page, "#list-error"), false);
    assert.match(await textOf(page, "#grant-status"), /1 project granted/);
    assert.deepEqual(pageErrors, []);
  });

  test("a 500 that outlasts the retries: the grant's failure lists the project, status and request id; retrying finishes it", TEST_OPTIONS, async () => {
    const page = await openConsole();
    emulator.requests.length = 0;
    await page.fill("#grant-project-ids", P.a);
    await page.click("#grant-submit");
    await page.waitForSelector("#confirm-dialog[open]");
    emulator.inject({ match: { method: "POST" }, status: 500, times: 3 });
    await answer(page, true);
    await page.waitForSelector("#grant-failures:not([hidden])");
    await idle(page);
    const posts = emulator.requests.filter((request) => request.method === "POST");
    assert.equal(posts.length, 3, "the first attempt and two retries");
    const alert = await textOf(page, "#grant-failures");
    assert.match(alert, new RegExp(`Granting access failed on ${CHECKPOINT}`));
    assert.match(alert, /1 change failed; nothing was written\./);
    assert.ok(alert.includes(`Grant ${P.a} — HTTP 500: The server had an error`), alert);
    assert.ok(alert.includes(`(request ${posts.at(-1).requestId})`), `the last attempt's request id is shown: ${alert}`);
    assert.ok(!alert.includes(DEFAULT_ADMIN_KEY) && !alert.includes(consoleServer.token), "no key, no token");
    assert.match(await textOf(page, "#grant-status"), /Grant failed: 1 project has no access/);
    assert.equal(await isDisabled(page, "#grant-submit"), false, "the button is usable again");
    assert.deepEqual(granted(), []);
    await shot(page, "08-grant-failed");

    await page.click("#grant-failures-retry");
    await page.waitForSelector("#grant-failures[hidden]", { state: "attached" });
    await waitForTable(page, [P.a]);
    assert.deepEqual(granted(), [P.a]);
    assert.match(await textOf(page, "#grant-status"), /1 project granted/);
    assert.deepEqual(pageErrors, []);
  });

  test("keyboard only: Tab to the grant field, type, Tab to the button, Enter, confirm; revoke likewise", TEST_OPTIONS, async () => {
    const page = await openConsole();
    let presses = 0;
    while (await page.evaluate(() => document.activeElement?.id) !== "grant-project-ids") {
      assert.ok(++presses <= 40, "the grant field is reachable with Tab");
      await page.keyboard.press("Tab");
    }
    await page.keyboard.type(`${P.c}, ${P.d}`);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "grant-submit");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#confirm-dialog[open]");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "confirm-cancel", "focus starts on Cancel");
    await page.keyboard.press("Tab"); // Cancel → Grant
    await page.keyboard.press("Enter");
    await waitForTable(page, [P.c, P.d]);
    assert.deepEqual(granted(), sorted([P.c, P.d]));

    // Revoke by keyboard too: the row's button, then Enter on the dialog's confirm button.
    await page.focus(rowButton(P.c));
    await page.keyboard.press("Enter");
    await page.waitForSelector("#confirm-dialog[open]");
    await page.keyboard.press("Tab"); // Cancel → Revoke
    await page.keyboard.press("Enter");
    await waitForTable(page, [P.d]);
    assert.deepEqual(pageErrors, []);
  });

  test("pagination and order", TEST_OPTIONS, async () => {
    const ids = Array.from({ length: 23 }, (_, index) => `proj_page${String(index).padStart(2, "0")}`);
    emulator.seed(CHECKPOINT, ids);
    const page = await openConsole();
    await page.selectOption("#order", "ascending");
    await waitForTable(page, ids.slice(0, 20));
    assert.deepEqual(await tableProjects(page), ids.slice(0, 20));
    assert.match(await textOf(page, "#list-status"), /20 permissions shown, more available\./);
    assert.ok(await isVisible(page, "#load-more"));
    await page.click("#load-more");
    await waitForTable(page, ids);
    assert.deepEqual(await tableProjects(page), ids, "the next page is appended in order");
    assert.equal(await isVisible(page, "#load-more"), false, "no more pages");
    const after = emulator.requests.filter((request) => request.query.after);
    assert.equal(after.length, 1, "Load more sends after=last_id");

    await page.selectOption("#order", "descending");
    await waitForTable(page, ids.slice(3));
    assert.equal((await tableProjects(page))[0], ids.at(-1), "newest first");
    assert.deepEqual(pageErrors, []);
  });

  test("direct key: only behind the consent switch, sent to api.openai.com, never shown", TEST_OPTIONS, async () => {
    const page = await openConsole();
    const key = "sk-fake-admin-direct-secret-0123456789";
    const seen = [];
    // No internet here: answer the browser's calls to api.openai.com with a refusal.
    await page.route("https://api.openai.com/**", async (route) => {
      seen.push({ url: route.request().url(), authorization: await route.request().headerValue("authorization") });
      await route.abort("connectionrefused");
    });
    await page.click("#connection summary");
    await page.check("input[name=mode][value=direct]");
    assert.equal(await page.$eval("#direct-key", (input) => input.disabled), true, "no key field before consent");
    await page.click("#connection-submit");
    assert.match(await textOf(page, "#direct-key-error"), /Tick the switch/);
    await page.check("#direct-consent");
    await page.fill("#direct-key", key);
    await page.click("#connection-submit");
    await page.waitForSelector("#list-error:not([hidden])");
    await idle(page);
    assert.match(await textOf(page, "#upstream-badge"), /key in browser/);
    assert.match(await textOf(page, "#list-error"), /No connection/);
    // Another connection may be another organization: its projects and history are read there too.
    assert.ok(seen.some((call) => call.url.startsWith("https://api.openai.com/v1/fine_tuning/checkpoints/")), JSON.stringify(seen.map((call) => call.url)));
    assert.ok(seen.every((call) => call.url.startsWith("https://api.openai.com/v1/") && call.authorization === `Bearer ${key}`));
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(!text.includes(key), "the key is not shown anywhere");
    assert.deepEqual(emulator.requests.filter((request) => request.headers.authorization?.includes(key)), []);
    await shot(page, "12-direct-key");

    await page.check("input[name=mode][value=proxy]");
    await page.click("#connection-submit");
    await page.waitForSelector("#list-error[hidden]", { state: "attached" });
    assert.match(await textOf(page, "#upstream-badge"), /Local emulator/);
  });

  test("laptop and phone layouts; every control has a label", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b, P.c]);
    const laptop = await openConsole(LAPTOP);
    await waitForTable(laptop, [P.a, P.b, P.c]);
    await grant(laptop, P.d);
    await waitForTable(laptop, [P.a, P.b, P.c, P.d]);
    await previewSync(laptop, `${P.a}\n${P.b}\n${P.d}\n${P.e}`);
    const unlabelled = await laptop.$$eval("input, select, textarea, button", (controls) => controls
      .filter((control) => !(control.labels?.length || control.getAttribute("aria-label") || control.textContent.trim()))
      .map((control) => control.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, []);
    await shot(laptop, "10-laptop");

    const phone = await openConsole(PHONE);
    await waitForTable(phone, [P.a, P.b, P.c, P.d]);
    // The access report holds the longest unbroken text on the page: checkpoint and permission ids.
    await phone.fill("#access-file", accessFile({ [CHECKPOINT]: [P.a], [STEP_200]: [] }));
    await phone.click("#access-plan");
    await waitForAccessStatus(phone, /Plan ready/);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no sideways scrolling at ${PHONE.width} px (page is ${width} px wide)`);
    await shot(phone, "11-phone");
    assert.deepEqual(pageErrors, []);
  });
});

describe("issue 18: what the admin sees is what happens", () => {
  test("a revoke that failed stays listed, with status and request id, through list reloads, until retried", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b, P.c, P.d]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b, P.c, P.d]);

    // One row: three 500s (the first attempt and both retries).
    emulator.inject({ match: { method: "DELETE" }, status: 500, times: 3 });
    await page.click(rowButton(P.b));
    await answer(page, true);
    await page.waitForSelector("#revoke-failures:not([hidden])");
    await waitForTable(page, [P.a, P.b, P.c, P.d]); // the list reloaded after the attempt …
    const deletes = emulator.requests.filter((request) => request.method === "DELETE");
    assert.equal(deletes.length, 3);
    const failure = await textOf(page, "#revoke-failures");
    assert.match(failure, new RegExp(`Revoking access failed on ${CHECKPOINT}`));
    assert.match(failure, /1 change failed; nothing was written\./);
    assert.ok(failure.includes(`Revoke ${P.b} (${permissionOf(P.b).id}) — HTTP 500: The server had an error`), failure);
    assert.ok(failure.includes(`(request ${deletes.at(-1).requestId})`), failure);
    assert.ok(await isVisible(page, "#revoke-failures"), "… and the failure is still shown");
    assert.match(await textOf(page, "#revoke-status"), /Revoke failed: 1 project still has access\./);
    await page.click("#list-submit"); // another reload, asked for
    await waitForTable(page, [P.a, P.b, P.c, P.d]);
    assert.ok(await isVisible(page, "#revoke-failures"), "a reload never clears a failure");
    await shot(page, "20-revoke-failed");

    await page.click("#revoke-failures-retry");
    await page.waitForSelector("#revoke-failures[hidden]", { state: "attached" });
    await waitForTable(page, [P.a, P.c, P.d]);
    assert.deepEqual(granted(), sorted([P.a, P.c, P.d]));

    // Several rows: one of the two deletes fails; the other stays done.
    await page.check(rowCheckbox(P.a));
    await page.check(rowCheckbox(P.c));
    await page.click("#revoke-selected");
    emulator.inject({ match: { method: "DELETE", pathIncludes: permissionOf(P.c).id }, status: 500, times: 3 });
    await answer(page, true);
    await page.waitForSelector("#revoke-failures:not([hidden])");
    await waitForTable(page, [P.c, P.d]);
    const partial = await textOf(page, "#revoke-failures");
    assert.match(partial, /1 change failed; 1 succeeded and stays done\./);
    assert.match(partial, new RegExp(`Revoke ${P.c} \\(cp_\\w+\\) — HTTP 500: .+ \\(request req_\\w+\\)`));
    assert.doesNotMatch(partial, new RegExp(P.a));
    assert.equal(quotedRequestIds(partial, "DELETE").length, 1);
    await page.click("#list-submit");
    await waitForTable(page, [P.c, P.d]);
    assert.ok(await isVisible(page, "#revoke-failures"));

    await page.click("#revoke-failures-dismiss");
    await page.waitForSelector("#revoke-failures[hidden]", { state: "attached" });
    assert.deepEqual(granted(), sorted([P.c, P.d]), "dismissing writes nothing");
    assert.deepEqual(pageErrors, []);
  });

  test("sync applies exactly the reviewed plan: a project granted meanwhile makes it stale, nothing is written, the new plan needs its own yes", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b, P.c]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b, P.c]);
    await previewSync(page, P.d);
    assert.match(await textOf(page, "#sync-plan .plan-revoke"), /Will be revoked · 3/);

    await page.click("#sync-apply");
    assert.match(await dialogText(page), /Exactly these 4 changes will be written/);
    // Behind the page's back, between the review and the yes: someone grants another project.
    emulator.seed(CHECKPOINT, [P.e]);
    emulator.requests.length = 0;
    await page.click("#confirm-ok");

    const second = await waitForDialog(page, /Apply the new plan\?/);
    assert.deepEqual(writes(), [], "the stale plan wrote nothing");
    assert.match(second, /Apply the new plan\?/);
    assert.match(second, /The permissions changed since you reviewed \(1 granted, 0 revoked since\), so nothing was written/);
    assert.match(second, new RegExp(`\\+ ${P.e} granted since you reviewed \\(${permissionOf(P.e).id}\\)`));
    assert.match(second, /Exactly these 5 changes will be written/);
    assert.match(second, new RegExp(`- ${P.e} revoke`));
    assert.equal(await textOf(page, "#confirm-ok"), "Apply 5 changes");
    await shot(page, "21-sync-stale");
    await answer(page, false);
    await idle(page);
    assert.deepEqual(writes(), [], "no second yes, no write");
    assert.deepEqual(granted(), sorted([P.a, P.b, P.c, P.e]));
    assert.match(await textOf(page, "#sync-error"), new RegExp(`changed since you reviewed.*\\+ ${P.e} granted since you reviewed`));
    assert.match(await textOf(page, "#sync-plan .plan-revoke"), /Will be revoked · 4/, "the new plan is the one shown");
    assert.match(await textOf(page, "#sync-status"), /Not applied: nothing was written\./);

    await page.click("#sync-apply");
    assert.match(await dialogText(page), /Apply this plan\?.*Exactly these 5 changes/);
    await answer(page, true);
    await waitForTable(page, [P.d]);
    assert.deepEqual(granted(), [P.d]);
    assert.equal(writes().filter((request) => request.method === "DELETE").length, 4);
    assert.deepEqual(pageErrors, []);
  });

  test("typos are flagged as typed with the package's own messages, and nothing is sent", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a]);
    const page = await openConsole();
    await waitForTable(page, [P.a]);
    emulator.requests.length = 0;

    // As typed: no click needed for the problems to show.
    await page.fill("#grant-project-ids", `${P.b} hello, proj-typo-123`);
    await page.waitForSelector("#grant-project-ids-error:not([hidden])");
    const grantProblems = await textOf(page, "#grant-project-ids-error");
    assert.match(grantProblems, /2 project ids are not valid, so nothing is sent:/);
    assert.match(grantProblems, /hello must be a project id \(proj_…\)/);
    assert.match(grantProblems, /proj-typo-123 must be a project id \(proj_…\)/);
    assert.doesNotMatch(grantProblems, new RegExp(P.b));
    await page.click("#grant-submit");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "grant-project-ids", "focus goes to the field");
    assert.equal(await page.getAttribute("#grant-project-ids", "aria-invalid"), "true");

    // Control characters other than whitespace (which separates ids) stay inside an id, shown escaped.
    await page.fill("#sync-project-ids", `${P.a}\nproj_with\bbackspace\n${P.b}, bad\u0007bell`);
    await page.waitForSelector("#sync-project-ids-error:not([hidden])");
    const syncProblems = await textOf(page, "#sync-project-ids-error");
    assert.match(syncProblems, /2 project ids are not valid, so nothing is sent:/);
    assert.match(syncProblems, /proj_with\\bbackspace must not contain control characters/);
    assert.match(syncProblems, /bad\\u0007bell must not contain control characters/);
    await page.click("#sync-preview");
    await shot(page, "22-typos");

    // The checkpoint "foo": flagged, the table emptied, and no claim that nobody has access.
    await page.fill("#checkpoint", "foo");
    await page.waitForSelector("#checkpoint-error:not([hidden])");
    assert.equal(await textOf(page, "#checkpoint-error"), "The checkpoint must be a fine-tuned model or checkpoint name (ft:…) or a checkpoint id (ft-…).");
    assert.deepEqual(await tableProjects(page), []);
    const empty = await textOf(page, "#permissions-empty");
    assert.match(empty, /Nothing is shown: the checkpoint must be a fine-tuned model/);
    assert.doesNotMatch(empty, /No project has access/);
    assert.equal(await textOf(page, "#list-status"), "");
    assert.equal(await isDisabled(page, "#grant-submit"), true, "no write without a valid checkpoint");
    assert.equal(await isDisabled(page, "#sync-preview"), true);
    assert.match(await textOf(page, "#grant-checkpoint"), /no checkpoint yet: enter a valid one above/);
    await page.waitForTimeout(800); // longer than the list reload's typing pause
    assert.deepEqual(emulator.requests, [], "no request was sent");
    assert.ok(!page.url().includes("foo"), "an invalid checkpoint is not written into the address");

    await page.fill("#checkpoint", CHECKPOINT);
    await page.waitForSelector("#checkpoint-error[hidden]", { state: "attached" });
    await waitForTable(page, [P.a]);
    assert.deepEqual(pageErrors, []);
  });

  test("the filter matches part of a project id as you type, says what it matches, and is cleared with the checkpoint", TEST_OPTIONS, async () => {
    const ids = Array.from({ length: 23 }, (_, index) => `proj_page${String(index).padStart(2, "0")}`);
    emulator.seed(CHECKPOINT, ids);
    emulator.seed(STEP_200, [P.a]);
    const page = await openConsole();
    await waitForTable(page, ids.slice(3));

    await page.type("#project-filter", "PAGE1"); // no Enter: it applies once typing pauses
    await waitForTable(page, ids.slice(10, 20));
    assert.equal(await textOf(page, "#list-status"), '10 of 23 permissions match "PAGE1" (part of the project id).');
    assert.equal(new URL(page.url()).searchParams.get("filter"), "PAGE1");
    assert.equal(await isVisible(page, "#load-more"), false, "a filter looks at every page, so there is no more to load");

    await page.fill("#project-filter", "zzz");
    await page.waitForFunction(() => /No permission matches/.test(document.getElementById("permissions-empty").textContent));
    await idle(page);
    const empty = await textOf(page, "#permissions-empty");
    assert.equal(empty, 'No permission matches "zzz": none of the 23 project ids on this checkpoint contains it.');
    assert.doesNotMatch(empty, /No project has access/);
    await shot(page, "23-filter-no-match");

    await page.fill("#checkpoint", STEP_200);
    assert.equal(await page.inputValue("#project-filter"), "", "another checkpoint, no filter");
    await waitForTable(page, [P.a]);
    assert.equal(new URL(page.url()).searchParams.get("filter"), null);
    assert.equal(await textOf(page, "#list-status"), "1 permission shown.");
    assert.deepEqual(pageErrors, []);
  });

  test("an empty, invalid or changed checkpoint empties the table and says why; writes wait while a list loads", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b]);
    emulator.seed(STEP_200, [P.c]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b]);
    assert.equal(await textOf(page, "#list-status"), "2 permissions shown.");

    await page.fill("#checkpoint", "");
    assert.deepEqual(await tableProjects(page), [], "emptied at once");
    assert.equal(await textOf(page, "#list-status"), "");
    assert.match(await textOf(page, "#permissions-empty"), /Enter a checkpoint to see who has access to it\./);
    assert.equal(await isVisible(page, "#shown-checkpoint"), false);

    await page.fill("#checkpoint", "ft:x/y");
    assert.match(await textOf(page, "#permissions-empty"), /Nothing is shown: the checkpoint must not contain "\/"\./);
    await page.fill("#checkpoint", STEP_200);
    assert.deepEqual(await tableProjects(page), []);
    assert.match(await textOf(page, "#permissions-empty"), /The checkpoint changed: its permissions load when you stop typing\./);
    assert.equal(await isDisabled(page, "#grant-submit"), true, "no write while the checkpoint changes");
    await waitForTable(page, [P.c]);
    assert.match(await textOf(page, "#grant-checkpoint"), new RegExp(STEP_200));

    // A slow reload: every write waits, the rows shown are dimmed, and none can be revoked.
    emulator.inject({ match: { method: "GET" }, delayHeadersMs: 1500 });
    await page.click("#list-submit");
    await page.waitForSelector("#permissions[aria-busy='true']");
    assert.equal(await isDisabled(page, rowButton(P.c)), true, "Revoke waits for the list");
    assert.equal(await isDisabled(page, "#grant-submit"), true);
    assert.equal(await isDisabled(page, "#sync-preview"), true);
    assert.match(await textOf(page, "#grant-checkpoint"), /loading its list/);
    await shot(page, "24-reloading");
    await waitForTable(page, [P.c]);
    assert.equal(await isDisabled(page, rowButton(P.c)), false);
    assert.equal(await isDisabled(page, "#grant-submit"), false);
    assert.deepEqual(pageErrors, []);
  });

  test("Export never replaces edits without asking, and exports the checkpoints the text names", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a]);
    emulator.seed(STEP_200, [P.c]);
    const page = await openConsole();
    await waitForTable(page, [P.a]);

    // Half edited, not JSON yet: it still names the step checkpoint, not the one shown above.
    const halfEdited = `{\n  "checkpoints": {\n    "${STEP_200}": ["${P.c}", "${P.d}"\n`;
    await page.fill("#access-file", halfEdited);
    await page.click("#access-export");
    const dialog = await dialogText(page);
    assert.match(dialog, /Replace your edits\?/);
    assert.ok(dialog.includes(`today's access to 1 checkpoint: ${STEP_200}`), dialog);
    assert.doesNotMatch(dialog, new RegExp(`${CHECKPOINT}(?!:)`));
    await shot(page, "25-export-confirm");
    await answer(page, false);
    assert.equal(await page.inputValue("#access-file"), halfEdited, "cancelled: the edits are kept");
    assert.match(await textOf(page, "#access-status"), /Not exported: your edits are kept\./);

    await page.click("#access-export");
    await answer(page, true);
    await waitForAccessStatus(page, /Exported today's access to 1 checkpoint\./);
    const exported = JSON.parse(await page.inputValue("#access-file"));
    assert.deepEqual(exported.checkpoints, { [STEP_200]: [P.c] });

    // Unedited since the export: refreshed without a question.
    emulator.seed(STEP_200, [P.d]);
    await page.click("#access-export");
    await waitForAccessStatus(page, /Exported today's access to 1 checkpoint\./);
    assert.equal(await page.$eval("#confirm-dialog", (dialog) => dialog.open), false);
    assert.deepEqual(sorted(JSON.parse(await page.inputValue("#access-file")).checkpoints[STEP_200]), sorted([P.c, P.d]));

    // Text that is no access file names no checkpoint: the one shown above is exported, after asking.
    await page.fill("#access-file", "notes to self");
    await page.click("#access-export");
    assert.ok((await dialogText(page)).includes(`today's access to 1 checkpoint: ${CHECKPOINT}`));
    await answer(page, true);
    await waitForAccessStatus(page, /Exported today's access to 1 checkpoint\./);
    assert.deepEqual(JSON.parse(await page.inputValue("#access-file")).checkpoints, { [CHECKPOINT]: [P.a] });
    assert.deepEqual(pageErrors, []);
  });

  test("the view is in the address: a reload or a shared link opens it, Back returns, and no link carries the token", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b]);
    emulator.seed(STEP_200, [P.c, P.d]);
    const page = await openConsole(LAPTOP, { search: `?checkpoint=${STEP_200}&order=ascending` });
    await waitForTable(page, [P.c, P.d]);
    assert.equal(await page.inputValue("#checkpoint"), STEP_200);
    assert.equal(await page.inputValue("#order"), "ascending");
    assert.ok(!page.url().includes("token"), `the token left the address bar: ${page.url()}`);
    assert.equal(page.url(), `${consoleServer.url}?checkpoint=${STEP_200}&order=ascending`);
    assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_STORAGE_KEY), consoleServer.token);
    assert.ok(emulator.requests.every((request) => request.headers.authorization === `Bearer ${DEFAULT_ADMIN_KEY}`), "the proxy took the token");

    await page.reload();
    await started(page);
    await waitForTable(page, [P.c, P.d]);
    assert.equal(await page.inputValue("#checkpoint"), STEP_200, "a reload keeps the view (and the token, from this tab)");

    // Another checkpoint, then Back.
    await page.fill("#checkpoint", CHECKPOINT);
    await waitForTable(page, [P.a, P.b]);
    assert.equal(page.url(), `${consoleServer.url}?checkpoint=${CHECKPOINT}&order=ascending`);
    await page.goBack();
    await waitForTable(page, [P.c, P.d]);
    assert.equal(await page.inputValue("#checkpoint"), STEP_200);
    await page.goForward();
    await waitForTable(page, [P.a, P.b]);

    // The link as a colleague gets it, opened in a console of their own (their run's token in the
    // fragment, as run.sh printed it for them): the same view.
    await page.fill("#project-filter", "iq");
    await waitForTable(page, [P.b]);
    const link = page.url();
    assert.ok(!link.includes("token") && !link.includes(consoleServer.token), link);
    const colleague = await newPage();
    await colleague.goto(`${link}#token=${consoleServer.token}`);
    await started(colleague);
    await waitForTable(colleague, [P.b]);
    assert.equal(await colleague.inputValue("#project-filter"), "iq");
    assert.deepEqual(pageErrors, []);
  });

  test("a page with no token, or a refused one, says once to open the URL run.sh printed", TEST_OPTIONS, async () => {
    // An address without the token (the console server never hands it out).
    const page = await newPage();
    await page.goto(consoleServer.url);
    await page.waitForSelector("#console-alert:not([hidden])");
    const alert = await textOf(page, "#console-alert");
    assert.match(alert, /This page has no console token\. Open the console URL printed by bash scripts\/run\.sh again \(it ends in #token=…\)\./);
    assert.deepEqual(emulator.requests, []);

    // The server restarted: the token this tab holds is refused.
    const stale = await newPage();
    await stale.goto(consoleURL("", "an-old-token"));
    await started(stale);
    await stale.waitForSelector("#list-error:not([hidden])");
    const error = await textOf(stale, "#list-error");
    assert.match(error, /The console server refused this page's token · HTTP 401/);
    assert.match(error, /It was restarted, or this tab holds an old token\. Open the console URL printed by bash scripts\/run\.sh again/);
    assert.equal(error.match(/run\.sh/g).length, 1, "said once");
    assert.doesNotMatch(error, /reload/i);
    assert.equal(await stale.evaluate((key) => sessionStorage.getItem(key), TOKEN_STORAGE_KEY), null, "the refused token is dropped");
    await shot(stale, "26-token-refused");
    assert.deepEqual(pageErrors, []);
  });

  test("each write panel names its checkpoint; retries show as they happen; a disabled button looks disabled", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a]);
    const page = await openConsole();
    await waitForTable(page, [P.a]);
    assert.equal(await textOf(page, "#grant-checkpoint"), CHECKPOINT);
    assert.equal(await textOf(page, "#sync-checkpoint"), CHECKPOINT);
    assert.equal(await textOf(page, "#shown-checkpoint"), `Showing ${CHECKPOINT}`);

    // Two 503s, each asking for 800 ms: the status says so while it waits, attempt by attempt.
    emulator.inject({ match: { method: "GET" }, status: 503, headers: { "retry-after-ms": "800" }, times: 2 });
    await page.click("#list-submit");
    await page.waitForFunction(() => /HTTP 503: retrying, attempt 2 of 3 in 0\.8 s\./.test(document.getElementById("list-status").textContent));
    await shot(page, "27-retrying");
    await page.waitForFunction(() => /attempt 3 of 3 in 0\.8 s\./.test(document.getElementById("list-status").textContent));
    await waitForTable(page, [P.a]);
    assert.equal(await textOf(page, "#list-status"), "1 permission shown.");

    // The sync panel's Apply before any plan: disabled, and visibly so next to an enabled primary button.
    assert.equal(await isDisabled(page, "#sync-apply"), true);
    const look = (selector) => page.$eval(selector, (button) => {
      const style = getComputedStyle(button);
      return { background: style.backgroundColor, color: style.color, border: style.borderTopStyle, cursor: style.cursor };
    });
    const disabled = await look("#sync-apply");
    const enabled = await look("#access-apply");
    assert.notEqual(disabled.background, enabled.background, "not the accent colour");
    assert.notEqual(disabled.color, enabled.color);
    assert.equal(disabled.border, "dashed");
    assert.equal(disabled.cursor, "not-allowed");
    assert.deepEqual(pageErrors, []);
  });

  test("at 390 px the checkpoint's distinguishing end stays visible", TEST_OPTIONS, async () => {
    emulator.seed(STEP_200, [P.a]);
    const page = await openConsole(PHONE, { search: `?checkpoint=${STEP_200}` });
    await waitForTable(page, [P.a]);
    // The field shows the end of the id …
    const field = await page.$eval("#checkpoint", (input) => ({ scrollLeft: input.scrollLeft, scrollWidth: input.scrollWidth, clientWidth: input.clientWidth }));
    assert.ok(field.scrollWidth > field.clientWidth, "the id is longer than the field at this width");
    assert.ok(field.scrollLeft >= field.scrollWidth - field.clientWidth - 2, `the field is scrolled to the id's end: ${JSON.stringify(field)}`);
    // … and the table names the whole id, wrapped, inside the page.
    const shown = await page.$eval("#shown-checkpoint", (node) => {
      const box = node.getBoundingClientRect();
      return { text: node.textContent, right: box.right, scrollWidth: node.scrollWidth, clientWidth: node.clientWidth };
    });
    assert.ok(shown.text.endsWith(":B7R9VjQd:ckpt-step-200"), shown.text);
    assert.ok(shown.right <= PHONE.width && shown.scrollWidth <= shown.clientWidth, JSON.stringify(shown));
    assert.ok((await textOf(page, "#grant-checkpoint")).endsWith(":ckpt-step-200"));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no sideways scrolling (page is ${width} px wide)`);
    await shot(page, "28-phone-checkpoint-end");
    assert.deepEqual(pageErrors, []);
  });
});

describe("without the organization's projects (a 403), in Chromium", () => {
  test("the note says so once, quietly; grant, revoke, sync, the access file and History work with bare ids", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a]);
    const page = await openConsole();
    await waitForTable(page, [P.a]);
    const note = await textOf(page, "#projects-status");
    assert.match(note, /^Project names could not be read, so projects are shown by id \(HTTP 403: This emulator has no project directory/);
    assert.ok(await isVisible(page, "#projects-refresh"), "with a way to try again");
    assert.equal(await page.$eval("#projects", (node) => node.classList.contains("alert")), false, "a note, not an alert");
    for (const picker of ["#grant-project-search", "#sync-project-search", "#access-project-search"]) {
      assert.equal(await isVisible(page, picker), false, `${picker}: nothing to search, so no picker`);
    }
    assert.equal(await textOf(page, `#permissions-table tr[data-project-id='${P.a}'] td.col-project`), P.a, "the bare id");

    // Pasting ids works as it always did; nothing claims a project is unknown.
    const listed = await grant(page, P.b);
    assert.ok(listed.includes(`1 project will be able to use ${CHECKPOINT}: ${P.b} Cancel`), listed);
    await waitForTable(page, [P.a, P.b]);
    await page.click(rowButton(P.a));
    await answer(page, true);
    await waitForTable(page, [P.b]);
    await previewSync(page, `${P.b} ${P.c}`);
    assert.match(await textOf(page, "#sync-plan .plan-grant"), new RegExp(`^Will be granted · 1 ${P.c}$`));
    await page.fill("#access-file", accessFile({ [CHECKPOINT]: [P.c] }));
    await page.click("#access-plan");
    await waitForAccessStatus(page, /Plan ready: 2 changes in 1 checkpoint/);
    assert.match(await reportOf(page, CHECKPOINT), new RegExp(`\\+ ${P.c} grant - ${P.b} revoke`));

    // History names no project either, and says who did it (the console's key: admin@example.com's).
    await waitForHistory(page, [`revoked ${P.a}`, `granted ${P.b}`, `granted ${P.a}`]);
    assert.match(await textOf(page, "#history-list li:first-child"), new RegExp(`^Revoked ${P.a} by admin@example\\.com just now`));

    const body = await page.evaluate(() => document.body.innerText);
    assert.equal(body.match(/projects could not be read|Project names could not be read/gi).length, 1, "said once, not again by each plan or the history");
    assert.equal(body.match(/not a project of this organization/g), null, "no id is called unknown without the projects to know");
    assert.equal(await isVisible(page, "#projects-warnings"), false);
    const projectReads = emulator.requests.filter((request) => request.path.startsWith("/v1/organization/projects"));
    assert.equal(projectReads.length, 1, "read once by the page; no grant, sync, plan or history asks again");
    await shot(page, "29-no-project-names");
    assert.deepEqual(pageErrors, []);
  });
});

describe("access file panel in Chromium", () => {
  test("export, plan in sync; edit, the plan shows grants, revokes and [] loudly; apply after confirming converges", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b]);
    emulator.seed(STEP_200, [P.c]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b]);

    // An empty file: Export takes the checkpoint the page shows.
    await page.click("#access-export");
    await waitForAccessStatus(page, /Exported today's access to 1 checkpoint\./);
    const exported = JSON.parse(await page.inputValue("#access-file"));
    assert.deepEqual(Object.keys(exported.checkpoints), [CHECKPOINT]);
    assert.deepEqual(sorted(exported.checkpoints[CHECKPOINT]), sorted([P.a, P.b]));
    assert.equal(await page.inputValue("#access-file"), JSON.stringify(exported, null, 2), "2-space JSON");

    emulator.requests.length = 0;
    await page.click("#access-plan");
    await waitForAccessStatus(page, /In sync: 1 checkpoint, all as the file says\. Nothing to apply\./);
    assert.match(await reportOf(page, CHECKPOINT), /0 to grant, 0 to revoke, 2 kept/);
    assert.deepEqual(writes(), [], "a plan only reads");

    // A file that names checkpoints: Export refreshes those (after asking, since this is an edit).
    await page.fill("#access-file", accessFile({ [CHECKPOINT]: [], [STEP_200]: [] }));
    await page.click("#access-export");
    await answer(page, true);
    await waitForAccessStatus(page, /Exported today's access to 2 checkpoints\./);
    const refreshed = JSON.parse(await page.inputValue("#access-file")).checkpoints;
    assert.deepEqual(Object.keys(refreshed), [CHECKPOINT, STEP_200]);
    assert.deepEqual(refreshed[STEP_200], [P.c]);

    await page.fill("#access-file", accessFile({ [CHECKPOINT]: [P.b, P.d], [STEP_200]: [] }));
    emulator.requests.length = 0;
    await page.click("#access-plan");
    await waitForAccessStatus(page, /Plan ready: 3 changes in 2 checkpoints\./);
    const weather = await reportOf(page, CHECKPOINT);
    assert.match(weather, /1 to grant, 1 to revoke, 1 kept/);
    assert.match(weather, new RegExp(`\\+ ${P.d} grant`));
    assert.match(weather, new RegExp(`- ${P.a} revoke \\(cp_\\w+\\)`));
    assert.doesNotMatch(weather, /Nobody/);
    const step = await reportOf(page, STEP_200);
    assert.match(step, /0 to grant, 1 to revoke, 0 kept/);
    assert.match(step, /Nobody may use this checkpoint/);
    assert.match(step, new RegExp(`- ${P.c} revoke`));
    assert.ok(await isVisible(page, `#access-report [data-checkpoint='${STEP_200}'] .access-nobody`));
    assert.deepEqual(writes(), [], "a plan only reads");
    await shot(page, "13-access-plan");

    // Apply shows the plan and asks; cancelling writes nothing.
    await page.click("#access-apply");
    const dialog = await dialogText(page);
    assert.match(dialog, /Apply the access file\?/);
    assert.match(dialog, new RegExp(`\\+ ${P.d} grant`));
    assert.match(dialog, new RegExp(`- ${P.c} revoke`));
    assert.match(dialog, /Nobody may use this checkpoint/);
    assert.equal(await textOf(page, "#confirm-ok"), "Apply 3 changes");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "confirm-cancel", "focus starts on Cancel");
    await shot(page, "14-access-confirm");
    await answer(page, false);
    await waitForAccessStatus(page, /Not applied: nothing was written\./);
    assert.deepEqual(writes(), []);

    await page.click("#access-apply");
    await answer(page, true);
    await waitForAccessStatus(page, /Applied: 1 grant, 2 revokes\. The permissions now match the file\./);
    assert.deepEqual(granted(), sorted([P.b, P.d]));
    assert.deepEqual(granted(STEP_200), []);
    const applied = await reportOf(page, CHECKPOINT);
    assert.match(applied, /1 granted, 1 revoked, 0 failed, 1 kept/);
    assert.match(applied, new RegExp(`\\+ ${P.d} granted`));
    assert.match(applied, new RegExp(`- ${P.a} revoked`));
    await waitForTable(page, [P.b, P.d]); // the table showed an affected checkpoint: reloaded

    await page.click("#access-plan");
    await waitForAccessStatus(page, /In sync: 2 checkpoints/);
    assert.deepEqual(pageErrors, []);
  });

  test("apply writes exactly the confirmed plan: changed meanwhile, nothing is written and the new plan is confirmed on its own", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a]);
    emulator.seed(STEP_200, [P.c]);
    const page = await openConsole();
    await page.fill("#access-file", accessFile({ [CHECKPOINT]: [P.b], [STEP_200]: [P.c] }));
    await page.click("#access-apply");
    const first = await dialogText(page); // the dialog is open before its button is read
    assert.equal(await textOf(page, "#confirm-ok"), "Apply 2 changes", first);
    emulator.seed(STEP_200, [P.d]); // granted behind the page's back, after the review
    emulator.requests.length = 0;
    await page.click("#confirm-ok");

    const second = await waitForDialog(page, /Apply the new plan\?/);
    assert.deepEqual(writes(), [], "the stale plan wrote nothing");
    assert.match(second, /The permissions changed since you reviewed \(1 granted, 0 revoked since\), so nothing was written/);
    assert.ok(second.includes(`${STEP_200}: + ${P.d} granted since you reviewed`), second);
    assert.match(second, /Plan ready: 3 changes in 2 checkpoints/);
    await answer(page, false);
    await idle(page);
    assert.deepEqual(writes(), []);
    assert.match(await textOf(page, "#access-error"), /changed since you reviewed/);
    assert.match(await textOf(page, "#access-report"), /New plan \(nothing changed yet\)/);

    await page.click("#access-apply");
    await waitForDialog(page, /Apply the access file\?.*Apply 3 changes/);
    await answer(page, true);
    await waitForAccessStatus(page, /Applied: 1 grant, 2 revokes\./);
    assert.deepEqual(granted(), [P.b]);
    assert.deepEqual(granted(STEP_200), [P.c]);
    assert.deepEqual(pageErrors, []);
  });

  test("a bad file shows the place next to the field and sends no request", TEST_OPTIONS, async () => {
    const page = await openConsole();
    emulator.requests.length = 0;

    await page.fill("#access-file", `{"checkpoints": {"ft:x": ["${P.a}", "${P.b}", 3]}}`);
    await page.click("#access-plan");
    await page.waitForSelector("#access-file-error:not([hidden])");
    await idle(page);
    const message = await textOf(page, "#access-file-error");
    assert.ok(message.includes('checkpoints["ft:x"][2]: invalid type: integer `3`, expected a string'), message);
    assert.match(message, /Nothing was sent\./);
    assert.equal(await page.getAttribute("#access-file", "aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "access-file", "focus goes to the file");
    assert.equal(await isVisible(page, "#access-report"), false);
    await shot(page, "15-access-bad-file");

    // Typing clears the mark; Apply refuses a bad file the same way, with no dialog.
    await page.fill("#access-file", `{"checkpoint": {"${CHECKPOINT}": []}}`);
    await page.waitForSelector("#access-file-error[hidden]", { state: "attached" });
    await page.click("#access-apply");
    await page.waitForSelector("#access-file-error:not([hidden])");
    await idle(page);
    assert.match(await textOf(page, "#access-file-error"), /^⚠?\s*checkpoint: unknown field `checkpoint`/);
    assert.equal(await page.$eval("#confirm-dialog", (dialog) => dialog.open), false);
    assert.deepEqual(emulator.requests, [], "no request was sent");
    assert.deepEqual(pageErrors, []);
  });

  test("faults: an unreadable checkpoint stops Apply; a failed write stays listed; 'Retry the failed ones' converges", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b]);
    emulator.seed(STEP_200, [P.c]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b]);
    await page.fill("#access-file", accessFile({ [CHECKPOINT]: [P.d], [STEP_200]: [P.c] }));
    emulator.requests.length = 0;

    // The step checkpoint cannot be read: the plan says so, and nothing is written anywhere.
    emulator.inject({ match: { method: "GET", pathIncludes: STEP_200 }, ...FAIL_500 });
    await page.click("#access-apply");
    await waitForAccessStatus(page, /Nothing was written: the plan is incomplete\. Apply again in a moment\./);
    assert.equal(await page.$eval("#confirm-dialog", (dialog) => dialog.open), false, "no confirmation for an incomplete plan");
    assert.deepEqual(writes(), []);
    assert.match(await textOf(page, "#access-error"), /Some checkpoints could not be read/);
    const unreadable = await reportOf(page, STEP_200);
    assert.match(unreadable, /could not be read, so nothing is planned for it: HTTP 500: .+ \(request req_\w+\)/);
    assert.equal(quotedRequestIds(unreadable, "GET").length, 1);
    assert.match(await reportOf(page, CHECKPOINT), /1 to grant, 2 to revoke, 0 kept/, "the other checkpoint is still planned");

    // One of the two revokes fails: the rest stays done, and the failure is listed.
    await page.click("#access-apply");
    const confirmation = await dialogText(page); // the dialog is open before its button is read
    assert.equal(await textOf(page, "#confirm-ok"), "Apply 3 changes", confirmation);
    emulator.inject({ match: { method: "DELETE" }, ...FAIL_500 });
    await answer(page, true);
    await waitForAccessStatus(page, /Partly applied: 1 grant, 1 revoke; 1 failed\. Apply again to finish\./);
    const alert = await textOf(page, "#access-failures");
    assert.match(alert, /Some changes failed/);
    assert.match(alert, /1 change failed; 2 succeeded and stay done\./);
    assert.match(alert, new RegExp(`Revoke proj_\\w+ \\(cp_\\w+\\) on ${CHECKPOINT} — HTTP 500: .+ \\(request req_\\w+\\)`));
    assert.equal(quotedRequestIds(alert, "DELETE").length, 1);
    const partial = await reportOf(page, CHECKPOINT);
    assert.match(partial, /1 granted, 1 revoked, 1 failed, 0 kept/);
    assert.match(partial, /Revoke proj_\w+ \(cp_\w+\) — HTTP 500: .+ \(request req_\w+\)/);
    assert.equal(granted().length, 2, "the grant and one revoke are done");
    assert.ok(granted().includes(P.d));
    await waitForTable(page, granted());
    assert.ok(await isVisible(page, "#access-failures"), "the list reload leaves the failures");
    await shot(page, "16-access-partial-failure");

    emulator.requests.length = 0;
    await page.click("#access-failures-retry");
    await waitForAccessStatus(page, /Applied: 0 grants, 1 revoke\. The permissions now match the file\./);
    assert.equal(await isVisible(page, "#access-failures"), false);
    assert.deepEqual(writes().map((request) => request.method), ["DELETE"], "the retry wrote only the failed revoke");
    assert.deepEqual(granted(), [P.d]);
    assert.deepEqual(granted(STEP_200), [P.c]);
    await waitForTable(page, [P.d]);
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(!text.includes(DEFAULT_ADMIN_KEY) && !text.includes(consoleServer.token), "no key, no token");
    assert.deepEqual(pageErrors, []);
  });
});

describe("issue 19: names beside ids, a picker by name, and History", () => {
  // The console's key is Maria's own admin key (a person, by email); a CI job has a service
  // account's key. The emulator records each write as the key's actor, as the audit log does.
  const MARIA_KEY = "sk-fake-admin-maria-0123456789abcdef";
  const CI_KEY = "sk-fake-admin-ci-0123456789abcdef";
  const MARIA = { type: "api_key", api_key: { id: "key_mariaConsole00001", type: "user", user: { id: "user-maria000000000000001", email: "maria@example.com" } } };
  const CI = { type: "api_key", api_key: { id: "key_ciDeploy000000001", type: "service_account", service_account: { id: "svc_acct_ciDeploy0000001" } } };
  const LEGACY = "proj_Lg7cHt2Bq9Wm4Xs1Kv6Np3Zr";
  const TYPO = "proj_abGMw1llN8IrBb6SvvY5A1iX"; // Weather forecasts' id, one letter off
  const NAMES = { [P.a]: "Weather forecasts", [P.b]: "Shared evaluation", [P.c]: "Forecast experiments", [P.d]: "Mobile app", [P.e]: "Support bot" };
  const PROJECTS = [
    ...Object.entries(NAMES).map(([id, name]) => ({ id, name, status: "active" })),
    { id: LEGACY, name: "Legacy chatbot", status: "archived" },
  ];
  let outer;

  before(async () => {
    outer = { emulator, consoleServer };
    emulator = await startEmulator({ projects: PROJECTS, keys: [{ key: MARIA_KEY, actor: MARIA }, { key: CI_KEY, actor: CI }] });
    consoleServer = await startConsoleServer({ upstream: emulator.baseURL, adminKey: MARIA_KEY, log: () => {} });
  });

  after(async () => {
    await Promise.allSettled(contexts.map((context) => context.close()));
    contexts = [];
    await consoleServer?.close();
    await emulator?.close();
    ({ emulator, consoleServer } = outer);
  });

  const projectReads = () => emulator.requests.filter((request) => request.path === "/v1/organization/projects");

  test("pick a project by name, grant it, revoke it: names everywhere, and History says who did each, a person and a CI job", TEST_OPTIONS, async () => {
    const page = await openConsole();
    assert.match(await textOf(page, "#projects-status"), /^Project names: 6 projects, 1 archived, read at /);
    assert.deepEqual(await pickerOffers(page, "#grant-project-search", "weat"), [`Weather forecasts — ${P.a}`]);
    await shot(page, "30-picker");
    await page.keyboard.press("Enter");
    assert.equal(await page.inputValue("#grant-project-ids"), `${P.a}\n`, "choosing adds the id");
    assert.equal(await page.inputValue("#grant-project-search"), "", "and empties the search for the next one");
    await page.waitForSelector("#grant-project-ids-names:not([hidden])");
    assert.equal(await textOf(page, "#grant-project-ids-names"), `Weather forecasts ${P.a}`);
    assert.deepEqual(writes(), [], "picking sends nothing");

    await page.click("#grant-submit");
    const confirmation = await dialogText(page);
    assert.ok(confirmation.includes(`1 project will be able to use ${CHECKPOINT}: Weather forecasts ${P.a}`), confirmation);
    await answer(page, true);
    await waitForTable(page, [P.a]);
    assert.match(await textOf(page, `#permissions-table tr[data-project-id='${P.a}'] td.col-project`), new RegExp(`^Weather forecasts ${P.a}$`));
    assert.match(await textOf(page, "#grant-result"), new RegExp(`Granted now · 1 Weather forecasts ${P.a}`));
    assert.equal(await page.inputValue("#grant-project-ids"), "");
    await page.waitForSelector("#grant-project-ids-names[hidden]", { state: "attached" }); // the field's names go with its ids
    // History reads again after a write made in the page.
    await waitForHistory(page, [`granted ${P.a}`]);

    await page.click(rowButton(P.a));
    assert.ok((await dialogText(page)).includes(`use ${CHECKPOINT}: Weather forecasts ${P.a} (${permissionOf(P.a).id})`));
    await answer(page, true);
    await waitForTable(page, []);
    assert.equal(await textOf(page, "#revoke-status"), `Revoked Weather forecasts (${P.a}).`);
    await waitForHistory(page, [`revoked ${P.a}`, `granted ${P.a}`]);
    const [revoked, grantedRow] = await page.$$eval("#history-list li", (rows) => rows.map((row) => row.innerText.replace(/\s+/g, " ").trim()));
    const [revokeEvent] = emulator.auditLog;
    const exact = await page.evaluate((at) => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at * 1000)), revokeEvent.effective_at);
    assert.equal(revoked, `Revoked Weather forecasts ${P.a} by maria@example.com just now ${exact}`, "how long ago, then the exact local time");
    assert.match(grantedRow, new RegExp(`^Granted Weather forecasts ${P.a} by maria@example\\.com just now`));
    const when = await page.$eval("#history-list li:first-child time", (time) => ({ title: time.title, dateTime: time.dateTime }));
    assert.equal(when.dateTime, new Date(revokeEvent.effective_at * 1000).toISOString());
    assert.equal(when.title, when.dateTime, "the exact time, to the second, on hover");

    // A CI job grants another project with its own key, behind the page's back: Refresh shows it, by whom.
    await pkg.grantCheckpointPermissions(CHECKPOINT, [P.b], { apiKey: CI_KEY, baseURL: emulator.baseURL });
    await page.click("#history-refresh");
    await waitForHistory(page, [`granted ${P.b}`, `revoked ${P.a}`, `granted ${P.a}`]);
    assert.match(await textOf(page, "#history-list li:first-child"), new RegExp(`^Granted Shared evaluation ${P.b} by service account svc_acct_ciDeploy0000001 just now`));
    assert.equal(await page.getAttribute("#history-list li:first-child .history-actor", "title"), "API key key_ciDeploy000000001");
    assert.match(await textOf(page, "#history-status"), /^Newest first: all 3 changes in the last 90 days; older ones load on request\.$/);
    await shot(page, "31-history");
    // Read once, when the console started: the grant's check and every history read were given them.
    assert.equal(projectReads().length, 1, `GET /v1/organization/projects ×${projectReads().length}`);
    assert.deepEqual(pageErrors, []);
  });

  test("archived projects show as archived and are never offered; unknown ids are refused with the package's did-you-mean", TEST_OPTIONS, async () => {
    // Granted before it was archived: the seed skips the directory check, as history did.
    emulator.seed(CHECKPOINT, [LEGACY, P.b]);
    const page = await openConsole();
    await waitForTable(page, [LEGACY, P.b]);
    assert.equal(await textOf(page, `#permissions-table tr[data-project-id='${LEGACY}'] td.col-project`), `Legacy chatbot ${LEGACY} archived`);
    assert.equal(await page.getAttribute(rowButton(LEGACY), "aria-label"), `Revoke Legacy chatbot (${LEGACY}, archived)`);

    assert.deepEqual(await pickerOffers(page, "#sync-project-search", "legacy"), []);
    assert.equal(await textOf(page, "#sync-project-search-options"), "No active project matches: Legacy chatbot is archived and cannot be given access.");
    assert.deepEqual(await pickerOffers(page, "#sync-project-search", "proj_Lg7c"), [], "not by id either");
    assert.deepEqual(await pickerOffers(page, "#sync-project-search", "cast"), [`Forecast experiments — ${P.c}`, `Weather forecasts — ${P.a}`]);
    await page.keyboard.press("Escape");
    assert.equal(await isVisible(page, "#sync-project-search-options"), false);

    // A typo and the list's other project, pasted: the plan names what it refuses, in the package's words.
    emulator.requests.length = 0;
    await page.fill("#sync-project-ids", `${TYPO}\n${P.b}`);
    await page.waitForSelector("#sync-project-ids-names:not([hidden])");
    assert.equal(await textOf(page, "#sync-project-ids-names"), `${TYPO} not a project of this organization Shared evaluation ${P.b}`, "marked as typed");
    await page.click("#sync-preview");
    await page.waitForSelector("#sync-plan:not([hidden])");
    await idle(page);
    const refused = await textOf(page, "#sync-plan .plan-refused");
    assert.ok(refused.includes(`Cannot be given access · 1 ${TYPO} is not a project of this organization; did you mean ${P.a} ("Weather forecasts")?`), refused);
    assert.match(await textOf(page, "#sync-status"), /^The plan cannot be applied: 1 project in the list cannot be given access/);
    assert.equal(await isDisabled(page, "#sync-apply"), true, "a refused plan cannot be applied");
    await shot(page, "32-sync-refused");

    // "Use Weather forecasts" puts the suggestion in place of the typo; the new plan names every project.
    await page.click("#sync-plan .plan-refused button");
    assert.equal(await page.inputValue("#sync-project-ids"), `${P.a}\n${P.b}`);
    await previewSync(page, await page.inputValue("#sync-project-ids"));
    assert.equal(await textOf(page, "#sync-plan .plan-grant"), `Will be granted · 1 Weather forecasts ${P.a}`);
    assert.equal(await textOf(page, "#sync-plan .plan-revoke"), `Will be revoked · 1 Legacy chatbot ${LEGACY} archived`);
    assert.equal(await textOf(page, "#sync-plan .plan-keep"), `Keep access · 1 Shared evaluation ${P.b}`);
    await page.click("#sync-apply");
    const confirmation = await dialogText(page);
    assert.ok(confirmation.includes(`+ Weather forecasts ${P.a} grant`), confirmation);
    assert.ok(confirmation.includes(`- Legacy chatbot ${LEGACY} archived revoke (${permissionOf(LEGACY).id})`), confirmation);
    await answer(page, true);
    await waitForTable(page, [P.a, P.b]);
    assert.deepEqual(writes().map((request) => request.method).sort(), ["DELETE", "POST"], "nothing was written for the refused plan");

    // The grant panel refuses an archived project before anything is written.
    emulator.requests.length = 0;
    await page.fill("#grant-project-ids", LEGACY);
    await page.click("#grant-submit");
    await page.waitForSelector("#grant-error:not([hidden])");
    await idle(page);
    assert.match(await textOf(page, "#grant-error"), new RegExp(`This project cannot be given access, so nothing was sent ${LEGACY} \\("Legacy chatbot"\\) is archived: an archived project cannot be given access`));
    assert.equal(await page.$eval("#confirm-dialog", (dialog) => dialog.open), false);
    assert.deepEqual(writes(), []);

    // The access file: a picked project goes in where the cursor is; the plan names every project.
    assert.deepEqual(await pickerOffers(page, "#access-project-search", "mob"), [`Mobile app — ${P.d}`]);
    await page.keyboard.press("Enter");
    assert.deepEqual(JSON.parse(await page.inputValue("#access-file")), { checkpoints: { [CHECKPOINT]: [P.d] } }, "an empty file becomes one for the checkpoint shown");
    await page.click("#access-plan");
    await waitForAccessStatus(page, /Plan ready: 3 changes in 1 checkpoint/);
    const report = await reportOf(page, CHECKPOINT);
    assert.ok(report.includes(`+ Mobile app ${P.d} grant`), report);
    assert.ok(report.includes(`- Weather forecasts ${P.a} revoke`), report);
    // A typo in the file: the plan is refused for that checkpoint, with the reason, and Apply writes nothing.
    await page.fill("#access-file", accessFile({ [CHECKPOINT]: [P.a, P.b, TYPO] }));
    emulator.requests.length = 0;
    await page.click("#access-apply");
    await waitForAccessStatus(page, /^Nothing was written: the file wants a project that cannot be given access/);
    assert.ok((await reportOf(page, CHECKPOINT)).includes(`${TYPO} is not a project of this organization; did you mean ${P.a} ("Weather forecasts")?`));
    assert.match(await textOf(page, "#access-error"), /Some projects cannot be given access.*Fix the projects the plan refuses, then plan again\./);
    assert.deepEqual(writes(), []);
    await shot(page, "33-access-refused");
    assert.deepEqual(pageErrors, []);
  });

  test("History: 20 a page, older changes on request, how long ago and when; it follows the checkpoint in the address", TEST_OPTIONS, async () => {
    const now = Math.floor(Date.now() / 1000);
    const teams = Array.from({ length: 22 }, (_, index) => ({ id: `proj_team${String(index).padStart(2, "0")}aaaaaaaaaaaaaaaaaa`, name: `Team ${index}`, status: "active" }));
    emulator.projects.addAll(teams);
    emulator.seed(CHECKPOINT, [P.e], { effectiveAt: now - 200 * DAY }); // before the first window
    emulator.seed(CHECKPOINT, [P.c], { effectiveAt: now - 3 * DAY - 600 });
    teams.forEach((team, index) => emulator.seed(CHECKPOINT, [team.id], { effectiveAt: now - (index + 1) * 60 }));
    emulator.seed(STEP_200, [P.d], { effectiveAt: now - 5 * DAY });
    const newestFirst = [...teams.map((team) => `granted ${team.id}`), `granted ${P.c}`];

    const page = await openConsole();
    await waitForHistory(page, newestFirst.slice(0, 20));
    assert.equal(await textOf(page, "#history-status"), "Newest first: 20 of 23 changes in the last 90 days.");
    assert.match(await textOf(page, "#history-list li:first-child"), /^Granted Team 0 proj_team00\w+ by maria@example\.com 1 minute ago/);
    assert.equal(await textOf(page, "#history-more"), "Load more");

    await page.click("#history-more");
    await waitForHistory(page, newestFirst);
    const threeDays = await page.$eval("#history-list li:last-child time", (time) => ({ relative: time.querySelector(".relative").textContent, exact: time.querySelector(".history-exact").textContent, title: time.title }));
    assert.equal(threeDays.relative, "3 days ago");
    assert.equal(threeDays.title, new Date((now - 3 * DAY - 600) * 1000).toISOString());
    assert.equal(threeDays.exact, await page.evaluate((at) => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at * 1000)), now - 3 * DAY - 600));
    assert.equal(await textOf(page, "#history-more"), "Load older changes");
    assert.equal(emulator.requests.filter((request) => request.path.endsWith("/audit_logs")).every((request) => request.query["effective_at[gte]"] !== undefined), true, "only the last 90 days so far");

    await page.click("#history-more");
    await waitForHistory(page, [...newestFirst, `granted ${P.e}`]);
    assert.match(await textOf(page, "#history-list li:last-child"), new RegExp(`^Granted Support bot ${P.e} by maria@example\\.com 6 months ago`));
    assert.equal(await textOf(page, "#history-status"), "Newest first: all 24 changes the audit log holds.");
    assert.equal(await isVisible(page, "#history-more"), false, "nothing older to load");
    await shot(page, "34-history-pages");

    // Another checkpoint in the address: its own history, from its first page; Back returns.
    await page.fill("#checkpoint", STEP_200);
    await waitForHistory(page, [`granted ${P.d}`]);
    assert.equal(await textOf(page, "#history-checkpoint"), STEP_200);
    await page.goBack();
    await waitForHistory(page, newestFirst.slice(0, 20));
    assert.equal(await textOf(page, "#history-checkpoint"), CHECKPOINT);
    await page.fill("#checkpoint", "foo");
    await page.waitForFunction(() => document.querySelectorAll("#history-list li").length === 0);
    assert.match(await textOf(page, "#history-empty"), /Enter a valid checkpoint above/);
    assert.deepEqual(pageErrors, []);
  });

  test("with the audit log off, History says so and how to turn it on; the rest works", TEST_OPTIONS, async () => {
    emulator.auditLogging = false;
    const page = await openConsole();
    await page.waitForSelector("#history-off:not([hidden])");
    const off = await textOf(page, "#history-off");
    assert.match(off, /^No history: the organization's audit log is off Audit logging is not enabled for this organization, so there is no history to read\./);
    assert.match(off, /Settings → Organization → Data controls → Data retention → Audit logging/);
    assert.equal(await isVisible(page, "#history-error"), false, "not an error: a setting");
    assert.equal(await isVisible(page, "#history-more"), false);
    await grant(page, P.a);
    await waitForTable(page, [P.a]);
    await idle(page);
    assert.ok(await isVisible(page, "#history-off"), "still off after the write");
    const body = await page.evaluate(() => document.body.innerText);
    assert.equal(body.match(/so there is no history to read/g).length, 1, "said once");
    await shot(page, "35-audit-log-off");
    assert.deepEqual(pageErrors, []);
  });

  test("laptop and phone layouts with names and History; every control has a label", TEST_OPTIONS, async () => {
    const now = Math.floor(Date.now() / 1000);
    emulator.seed(CHECKPOINT, [P.a], { effectiveAt: now - 45 * DAY });
    emulator.seed(CHECKPOINT, [P.b], { effectiveAt: now - 20 * DAY, actor: CI });
    emulator.seed(CHECKPOINT, [LEGACY], { effectiveAt: now - 3 * DAY });
    const laptop = await openConsole(LAPTOP);
    await waitForTable(laptop, [P.a, P.b, LEGACY]);
    await pickerOffers(laptop, "#grant-project-search", "fore");
    const unlabelled = await laptop.$$eval("input, select, textarea, button", (controls) => controls
      .filter((control) => !(control.labels?.length || control.getAttribute("aria-label") || control.textContent.trim()))
      .map((control) => control.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, []);
    await laptop.keyboard.press("Enter");
    await shot(laptop, "36-laptop-names");
    await readmeScreenshot(laptop);

    const phone = await openConsole(PHONE);
    await waitForHistory(phone, [`granted ${LEGACY}`, `granted ${P.b}`, `granted ${P.a}`]);
    await pickerOffers(phone, "#sync-project-search", "a");
    await previewSync(phone, `${P.a}\n${TYPO}`);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no sideways scrolling at ${PHONE.width} px (page is ${width} px wide)`);
    await shot(phone, "37-phone-names");
    assert.deepEqual(pageErrors, []);
  });
});
