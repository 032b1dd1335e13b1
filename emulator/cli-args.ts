import { parseArgs } from "node:util";
import { parseDuration } from "./duration";
import type { EmulatorOptions } from "./options";

export const USAGE = `Usage: cleantalk-emulator [options]

  --port N                 port to listen on (default 8787; 0 = any free port)
  --host H                 interface (default 127.0.0.1)
  --state-file PATH        persist state to this JSON file (atomic writes)
  --same-key-window DUR    phase-2 window, e.g. 10m (default 10m)
  --key-lifetime DUR       key lifetime, e.g. 365d or 90s (default 365d); after it
                           notice_paid_till answers valid: 0
  --reissue-after-expiry   ASSUMPTION, off by default: get_api_key issues a new key
                           for a site whose key outlived --key-lifetime (CleanTalk
                           documents no such answer: it hands back the same key or
                           account_exists)
  --rate-limit CALLS/SECS  per-method limit, e.g. 100/60 (default off)
  --error-status N         HTTP status for error bodies (default 200)
  --quiet                  no per-request log lines
  -h, --help               this help

Durations: 500ms, 90s, 10m, 12h, 365d (a bare number is seconds).`;

/** Fixed so the quickstart and docs can name a URL; 0 is still available. */
export const DEFAULT_CLI_PORT = 8787;

export type CliCommand =
  | { readonly kind: "help" }
  | { readonly kind: "run"; readonly options: EmulatorOptions; readonly quiet: boolean }
  | { readonly kind: "error"; readonly message: string };

const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  "state-file": { type: "string" },
  "same-key-window": { type: "string" },
  "key-lifetime": { type: "string" },
  "rate-limit": { type: "string" },
  "error-status": { type: "string" },
  "reissue-after-expiry": { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function readFlags(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: ReturnType<typeof readFlags>;
  try {
    values = readFlags(argv);
  } catch (error) {
    // parseArgs names the offending flag; that is all the user needs.
    return { kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { kind: "help" };

  const options: EmulatorOptions = { port: DEFAULT_CLI_PORT };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65_535) return { kind: "error", message: `--port: not a port: ${values.port}` };
    options.port = port;
  }
  if (values.host !== undefined) options.host = values.host;
  if (values["state-file"] !== undefined) options.persistPath = values["state-file"];
  for (const [flag, key] of [
    ["same-key-window", "sameKeyWindowMs"],
    ["key-lifetime", "keyLifetimeMs"],
  ] as const) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const ms = parseDuration(raw);
    if (ms === undefined) return { kind: "error", message: `--${flag}: not a duration: ${raw}` };
    options[key] = ms;
  }
  const rate = values["rate-limit"];
  if (rate !== undefined) {
    const match = /^(\d+)\/(\d+(?:\.\d+)?(?:ms|s|m|h|d)?)$/.exec(rate.trim());
    const windowMs = match?.[2] === undefined ? undefined : parseDuration(match[2]);
    if (match === null || windowMs === undefined || windowMs <= 0 || Number(match[1]) <= 0) {
      return { kind: "error", message: `--rate-limit: expected CALLS/SECONDS, e.g. 100/60: ${rate}` };
    }
    options.rateLimit = { calls: Number(match[1]), windowMs };
  }
  const errorStatus = values["error-status"];
  if (errorStatus !== undefined) {
    const status = Number(errorStatus);
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      return { kind: "error", message: `--error-status: expected 200-599: ${errorStatus}` };
    }
    options.errorHttpStatus = status;
  }
  if (values["reissue-after-expiry"] === true) options.reissueAfterExpiry = true;
  return { kind: "run", options, quiet: values.quiet === true };
}
