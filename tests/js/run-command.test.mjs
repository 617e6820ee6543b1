// The README's main command, `bash scripts/run.sh`: it starts the emulator and the console on
// 127.0.0.1, prints the console's URL, serves the page and proxies a call; stopping it stops both.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("run.sh serves the console against the emulator and prints its URL", async () => {
  const child = spawn("bash", ["scripts/run.sh"], {
    cwd: root,
    env: { ...process.env, PORT: "0", SKIP_BUILD: "1", OPENAI_ADMIN_KEY: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  try {
    const url = await new Promise((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no CONSOLE_URL within 30 s: ${out}`)), 30_000);
      child.stdout.on("data", (chunk) => {
        out += chunk;
        const match = out.match(/^CONSOLE_URL=(http:\/\/127\.0\.0\.1:\d+\/)$/m);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.on("exit", (code) => reject(new Error(`run.sh exited with ${code}: ${out}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const config = await (await fetch(`${url}console-config.json`)).json();
    assert.equal(config.upstream, "emulator");
    const checkpoint = encodeURIComponent("ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd").replace(/%3A/g, ":");
    const listed = await fetch(`${config.baseURL}/fine_tuning/checkpoints/${checkpoint}/permissions`, { headers: { authorization: `Bearer ${config.token}` } });
    assert.equal(listed.status, 200);
    assert.ok((await listed.json()).data.length >= 2, "the demo checkpoint is seeded");
  } finally {
    stop();
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
  }
});
