/**
 * Stable codes of `pulumi-cleantalk status`. Scripts branch on the exit code
 * (README "Fleet view"); people read the line, which starts with the code.
 * A check of a key with CleanTalk fails with the provider's own codes
 * (NETWORK, TIMEOUT, …), which the README's Troubleshooting table explains.
 */
export type StatusErrorCode =
  /** The arguments do not make sense together, or a stack name cannot be resolved where the command runs. */
  | "USAGE"
  /** No `pulumi` executable on PATH. */
  | "PULUMI_NOT_FOUND"
  /** The backend could not be opened or read (wrong URL, bucket missing, connection refused). */
  | "BACKEND_UNREACHABLE"
  /** The backend needs a login the CLI does not have. */
  | "NOT_LOGGED_IN"
  /** `--all` found no stack in the backend. */
  | "NO_STACKS"
  /** A stack named with `--stack` does not exist. */
  | "STACK_NOT_FOUND"
  /** `--check` needs the stack's secrets and the passphrase is missing or wrong. */
  | "PASSPHRASE"
  /** A stack's export, or a key in it, does not have the shape this version reads. */
  | "STATE_UNREADABLE"
  /** A pulumi command ran out of time. */
  | "PULUMI_TIMEOUT";

// Symbol.for: jest module registries can load a second copy of this file.
const brand = Symbol.for("pulumi-cleantalk.StatusError");

/** An expected failure of the status command: a code, what happened and what to do, on one line. */
export class StatusError extends Error {
  override readonly name = "StatusError";
  readonly code: StatusErrorCode;
  /** What happened, without the code and the fix. */
  readonly summary: string;
  readonly fix: string | undefined;
  readonly [brand] = true;

  constructor(code: StatusErrorCode, summary: string, fix?: string) {
    super(oneLine(code, summary, fix));
    this.code = code;
    this.summary = summary;
    this.fix = fix;
  }

  static isInstance(value: unknown): value is StatusError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** `CODE: what happened. Fix: what to do.`: one line, so a CI log's last line says it all. */
export function oneLine(code: string, summary: string, fix?: string): string {
  const text = `${code}: ${summary.replace(/\s*\n\s*/g, " ")}`;
  return fix === undefined ? text : `${text} Fix: ${fix.replace(/\s*\n\s*/g, " ")}`;
}
