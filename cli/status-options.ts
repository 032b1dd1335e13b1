import { parseArgs } from "node:util";
import type { StackSelection } from "./fleet-source";
import { StatusError } from "./status-error";

/** What `pulumi-cleantalk status` was asked to do. */
export interface StatusOptions {
  readonly selection: StackSelection;
  /** The `--json` document instead of the table. */
  readonly json: boolean;
  /** Validate every key with CleanTalk's notice_paid_till (reads secrets). */
  readonly check: boolean;
}

export const STATUS_USAGE = `Usage: pulumi-cleantalk status [--stack <name>]... | --all  [--json] [--check]

Lists every CleanTalk Access key of the stacks, most urgent first: invalid, expired, due, current.

  --stack <name>  A stack to read; repeat for several. Outside a project directory, use
                  <organization>/<project>/<stack>. Default: the project's selected stack.
  --all           Every stack of the backend the Pulumi CLI is logged in to (PULUMI_BACKEND_URL).
  --json          A JSON document for scripts instead of the table.
  --check         Also ask CleanTalk whether each key is still accepted (notice_paid_till). Reads the
                  stacks' secrets: needs PULUMI_CONFIG_PASSPHRASE for passphrase-protected stacks.

Exit codes: 0 every key is current; 1 a key is due, expired or invalid; 2 usage error, or a
stack, the backend or a check could not be read (the keys that were read are still listed).`;

/** The command line after `status`, checked. Throws StatusError "USAGE". */
export function parseStatusArgs(args: readonly string[]): StatusOptions | "help" {
  let values: { stack?: string[]; all?: boolean; json?: boolean; check?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: {
        stack: { type: "string", multiple: true, short: "s" },
        all: { type: "boolean" },
        json: { type: "boolean" },
        check: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    throw new StatusError("USAGE", `${parseArgsMessage(error)}.`, "run `pulumi-cleantalk status --help`.");
  }
  if (values.help === true) return "help";
  if (positionals.length > 0) throw new StatusError("USAGE", `unexpected argument ${JSON.stringify(positionals[0])}.`, "name stacks with --stack <name>.");
  const stacks = (values.stack ?? []).map((name) => name.trim());
  if (stacks.some((name) => name === "")) throw new StatusError("USAGE", "--stack needs a stack name.", "e.g. --stack prod or --stack acme/website/prod.");
  if (values.all === true && stacks.length > 0)
    throw new StatusError("USAGE", "--all and --stack cannot be combined.", "pass --all for every stack, or --stack for each stack you want.");
  const selection: StackSelection = values.all === true ? { kind: "all" } : stacks.length > 0 ? { kind: "named", stacks } : { kind: "selected" };
  return { selection, json: values.json === true, check: values.check === true };
}

/**
 * node:util's sentence, without its advice on positionals (we take none).
 * Duck-typed: the error may come from another realm (jest's), where
 * `instanceof Error` is false.
 */
function parseArgsMessage(error: unknown): string {
  const message = typeof error === "object" && error !== null && "message" in error ? String(error.message) : String(error);
  return message.replace(/\. To specify a positional argument.*$/s, "").replace(/\.$/, "");
}
