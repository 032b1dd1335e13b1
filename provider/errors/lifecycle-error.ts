import { CleantalkError, type CleantalkErrorCode } from "./cleantalk-error";

/** A lifecycle decision refused to go on (account exists, key not rotated, key rejected, insecure endpoint). */
export class LifecycleError extends CleantalkError {
  override readonly name = "LifecycleError";

  constructor(
    code: Extract<CleantalkErrorCode, "ACCOUNT_EXISTS" | "KEY_NOT_ROTATED" | "KEY_REJECTED" | "INSECURE_ENDPOINT" | "RETRIES_EXHAUSTED">,
    message: string,
    cause?: unknown,
  ) {
    super(code, message, { cause });
  }
}
