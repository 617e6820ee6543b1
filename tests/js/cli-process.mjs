// Runs the package's real command line (pkg/bin) as a child process, bounded in time, and keeps
// everything it printed so a test file can check at the end that no secret ever appeared.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../pkg/bin/checkpoint-permissions.mjs", import.meta.url));
/** Far above a run's few hundred milliseconds; a hung command fails its test instead of the suite. */
const RUN_TIMEOUT_MS = 30_000;

/** Every stdout and stderr any run produced, for the final secret check. */
export const printed = [];

/** The parent's environment without any OPENAI_* variable (a developer's real key must not leak in), plus `variables`. */
export function cleanEnvironment(variables) {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith("OPENAI_"));
  return { ...Object.fromEntries(inherited), ...variables };
}

/** Runs the CLI with pipes, so nothing is a terminal; its stdin is closed at once. Resolves { code, stdout, stderr }. */
export function runCli(args, env) {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin.end();
  return collect(child);
}

/** Whether util-linux's `script` is here to give a child a terminal. */
export const hasTerminalRunner = spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0;

/**
 * Runs the CLI on a pseudo-terminal through `script`: its stdin, stdout and stderr are all the
 * terminal. `answer` is typed once `prompt` is on the screen, right after `beforeAnswer` runs.
 * Resolves { code, screen }.
 */
export async function runCliOnTerminal(args, env, { prompt, answer, beforeAnswer = () => {} } = {}) {
  const command = ["exec", process.execPath, BIN, ...args].map(shellQuoted).join(" ");
  const child = spawn("script", ["--quiet", "--return", "--command", command, "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe"] });
  let typed = false;
  const typeAtPrompt = (screen) => {
    if (answer === undefined || typed || !screen.includes(prompt)) return;
    typed = true;
    beforeAnswer();
    child.stdin.write(answer);
  };
  const { code, stdout, stderr } = await collect(child, typeAtPrompt);
  return { code, screen: stdout + stderr };
}

function collect(child, onStdout = () => {}) {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      onStdout(stdout);
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      printed.push(stdout, stderr);
      if (signal) reject(new Error(`the CLI was killed by ${signal}, ${RUN_TIMEOUT_MS} ms at most: ${stdout}${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

const shellQuoted = (word) => `'${String(word).replaceAll("'", "'\\''")}'`;
