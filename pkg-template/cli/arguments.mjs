// The command line: which command, its operands and its flags. Hand-parsed: parseArgs would
// quote a mistyped argument, which could be a key pasted in the wrong place.
import { SinceError, parseSince } from "./durations.mjs";

export const USAGE = `Usage:
  checkpoint-permissions plan     ACCESS_FILE [--out PLAN_FILE] [--json] [--base-url URL]
  checkpoint-permissions apply    ACCESS_FILE [--yes] [--json] [--base-url URL]
  checkpoint-permissions apply    --plan PLAN_FILE [ACCESS_FILE] [--yes] [--json] [--base-url URL]
  checkpoint-permissions export   CHECKPOINT... [--base-url URL] > ACCESS_FILE
  checkpoint-permissions projects [--all] [--json] [--base-url URL]
  checkpoint-permissions history  CHECKPOINT [--since WHEN] [--json] [--base-url URL]
  checkpoint-permissions --help | --version

  plan     Show what apply would change; with --out, also save that plan.
           Exit 0: nothing would change (in_sync); 2: something would (changes);
           1: any error, or a project that cannot be given access (failed).
  apply    Show the plan, then make the permissions match the file. Writes only with --yes,
           or after confirming on a terminal. With --plan, writes exactly a saved plan
           (no access file needed), or nothing if a checkpoint changed since it was saved.
           Exit 0: the permissions match the file, already (in_sync) or now (applied);
           1: they do not, after some writes (partial) or none (failed).
  export   Print today's access for the checkpoints, as an access file.
  projects List the organization's projects: id, name, status. Exit 0, or 1 on any error.
  history  Who granted or revoked which project's access to the checkpoint, and when,
           newest first, from the organization's audit log. Exit 0, or 1 on any error
           (audit logging off: the message says how to turn it on).

  --json          Print one JSON document on stdout instead of text; for plan and apply its
                  "status" is the word in parentheses above.
  --yes, -y       Apply without asking.
  --out FILE      plan: save the plan, to apply exactly with apply --plan FILE.
  --plan FILE     apply: the plan saved by plan --out.
  --all           projects: include archived projects.
  --since WHEN    history: only changes since WHEN: a duration before now (30d, 12h, 90m, 2w)
                  or a UTC date (2026-11-01, or 2026-11-01T14:00Z). Default: the whole log.
  --base-url URL  The API's URL (default: $OPENAI_BASE_URL, else https://api.openai.com/v1).
  --help, -h      Print this text.
  --version, -V   Print the package's version.

Environment:
  OPENAI_ADMIN_KEY   an admin key (required)
  OPENAI_BASE_URL    the API's URL, when --base-url is not given
  OPENAI_ORG_ID      sent as OpenAI-Organization
  OPENAI_PROJECT_ID  sent as OpenAI-Project

The access file: {"checkpoints": {"ft:…": ["proj_…", …]}}; [] means nobody may use the checkpoint.
Its JSON Schema ships as checkpoint-permissions/access.schema.json.
`;

/** A command line that cannot be run; the message says why. `showUsage`: the usage helps more than a hint to --help. */
export class UsageError extends Error {
  name = "UsageError";

  constructor(message, { showUsage = false } = {}) {
    super(message);
    this.showUsage = showUsage;
  }
}

const COMMANDS = ["plan", "apply", "export", "projects", "history"];
const FLAGS = {
  "--json": { name: "json", commands: ["plan", "apply", "projects", "history"] },
  "--yes": { name: "yes", commands: ["apply"] },
  "-y": { name: "yes", commands: ["apply"] },
  "--base-url": { name: "baseURL", commands: COMMANDS, takesValue: true },
  "--out": { name: "out", commands: ["plan"], takesValue: true },
  "--plan": { name: "plan", commands: ["apply"], takesValue: true },
  "--all": { name: "all", commands: ["projects"] },
  "--since": { name: "since", commands: ["history"], takesValue: true, read: readSince },
};

/**
 * argv without node and the script → { help: true }, { version: true } or
 * { command, operands, json, yes, baseURL, out, plan, all, since }. Throws UsageError.
 * `since` is what parseSince made of --since (durations.mjs).
 */
export function parseCommandLine(argv) {
  if (argv.includes("--help") || argv.includes("-h") || argv[0] === "help") return { help: true };
  if (argv.includes("--version") || argv.includes("-V")) return { version: true };
  const [command, ...rest] = argv;
  // Bare, the command is most likely typed by someone finding out what it does.
  if (command === undefined) throw new UsageError("no command given", { showUsage: true });
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}: expected plan, apply, export, projects or history`);

  const parsed = { command, operands: [], json: false, yes: false, baseURL: undefined, out: undefined, plan: undefined, all: false, since: undefined };
  let flagsEnded = false;
  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index];
    if (flagsEnded || !argument.startsWith("-") || argument === "-") {
      parsed.operands.push(argument);
      continue;
    }
    if (argument === "--") {
      flagsEnded = true;
      continue;
    }
    const [flagName, inlineValue] = splitInlineValue(argument);
    const flag = FLAGS[flagName];
    if (!flag) throw new UsageError(`unknown option ${flagName}`);
    if (!flag.commands.includes(command)) throw new UsageError(`${flagName} is not an option of ${command}`);
    if (flag.takesValue) {
      const value = inlineValue ?? rest[(index += 1)];
      if (value === undefined || value === "") throw new UsageError(`${flagName} needs a value`);
      parsed[flag.name] = flag.read ? flag.read(value) : value;
    } else {
      if (inlineValue !== undefined) throw new UsageError(`${flagName} takes no value`);
      parsed[flag.name] = true;
    }
  }
  checkOperands(parsed);
  return parsed;
}

function splitInlineValue(argument) {
  const equals = argument.indexOf("=");
  return argument.startsWith("--") && equals > 0 ? [argument.slice(0, equals), argument.slice(equals + 1)] : [argument, undefined];
}

function readSince(value) {
  try {
    return parseSince(value);
  } catch (error) {
    if (error instanceof SinceError) throw new UsageError(error.message);
    throw error;
  }
}

function checkOperands({ command, operands, plan }) {
  if (command === "export") {
    if (operands.length === 0) throw new UsageError("export needs at least one checkpoint");
    return;
  }
  if (command === "projects") {
    if (operands.length > 0) throw new UsageError(`projects takes no operand, got ${operands.length}`);
    return;
  }
  if (command === "history") {
    if (operands.length !== 1) throw new UsageError(`history needs exactly one checkpoint, got ${operands.length}`);
    return;
  }
  // A saved plan carries the desired state; an access file given with it must be the plan's.
  if (plan !== undefined && operands.length <= 1) return;
  if (operands.length !== 1) throw new UsageError(`${command} needs exactly one access file, got ${operands.length}`);
}
