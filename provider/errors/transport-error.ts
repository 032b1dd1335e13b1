import { CleantalkError, type CleantalkErrorCode } from "./cleantalk-error";

export interface TransportErrorOptions {
  readonly retryable: boolean;
  readonly status?: number | undefined;
  /** Server-requested wait before retrying (from Retry-After), in milliseconds. */
  readonly retryAfterMs?: number | undefined;
  readonly cause?: unknown;
  readonly fix?: string;
}

/** The request did not get a usable HTTP answer: connection, timeout, or HTTP status. */
export class TransportError extends CleantalkError {
  override readonly name = "TransportError";
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: Extract<CleantalkErrorCode, "NETWORK" | "TIMEOUT" | "HTTP_STATUS" | "RATE_LIMITED">, summary: string, options: TransportErrorOptions) {
    super(code, summary, { retryable: options.retryable, cause: options.cause, ...(options.fix === undefined ? {} : { fix: options.fix }) });
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}
