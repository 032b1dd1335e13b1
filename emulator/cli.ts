#!/usr/bin/env node
import { parseCliArgs, USAGE } from "./cli-args";
import { startEmulator } from "./index";

/**
 * `npm run emulator -- --port 8787`: the emulator as a process, for the quickstart and manual
 * runs. Prints the URL first (scripts wait for that line), then one line per request.
 */
async function main(): Promise<number> {
  const command = parseCliArgs(process.argv.slice(2));
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.kind === "error") {
    process.stderr.write(`${command.message}\n\n${USAGE}\n`);
    return 2;
  }
  const log = command.quiet ? undefined : (line: string): void => void process.stdout.write(`${line}\n`);
  const emulator = await startEmulator({ ...command.options, ...(log === undefined ? {} : { log }) });
  process.stdout.write(`cleantalk-emulator listening on ${emulator.url} (control: ${emulator.controlUrl})\n`);

  return new Promise<number>((resolve) => {
    const shutdown = (signal: NodeJS.Signals): void => {
      process.stdout.write(`cleantalk-emulator stopping (${signal})\n`);
      emulator.stop().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cleantalk-emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
