#!/usr/bin/env node
// The package's command line: plan, apply and export an access file (who may use which
// fine-tuned checkpoint), list the organization's projects and read a checkpoint's access
// history, on the package's /access entry. Run with --help for the commands, flags and exit codes.
import { USAGE, UsageError, parseCommandLine } from "../cli/arguments.mjs";
import { callOptionsFrom } from "../cli/call-options.mjs";
import { applyCommand } from "../cli/apply-command.mjs";
import { errorSummary } from "../cli/error-fields.mjs";
import { EXIT_FAILURE, EXIT_OK } from "../cli/exit-codes.mjs";
import { exportCommand } from "../cli/export-command.mjs";
import { historyCommand } from "../cli/history-command.mjs";
import { redactingOutput } from "../cli/output.mjs";
import { packageVersion } from "../cli/package-version.mjs";
import { planCommand } from "../cli/plan-command.mjs";
import { projectsCommand } from "../cli/projects-command.mjs";

async function main(argv, env) {
  // Redacting from the first byte: even a usage error must not echo a key pasted as an argument.
  // The key is the package's to read (OPENAI_ADMIN_KEY); this only keeps it out of the output.
  const output = redactingOutput([env.OPENAI_ADMIN_KEY]);
  let commandLine;
  try {
    commandLine = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const next = error.showUsage ? `\n${USAGE}` : "Run checkpoint-permissions --help for the commands and their options.\n";
    output.err(`checkpoint-permissions: ${error.message}\n${next}`);
    return EXIT_FAILURE;
  }
  if (commandLine.help) {
    output.out(USAGE);
    return EXIT_OK;
  }
  if (commandLine.version) {
    output.out(`checkpoint-permissions ${packageVersion()}\n`);
    return EXIT_OK;
  }

  const { command, operands, json, yes, baseURL, out, plan, all, since } = commandLine;
  const callOptions = callOptionsFrom({ baseURL });

  switch (command) {
    case "plan":
      return planCommand({ file: operands[0], out, json, callOptions, output });
    case "apply":
      return applyCommand({ file: operands[0], plan, json, yes, callOptions, output });
    case "export":
      return exportCommand({ checkpoints: operands, callOptions, output });
    case "projects":
      return projectsCommand({ all, json, callOptions, output });
    case "history":
      return historyCommand({ checkpoint: operands[0], since, json, callOptions, output });
  }
}

try {
  // exitCode rather than exit(): stdout is flushed before the process ends, even into a pipe.
  process.exitCode = await main(process.argv.slice(2), process.env);
} catch (error) {
  redactingOutput([process.env.OPENAI_ADMIN_KEY]).err(`checkpoint-permissions: unexpected error: ${errorSummary(error)}\n`);
  process.exitCode = EXIT_FAILURE;
}
