/**
 * Stable machine codes. Callers branch on `code`; people read `message`.
 * Codes never change meaning once released (README "Troubleshooting" lists them).
 */
export type CleantalkErrorCode =
  | "INVALID_INPUT"
  | "INSECURE_ENDPOINT"
  | "ACCOUNT_EXISTS"
  | "KEY_NOT_ROTATED"
  | "KEY_EXPIRED"
  | "KEY_INVALID"
  | "KEY_REJECTED"
  | "IMPORT_UNSUPPORTED"
  | "RATE_LIMITED"
  | "API_ERROR"
  | "HTTP_STATUS"
  | "NETWORK"
  | "TIMEOUT"
  | "SCHEMA_MISMATCH"
  | "RETRIES_EXHAUSTED";

export interface CleantalkErrorOptions {
  /** Whether repeating the same request may succeed (read by the retry loop). @default false */
  readonly retryable?: boolean;
  readonly cause?: unknown;
  /** What the user does next: one command, or steps that are numbered in the message. */
  readonly fix?: string | readonly string[];
}

// Symbol.for, not a private Symbol: jest module registries and Pulumi's
// serialised provider can load a second copy of this file, and `instanceof`
// across copies would be false. The brand survives that.
const brand = Symbol.for("pulumi-cleantalk.CleantalkError");

/**
 * Base of every error the provider raises: an expected condition with a code,
 * one sentence on what happened, and the fix. Messages never contain secrets
 * or emails.
 */
export class CleantalkError extends Error {
  override readonly name: string = "CleantalkError";
  readonly code: CleantalkErrorCode;
  readonly retryable: boolean;
  /** What happened, without the code and the fix. */
  readonly summary: string;
  readonly fix: readonly string[];
  readonly [brand] = true;

  constructor(code: CleantalkErrorCode, summary: string, options: CleantalkErrorOptions = {}) {
    const fix = typeof options.fix === "string" ? [options.fix] : (options.fix ?? []);
    super(formatDiagnostic(code, summary, fix), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.summary = summary;
    this.fix = fix;
  }

  static isInstance(value: unknown): value is CleantalkError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/**
 * The code first (what users search the README for), one sentence, then the
 * fix: a single command on its own line, or numbered steps.
 */
export function formatDiagnostic(code: string, summary: string, fix: readonly string[]): string {
  if (fix.length === 0) return `${code}: ${summary}`;
  if (fix.length === 1) return `${code}: ${summary}\nFix: ${fix[0]}`;
  return `${code}: ${summary}\nFix:\n${fix.map((step, i) => `  ${i + 1}. ${step}`).join("\n")}`;
}
