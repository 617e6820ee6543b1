// The admin console (www/) in a real browser: Debian Chromium driven by playwright-core, against
// the console server (scripts/serve.mjs) in front of the API emulator, both on random 127.0.0.1
// ports. Screenshots of the main states go to tests/screenshots/ (git-ignored). The README's
// www/screenshot.png is refreshed only on request, so a test run leaves the tree clean:
// UPDATE_README_SCREENSHOT=1 node --test tests/js/console.browser.test.mjs

import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { DEFAULT_ADMIN_KEY, startEmulator } from "../emulator/emulator.mjs";
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
};
/** Bound on every single wait in the page. */
const WAIT_MS = 10_000;
const TEST_OPTIONS = { timeout: 60_000 };
const LAPTOP = { width: 1280, height: 860 };
const PHONE = { width: 375, height: 812 };

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

/** Opens the console and waits until it is connected and its first list load has finished. */
async function openConsole(viewport = LAPTOP) {
  const context = await browser.newContext({ viewport, colorScheme: "light", reducedMotion: "reduce" });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    // The browser logs every non-2xx answer; the tests cause those on purpose.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) pageErrors.push(message.text());
  });
  await page.goto(consoleServer.consoleURL, { timeout: WAIT_MS }); // the token rides in the fragment
  await page.waitForSelector("body[data-ready='true']", { state: "attached" }).catch(async (error) => {
    const alert = await page.$eval("#console-alert", (node) => node.textContent).catch(() => "?");
    throw new Error(`the console did not start: ${alert} ${pageErrors.join(" | ")}`, { cause: error });
  });
  await idle(page);
  return page;
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

const sorted = (ids) => [...ids].sort();

const apiRequests = () => emulator.requests.map((request) => `${request.method} ${request.path.split("/permissions")[1] ?? request.path}`);

async function shot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

async function grant(page, text) {
  await page.fill("#grant-project-ids", text);
  await page.click("#grant-submit");
  await idle(page);
}

/** The access panel's writes to the emulator: a plan only reads. */
const writes = () => emulator.requests.filter((request) => request.method !== "GET");

const accessFile = (checkpoints) => JSON.stringify({ checkpoints }, null, 2);

/** Waits until the page is idle and the access panel's status line matches. */
async function waitForAccessStatus(page, pattern) {
  await page.waitForFunction((source) => document.querySelectorAll("[aria-busy='true']").length === 0
    && new RegExp(source).test(document.getElementById("access-status").textContent), pattern.source, { timeout: WAIT_MS })
    .catch(async (error) => {
      assert.match(await textOf(page, "#access-status"), pattern);
      throw error;
    });
}

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

const textOf = (page, selector) => page.$eval(selector, (node) => node.innerText.replace(/\s+/g, " ").trim());
const isVisible = (page, selector) => page.$eval(selector, (node) => !node.closest("[hidden]") && node.getClientRects().length > 0);

// ---------------------------------------------------------------- tests

