// The README's main command, `bash scripts/run.sh`: it starts the emulator and the console on
// 127.0.0.1, prints one console URL with this run's token in its fragment, serves the page and
// proxies a call; stopping it stops both. With OPENAI_ADMIN_KEY set, it proxies to the given API
// with that key, and the key is in neither the console server's environment nor its command line.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

import { startEmulator } from "../emulator/emulator.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CHECKPOINT_SEGMENT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";
const START_TIMEOUT_MS = 30_000;

/**
 * Starts run.sh in a process group of its own (so stopping it stops its children), with
 * `env` over this process's environment; resolves its CONSOLE_URL line's URL and token.
 */
async function startRunCommand(env) {
  const child = spawn("bash", ["scripts/run.sh"], {
    cwd: root,
    env: { ...process.env, PORT: "0", SKIP_BUILD: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const output = { stdout: "", stderr: "" };
  child.stderr.on("data", (chunk) => (output.stderr += chunk));
  const stop = async () => {
    const signalGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {} // the group is gone already
    };
    signalGroup("SIGTERM");
    const killer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", resolve)));
    clearTimeout(killer);
  };
  try {
    const printed = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no CONSOLE_URL within ${START_TIMEOUT_MS / 1000} s: ${output.stdout}${output.stderr}`)), START_TIMEOUT_MS);
      child.stdout.on("data", (chunk) => {
        output.stdout += chunk;
        const match = output.stdout.match(/^CONSOLE_URL=(http:\/\/127\.0\.0\.1:\d+\/)#token=([A-Za-z0-9_-]{43})$/m);
        if (match) {
          clearTimeout(timer);
          resolve({ url: match[1], token: match[2] });
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`run.sh exited with ${code}: ${output.stdout}${output.stderr}`));
      });
    });
    return { child, output, stop, ...printed };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The pid of the console server run.sh started: the `node scripts/serve.mjs` of its process group. */
function consoleServerPid(groupId) {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The field after "(comm)": state, ppid, pgrp.
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== groupId) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0");
      if (cmdline.some((arg) => arg.endsWith("scripts/serve.mjs"))) return Number(entry);
    } catch {} // a process that ended while the list was read
  }
  return undefined;
}

test("run.sh serves the console against the emulator and prints one URL with the token in its fragment", async () => {
  const run = await startRunCommand({ OPENAI_ADMIN_KEY: "" });
  try {
    assert.equal(run.output.stdout.trim().split("\n").length, 1, "one line on stdout");
    const page = await fetch(run.url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const configText = await (await fetch(`${run.url}console-config.json`)).text();
    assert.ok(!configText.includes(run.token), "/console-config.json must not hand the token to any local process");
    const config = JSON.parse(configText);
    assert.deepEqual(Object.keys(config).sort(), ["baseURL", "upstream"]);
    assert.equal(config.upstream, "emulator");
    const listURL = `${config.baseURL}/fine_tuning/checkpoints/${CHECKPOINT_SEGMENT}/permissions`;
    const listed = await fetch(listURL, { headers: { authorization: `Bearer ${run.token}` } });
    assert.equal(listed.status, 200);
    assert.ok((await listed.json()).data.length >= 2, "the demo checkpoint is seeded");
    const anonymous = await fetch(listURL);
    assert.equal(anonymous.status, 401);
    assert.equal((await anonymous.json()).error.code, "invalid_console_token");
  } finally {
    await run.stop();
  }
});

test("with OPENAI_ADMIN_KEY, run.sh proxies with that key, and the key is not in the console server's environment or command line", { skip: process.platform !== "linux" && "reads /proc" }, async () => {
  const key = "sk-fake-admin-run-sh-7c1e9a3f5b2d4e6a8c0f";
  const api = await startEmulator({ keys: [key] });
  let run;
  try {
    run = await startRunCommand({ OPENAI_ADMIN_KEY: key, OPENAI_BASE_URL: api.baseURL, CONSOLE_UPSTREAM_KEY: key });
    const created = await fetch(`${run.url}v1/fine_tuning/checkpoints/${CHECKPOINT_SEGMENT}/permissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${run.token}`, "content-type": "application/json" },
      body: JSON.stringify({ project_ids: ["proj_run_sh"] }),
    });
    assert.equal(created.status, 200, await created.clone().text());
    assert.equal(api.requests.at(-1).headers.authorization, `Bearer ${key}`);

    const pid = consoleServerPid(run.child.pid);
    assert.ok(pid, "the console server's process was found");
    const environ = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
    assert.ok(environ.some((entry) => entry.startsWith("PATH=")), "the environment was read");
    assert.deepEqual(environ.filter((entry) => entry.includes(key)).map((entry) => entry.split("=")[0]), [], "variables holding the key");
    assert.ok(!readFileSync(`/proc/${pid}/cmdline`, "latin1").includes(key), "the key is on the server's command line");
    assert.ok(!run.output.stdout.includes(key) && !run.output.stderr.includes(key), "the key was printed");
  } finally {
    await run?.stop();
    await api.close();
  }
});
