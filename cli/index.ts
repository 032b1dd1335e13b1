#!/usr/bin/env node
/**
 * `pulumi-cleantalk`: the package's command (package.json `bin`), so
 * `npx pulumi-cleantalk status` works in a project that installed it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { errorLines, renderJson, renderTable } from "./fleet-report";
import { pulumiRunner } from "./pulumi-command";
import { runStatus } from "./status-command";
import { StatusError } from "./status-error";
import { parseStatusArgs, STATUS_USAGE } from "./status-options";

const USAGE = `Usage: pulumi-cleantalk <command>

Commands:
  status    Every CleanTalk Access key of one, several or all stacks, most urgent first.

Run \`pulumi-cleantalk status --help\` for its options.`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== "status") {
    process.stderr.write(`${new StatusError("USAGE", `unknown command ${JSON.stringify(command)}.`, "run `pulumi-cleantalk --help`.").message}\n`);
    return 2;
  }
  let options: ReturnType<typeof parseStatusArgs>;
  try {
    options = parseStatusArgs(rest);
  } catch (error) {
    if (!StatusError.isInstance(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(`${STATUS_USAGE}\n`);
    return 0;
  }
  const { report, exitCode } = await runStatus(options, { run: pulumiRunner() });
  process.stdout.write(options.json ? renderJson(report) : renderTable(report));
  for (const line of errorLines(report)) process.stderr.write(`${line}\n`);
  return exitCode;
}

/** The installed package's version: this file runs as dist/cli/index.js, two levels below package.json. */
function version(): string {
  const text = readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8");
  const parsed = JSON.parse(text) as { version?: unknown };
  return typeof parsed.version === "string" ? parsed.version : "unknown";
}

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode, not exit(): stdout may still be flushing into a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    // Not an expected failure: a bug, reported with its stack trace.
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