describe("admin console in Chromium", () => {
  test("grant two projects: rows appear; granting again duplicates nothing and says so", TEST_OPTIONS, async () => {
    const page = await openConsole();
    assert.deepEqual(await tableProjects(page), []);
    assert.ok(await isVisible(page, "#permissions-empty"), "an empty checkpoint says so");

    await grant(page, `${P.a}\n ${P.b} , ${P.a}\n\n`); // blanks, spaces and a repeat
    await waitForTable(page, [P.a, P.b]);
    assert.deepEqual(granted(), sorted([P.a, P.b]));
    assert.match(await textOf(page, "#grant-status"), /2 projects granted/);
    assert.match(await textOf(page, "#grant-result"), /Granted now · 2/);
    const posts = emulator.requests.filter((request) => request.method === "POST");
    assert.equal(posts.length, 1, "one POST for both projects");
    assert.deepEqual(posts[0].json.project_ids, [P.a, P.b]);
    // Dates: a readable date and a relative one.
    assert.match(await textOf(page, "#permissions-table tbody tr td:nth-child(4)"), /just now/);
    await shot(page, "01-granted");

    emulator.requests.length = 0;
    await grant(page, `${P.b} ${P.a}\t`); // a space or a tab separates ids too
    await waitForTable(page, [P.a, P.b]);
    assert.deepEqual(granted(), sorted([P.a, P.b]), "nothing duplicated on the server");
    assert.ok(!emulator.requests.some((request) => request.method === "POST"), "nothing left to create, so no POST");
    assert.match(await textOf(page, "#grant-status"), /every project already had access/);
    assert.match(await textOf(page, "#grant-result"), /Already had access · 2/);
    assert.doesNotMatch(await textOf(page, "#grant-result"), /Granted now/);
    await shot(page, "02-grant-again");
    assert.deepEqual(pageErrors, []);
  });

  test("revoke one row with a confirmation dialog; cancel keeps it, confirm removes it", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b, P.c]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b, P.c]);

    const rowButton = `#permissions-table tr[data-project-id='${P.b}'] button`;
    await page.click(rowButton);
    await page.waitForSelector("#confirm-dialog[open]");
    assert.match(await textOf(page, "#confirm-dialog"), new RegExp(P.b));
    assert.equal(await page.evaluate(() => document.activeElement?.id), "confirm-cancel", "focus starts on Cancel");
    await shot(page, "03-revoke-confirm");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#confirm-dialog:not([open])", { state: "attached" });
    assert.ok(!emulator.requests.some((request) => request.method === "DELETE"), "cancelled: nothing sent");
    assert.deepEqual(granted(), sorted([P.a, P.b, P.c]));

    await page.click(rowButton);
    await page.waitForSelector("#confirm-dialog[open]");
    await page.click("#confirm-ok");
    await waitForTable(page, [P.a, P.c]);
    assert.deepEqual(granted(), sorted([P.a, P.c]));
    assert.match(await textOf(page, "#list-status"), new RegExp(`Revoked ${P.b}`));

    // A selection: both remaining rows, one confirmation.
    await page.check(`#permissions-table tr[data-project-id='${P.a}'] input[type=checkbox]`);
    await page.check(`#permissions-table tr[data-project-id='${P.c}'] input[type=checkbox]`);
    assert.match(await textOf(page, "#revoke-selected"), /Revoke selected \(2\)/);
    await page.click("#revoke-selected");
    await page.waitForSelector("#confirm-dialog[open]");
    await page.click("#confirm-ok");
    await waitForTable(page, []);
    assert.deepEqual(granted(), sorted([]));
    assert.deepEqual(pageErrors, []);
  });

  test("sync: the plan is shown without writing, then applied; the emulator matches", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b]);
    emulator.requests.length = 0;

    await page.fill("#sync-project-ids", `${P.b}\n${P.c}\n${P.d}`);
    await page.click("#sync-preview");
    await page.waitForSelector("#sync-plan:not([hidden])");
    await idle(page);
    assert.match(await textOf(page, "#sync-plan .plan-grant"), new RegExp(`Will be granted · 2 ${P.c} ${P.d}`));
    assert.match(await textOf(page, "#sync-plan .plan-revoke"), new RegExp(`Will be revoked · 1 ${P.a}`));
    assert.match(await textOf(page, "#sync-plan .plan-keep"), new RegExp(`Keep access · 1 ${P.b}`));
    assert.ok(emulator.requests.every((request) => request.method === "GET"), `a dry run only reads: ${apiRequests()}`);
    assert.deepEqual(granted(), sorted([P.a, P.b]));
    await shot(page, "04-sync-plan");

    // Progress while it runs: slow the DELETE down and look at the page meanwhile.
    emulator.inject({ match: { method: "DELETE" }, delayHeadersMs: 600 });
    await page.click("#sync-apply");
    await page.waitForSelector("#sync-progress:not([hidden])");
    assert.equal(await page.$eval("#sync-apply", (button) => button.disabled), true, "Apply is disabled while it runs");
    assert.equal(await page.$eval("#sync-preview", (button) => button.disabled), true);
    await shot(page, "05-sync-running");
    await page.waitForSelector("#sync-progress[hidden]", { state: "attached" });
    await waitForTable(page, [P.b, P.c, P.d]);
    assert.deepEqual(granted(), sorted([P.b, P.c, P.d]));
    assert.match(await textOf(page, "#sync-status"), /Applied: 2 grants, 1 revoke/);
    assert.equal(await page.$eval("#sync-apply", (button) => button.disabled), true, "nothing left to apply");
    await shot(page, "06-sync-applied");
    assert.deepEqual(pageErrors, []);
  });

  test("sync partial failure lists the failed revoke; 'Retry the failed ones' finishes it", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b]);
    const page = await openConsole();
    await page.fill("#sync-project-ids", P.c);
    await page.click("#sync-preview");
    await page.waitForSelector("#sync-plan:not([hidden])");
    await idle(page);

    emulator.inject({ match: { method: "DELETE", pathIncludes: "/permissions/" }, status: 500, headers: { "x-should-retry": "false" } });
    await page.click("#sync-apply");
    await page.waitForSelector("#sync-retry");
    await idle(page);
    const alert = await textOf(page, "#sync-error");
    assert.match(alert, /Some changes failed/);
    assert.match(alert, /Revoke proj_\w+ — HTTP 500/);
    assert.match(alert, /request req_/);
    assert.equal(granted().length, 2, "one revoked, one failed, one granted");
    await shot(page, "07-sync-partial-failure");

    await page.click("#sync-retry");
    await page.waitForSelector("#sync-error[hidden]", { state: "attached" });
    await waitForTable(page, [P.c]);
    assert.deepEqual(granted(), sorted([P.c]));
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
    assert.equal(emulator.requests[0].method, "GET", "the first request was answered 429 …");
    assert.equal(emulator.requests[1].method, "GET", "… and sent again");
    assert.equal(await isVisible(page, "#grant-error"), false, "no error shown");
    assert.equal(await isVisible(page, "#list-error"), false);
    assert.match(await textOf(page, "#grant-status"), /1 project granted/);
    assert.deepEqual(pageErrors, []);
  });

  test("a 500 that outlasts the retries shows a readable error with the request id", TEST_OPTIONS, async () => {
    const page = await openConsole();
    emulator.requests.length = 0;
    emulator.inject({ status: 500, times: 5 });
    await grant(page, P.a);
    await page.waitForSelector("#grant-error:not([hidden])");
    assert.equal(emulator.requests.length, 3, "the first attempt and two retries");
    const lastId = emulator.requests.at(-1).requestId;
    const alert = await textOf(page, "#grant-error");
    assert.match(alert, /The API had a problem · HTTP 500/);
    assert.match(alert, /Try again in a moment/);
    assert.ok(alert.includes(`Request ID: ${lastId}`), `the request id ${lastId} is shown: ${alert}`);
    assert.ok(!alert.includes(DEFAULT_ADMIN_KEY) && !alert.includes(consoleServer.token), "no key, no token");
    assert.equal(await page.$eval("#grant-submit", (button) => button.disabled), false, "the button is usable again");
    assert.deepEqual(granted(), sorted([]));
    await shot(page, "08-error-500");
  });

  test("invalid input is flagged before anything is sent", TEST_OPTIONS, async () => {
    const page = await openConsole();
    emulator.requests.length = 0;

    // Control characters other than whitespace (which separates ids) stay inside an id.
    await grant(page, `${P.a}\nproj_with\bbackspace\n${P.b}, bad\u0007bell`);
    await page.waitForSelector("#grant-project-ids-error:not([hidden])");
    const message = await textOf(page, "#grant-project-ids-error");
    assert.match(message, /2 project ids are not valid; nothing was sent/);
    assert.match(message, /proj_with\\bbackspace/);
    assert.match(message, /bad\\u0007bell/);
    assert.equal(await page.getAttribute("#grant-project-ids", "aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "grant-project-ids", "focus goes to the field");
    await shot(page, "09-invalid-projects");

    // The checkpoint is validated as you type; an invalid one does not reload the list.
    await page.fill("#checkpoint", "..");
    await page.waitForSelector("#checkpoint-error:not([hidden])");
    assert.match(await textOf(page, "#checkpoint-error"), /must not be "\." or "\.\."/);
    await page.fill("#sync-project-ids", P.a);
    await page.click("#sync-preview");
    await page.waitForTimeout(800); // longer than the list reload's typing pause
    assert.deepEqual(emulator.requests, [], "no request was sent");

    await page.fill("#checkpoint", CHECKPOINT);
    await page.waitForSelector("#checkpoint-error[hidden]", { state: "attached" });
    assert.deepEqual(pageErrors, []);
  });

  test("keyboard only: Tab to the grant field, type, Tab to the button, Enter", TEST_OPTIONS, async () => {
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
    await waitForTable(page, [P.c, P.d]);
    assert.deepEqual(granted(), sorted([P.c, P.d]));

    // Revoke by keyboard too: the row's button, then Enter on the dialog's confirm button.
    await page.focus(`#permissions-table tr[data-project-id='${P.c}'] button`);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#confirm-dialog[open]");
    await page.keyboard.press("Tab"); // Cancel → Revoke
    await page.keyboard.press("Enter");
    await waitForTable(page, [P.d]);
    assert.deepEqual(pageErrors, []);
  });

  test("pagination, order and project filter", TEST_OPTIONS, async () => {
    const ids = Array.from({ length: 23 }, (_, index) => `proj_page${String(index).padStart(2, "0")}`);
    emulator.seed(CHECKPOINT, ids);
    const page = await openConsole();
    await page.selectOption("#order", "ascending");
    await idle(page);
    await page.waitForFunction(() => document.querySelectorAll("#permissions-table tbody tr").length === 20);
    assert.deepEqual(await tableProjects(page), ids.slice(0, 20));
    assert.ok(await isVisible(page, "#load-more"));
    await page.click("#load-more");
    await waitForTable(page, ids);
    assert.deepEqual(await tableProjects(page), ids, "the next page is appended in order");
    assert.equal(await isVisible(page, "#load-more"), false, "no more pages");
    const after = emulator.requests.filter((request) => request.query.after);
    assert.equal(after.length, 1, "Load more sends after=last_id");

    await page.selectOption("#order", "descending");
    await page.waitForFunction(() => document.querySelectorAll("#permissions-table tbody tr").length === 20);
    await idle(page);
    assert.equal((await tableProjects(page))[0], ids.at(-1), "newest first");

    await page.fill("#project-filter", ids[7]);
    await page.press("#project-filter", "Enter");
    await waitForTable(page, [ids[7]]);
    assert.equal(emulator.requests.at(-1).query.project_id, ids[7]);
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
    assert.ok(seen.length >= 1 && seen.every((call) => call.url.startsWith("https://api.openai.com/v1/fine_tuning/checkpoints/")));
    assert.equal(seen[0].authorization, `Bearer ${key}`);
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
    await laptop.fill("#grant-project-ids", P.d);
    await laptop.click("#grant-submit");
    await waitForTable(laptop, [P.a, P.b, P.c, P.d]);
    await laptop.fill("#sync-project-ids", `${P.a}\n${P.b}\n${P.d}\nproj_Hj5kL7mN9pQ2rS4tU6vW8xY0`);
    await laptop.click("#sync-preview");
    await laptop.waitForSelector("#sync-plan:not([hidden])");
    await idle(laptop);
    const unlabelled = await laptop.$$eval("input, select, textarea, button", (controls) => controls
      .filter((control) => !(control.labels?.length || control.getAttribute("aria-label") || control.textContent.trim()))
      .map((control) => control.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, []);
    await shot(laptop, "10-laptop");
    const target = process.env.UPDATE_README_SCREENSHOT ? join(ROOT, "www/screenshot.png") : join(ROOT, "tests/screenshots/readme.png");
    await laptop.setViewportSize({ width: LAPTOP.width, height: 940 });
    await laptop.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    await laptop.screenshot({ path: target, animations: "disabled" });
    assert.ok(statSync(target).size < 200_000, `the README screenshot stays small (${statSync(target).size} bytes)`);

    const phone = await openConsole(PHONE);
    await waitForTable(phone, [P.a, P.b, P.c, P.d]);
    // The access report holds the longest unbroken text on the page: checkpoint and permission ids.
    await phone.fill("#access-file", accessFile({ [CHECKPOINT]: [P.a], [STEP_200]: [] }));
    await phone.click("#access-plan");
    await waitForAccessStatus(phone, /Plan ready/);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no sideways scrolling at 375 px (page is ${width} px wide)`);
    await shot(phone, "11-phone");
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

    // A file that names checkpoints: Export refreshes those.
    await page.fill("#access-file", accessFile({ [CHECKPOINT]: [], [STEP_200]: [] }));
    await page.click("#access-export");
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
    await page.waitForSelector("#confirm-dialog[open]");
    const dialog = await textOf(page, "#confirm-dialog");
    assert.match(dialog, /Apply the access file\?/);
    assert.match(dialog, new RegExp(`\\+ ${P.d} grant`));
    assert.match(dialog, new RegExp(`- ${P.c} revoke`));
    assert.match(dialog, /Nobody may use this checkpoint/);
    assert.equal(await textOf(page, "#confirm-ok"), "Apply 3 changes");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "confirm-cancel", "focus starts on Cancel");
    await shot(page, "14-access-confirm");
    await page.keyboard.press("Escape");
    await waitForAccessStatus(page, /Not applied: nothing was written\./);
    assert.deepEqual(writes(), []);

    await page.click("#access-apply");
    await page.waitForSelector("#confirm-dialog[open]");
    await page.click("#confirm-ok");
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

  test("faults: an unreadable checkpoint stops Apply; a failed write is listed; applying again converges", TEST_OPTIONS, async () => {
    emulator.seed(CHECKPOINT, [P.a, P.b]);
    emulator.seed(STEP_200, [P.c]);
    const page = await openConsole();
    await waitForTable(page, [P.a, P.b]);
    await page.fill("#access-file", accessFile({ [CHECKPOINT]: [P.d], [STEP_200]: [P.c] }));
    emulator.requests.length = 0;

    // The step checkpoint cannot be read: the plan says so, and nothing is written anywhere.
    emulator.inject({ match: { method: "GET", pathIncludes: STEP_200 }, status: 500, headers: { "x-should-retry": "false" } });
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
    emulator.inject({ match: { method: "DELETE" }, status: 500, headers: { "x-should-retry": "false" } });
    await page.click("#access-apply");
    await page.waitForSelector("#confirm-dialog[open]");
    assert.equal(await textOf(page, "#confirm-ok"), "Apply 3 changes");
    await page.click("#confirm-ok");
    await waitForAccessStatus(page, /Partly applied: 1 grant, 1 revoke; 1 failed\. Apply again to finish\./);
    const alert = await textOf(page, "#access-error");
    assert.match(alert, /Some changes failed/);
    assert.match(alert, /1 change failed; 2 succeeded and stay done\./);
    const partial = await reportOf(page, CHECKPOINT);
    assert.match(partial, /1 granted, 1 revoked, 1 failed, 0 kept/);
    assert.match(partial, /Revoke proj_\w+ — HTTP 500: .+ \(request req_\w+\)/);
    assert.equal(quotedRequestIds(partial, "DELETE").length, 1);
    assert.equal(granted().length, 2, "the grant and one revoke are done");
    assert.ok(granted().includes(P.d));
    await waitForTable(page, granted());
    await shot(page, "16-access-partial-failure");

    await page.click("#access-apply");
    await page.waitForSelector("#confirm-dialog[open]");
    assert.equal(await textOf(page, "#confirm-ok"), "Apply 1 change");
    await page.click("#confirm-ok");
    await waitForAccessStatus(page, /Applied: 0 grants, 1 revoke\. The permissions now match the file\./);
    assert.equal(await isVisible(page, "#access-error"), false);
    assert.deepEqual(granted(), [P.d]);
    assert.deepEqual(granted(STEP_200), [P.c]);
    await waitForTable(page, [P.d]);
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(!text.includes(DEFAULT_ADMIN_KEY) && !text.includes(consoleServer.token), "no key, no token");
    assert.deepEqual(pageErrors, []);
  });
});
