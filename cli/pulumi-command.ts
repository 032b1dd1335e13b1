import { type ExecFileException, execFile } from "node:child_process";
import { StatusError } from "./status-error";

/**
 * The Pulumi CLI, run as a child process. The fleet view reads state only
 * through `pulumi stack ls` and `pulumi stack export`, so it works on every
 * backend the user's CLI is logged in to, with the CLI's own credentials and
 * secrets providers, and never writes anything.
 */
export interface PulumiResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** What runs `pulumi <args>`; injected by tests. Rejects with a StatusError. */
export type PulumiRunner = (args: readonly string[], context: PulumiCallContext) => Promise<PulumiResult>;

export interface PulumiCallContext {
  /** The stack the command reads, named in errors. */
  readonly stack?: string;
  /** @default PULUMI_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/**
 * Per command. A file or bucket backend answers in well under a second; a
 * minute allows for a slow link and a large stack, and a hung backend still
 * ends the nightly job instead of blocking it.
 */
export const PULUMI_TIMEOUT_MS = 60_000;

/** The largest export read, well above a thousand keys in one stack (about 5 KB each). */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

/** How much of Pulumi's own error message is quoted. */
const MAX_QUOTE_CHARS = 300;

export function pulumiRunner(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): PulumiRunner {
  return (args, context) =>
    new Promise((resolve, reject) => {
      execFile(
        "pulumi",
        [...args, "--non-interactive"],
        {
          cwd,
          // The update check calls Pulumi's service on every run; a status
          // command must reach only the backend. The user's setting wins.
          env: { PULUMI_SKIP_UPDATE_CHECK: "true", ...env },
          maxBuffer: MAX_OUTPUT_BYTES,
          timeout: context.timeoutMs ?? PULUMI_TIMEOUT_MS,
          encoding: "utf8",
        },
        (error, stdout, stderr) => {
          if (error === null) {
            resolve({ stdout, stderr });
            return;
          }
          reject(failureOf(args, context, error, stderr));
        },
      );
    });
}

function failureOf(args: readonly string[], context: PulumiCallContext, error: ExecFileException, stderr: string): StatusError {
  if (error.code === "ENOENT") {
    return new StatusError(
      "PULUMI_NOT_FOUND",
      "the pulumi CLI is not on PATH.",
      "install it (https://www.pulumi.com/docs/install/) or add its directory to PATH.",
    );
  }
  if (error.killed === true) {
    const what = context.stack === undefined ? "" : ` for stack ${context.stack}`;
    return new StatusError(
      "PULUMI_TIMEOUT",
      `pulumi ${commandOf(args)}${what} did not finish within ${Math.round((context.timeoutMs ?? PULUMI_TIMEOUT_MS) / 1000)} s.`,
      "check that the backend is reachable, then run again.",
    );
  }
  return classifyPulumiFailure(commandOf(args), stderr, context.stack);
}

/** `stack ls`, `stack export`: the subcommand, without flags. */
function commandOf(args: readonly string[]): string {
  return args
    .filter((arg) => !arg.startsWith("-"))
    .slice(0, 2)
    .join(" ");
}

/**
 * Reads what a failed pulumi command printed and says it with our code.
 * Pure, so every message Pulumi gives is tested without a backend. The
 * patterns are Pulumi 3.x's messages; anything else keeps Pulumi's own words
 * under the command's default code.
 */
export function classifyPulumiFailure(command: string, stderr: string, stack?: string): StatusError {
  const detail = pulumiError(stderr);
  const subject = stack === undefined ? `pulumi ${command}` : `stack ${stack}`;
  if (/passphrase must be set|PULUMI_CONFIG_PASSPHRASE/.test(detail)) {
    const wrong = /incorrect passphrase/.test(detail);
    return new StatusError(
      "PASSPHRASE",
      `${subject}: ${wrong ? "the passphrase does not decrypt its secrets" : "no passphrase to decrypt its secrets"} (--check reads each key's secret to validate it).`,
      "set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE to the stack's passphrase, or run without --check.",
    );
  }
  const missing = /no stack named '([^']*)' found/.exec(detail);
  if (missing !== null) {
    return new StatusError(
      "STACK_NOT_FOUND",
      `the backend has no stack named ${missing[1] ?? stack ?? ""}.`,
      "list the stacks with `pulumi stack ls --all`; outside a project directory, name them as <organization>/<project>/<stack>.",
    );
  }
  if (/pass the fully qualified name/.test(detail)) {
    return new StatusError(
      "USAGE",
      `${subject} is a short name, which names a stack only inside its project's directory.`,
      "run inside the project, or name the stack as <organization>/<project>/<stack> (`pulumi stack ls --all` lists them).",
    );
  }
  if (/could not detect current project|no Pulumi\.yaml project file found/.test(detail)) {
    return new StatusError(
      "USAGE",
      "there is no Pulumi project in the current directory, so no stack is selected.",
      "run inside the project, pass --all, or name stacks with --stack <organization>/<project>/<stack>.",
    );
  }
  if (/no stack (is )?(currently )?selected|no current stack/i.test(detail)) {
    return new StatusError("USAGE", "no stack is selected in this project.", "pass --stack <name> or --all.");
  }
  if (/PULUMI_ACCESS_TOKEN|not logged in|pulumi login/i.test(detail)) {
    return new StatusError(
      "NOT_LOGGED_IN",
      `${subject}: the Pulumi CLI is not logged in to a backend (${detail}).`,
      "run `pulumi login <backend url>` or set PULUMI_BACKEND_URL.",
    );
  }
  if (
    command === "stack ls" ||
    /unable to open bucket|no such file or directory|connection refused|no such host|dial tcp|NoSuchBucket|AccessDenied|i\/o timeout/.test(detail)
  ) {
    return new StatusError(
      "BACKEND_UNREACHABLE",
      `${subject}: the backend could not be read (${detail}).`,
      "check PULUMI_BACKEND_URL (or `pulumi whoami --verbose`), the bucket's credentials and that it is reachable.",
    );
  }
  return new StatusError(
    "STATE_UNREADABLE",
    `${subject}: pulumi ${command} failed (${detail}).`,
    "run the same pulumi command by hand to see the whole message.",
  );
}

/**
 * Pulumi's first `error:` line (or its last line), without credentials a URL
 * may carry. A long one keeps its start and its end: Go wraps errors as
 * "what: why: root cause", and the root cause ("connection refused") is last.
 */
function pulumiError(stderr: string): string {
  const lines = stderr.split("\n").map((line) => line.trim());
  const line =
    lines
      .find((l) => l.startsWith("error:"))
      ?.slice("error:".length)
      .trim() ??
    lines.filter((l) => l !== "").at(-1) ??
    "no message";
  const clean = line.replace(/\/\/[^/@\s]*@/g, "//***@");
  if (clean.length <= MAX_QUOTE_CHARS) return clean;
  const head = Math.floor(MAX_QUOTE_CHARS / 3);
  return `${clean.slice(0, head)} … ${clean.slice(clean.length - (MAX_QUOTE_CHARS - head))}`;
}
