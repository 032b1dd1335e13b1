/**
 * Stable machine codes. Callers branch on `code`; people read `message`.
 * Codes never change meaning once released (README "Troubleshooting" lists them).
 */
export type CleantalkErrorCode =
  | "INVALID_INPUT"
  | "INSECURE_ENDPOINT"
  | "ACCOUNT_EXISTS"
  | "KEY_NOT_ROTATED"
  | "KEY_REJECTED"
  | "RATE_LIMITED"
  | "API_ERROR"
  | "HTTP_STATUS"
  | "NETWORK"
  | "TIMEOUT"
  | "SCHEMA_MISMATCH"
  | "RETRIES_EXHAUSTED";

// Symbol.for, not a private Symbol: jest module registries and Pulumi's
// serialised provider can load a second copy of this file, and `instanceof`
// across copies would be false. The brand survives that.
const brand = Symbol.for("pulumi-cleantalk.CleantalkError");

/** Base of every error the provider raises. Messages never contain secrets or emails. */
export class CleantalkError extends Error {
  override readonly name: string = "CleantalkError";
  readonly code: CleantalkErrorCode;
  /** Whether repeating the same request may succeed (used by the retry policy). */
  readonly retryable: boolean;
  readonly [brand] = true;

  constructor(code: CleantalkErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    // Pulumi shows only the message; the code at its end is what users search
    // the README's troubleshooting table for.
    super(`${message} [${code}]`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
  }

  static isInstance(value: unknown): value is CleantalkError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
