import { CleantalkError, type CleantalkErrorCode, type CleantalkErrorOptions } from "./cleantalk-error";

type LifecycleCode = Extract<
  CleantalkErrorCode,
  "ACCOUNT_EXISTS" | "KEY_NOT_ROTATED" | "KEY_EXPIRED" | "KEY_INVALID" | "KEY_REJECTED" | "IMPORT_UNSUPPORTED" | "INSECURE_ENDPOINT" | "RETRIES_EXHAUSTED"
>;

/** A lifecycle decision refused to go on: no new key to be had, a key CleanTalk refuses, an endpoint we refuse. */
export class LifecycleError extends CleantalkError {
  override readonly name = "LifecycleError";

  constructor(code: LifecycleCode, summary: string, options: Omit<CleantalkErrorOptions, "retryable"> = {}) {
    super(code, summary, options);
  }
}
