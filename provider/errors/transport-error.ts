import { CleantalkError, type CleantalkErrorCode } from "./cleantalk-error";

/** The request did not get a usable HTTP answer: connection, timeout, or HTTP status. */
export class TransportError extends CleantalkError {
  override readonly name = "TransportError";
  readonly status: number | undefined;
  /** Server-requested wait before retrying (from Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: Extract<CleantalkErrorCode, "NETWORK" | "TIMEOUT" | "HTTP_STATUS" | "RATE_LIMITED">,
    message: string,
    options: { retryable: boolean; status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(code, message, { retryable: options.retryable, cause: options.cause });
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}
