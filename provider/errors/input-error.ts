import { CleantalkError } from "./cleantalk-error";

/** One rejected input field: which one, and what to do about it. */
export interface InputFailure {
  readonly property: string;
  readonly reason: string;
}

/** Bad resource input or provider setting. Reported before any API call. */
export class InputError extends CleantalkError {
  override readonly name = "InputError";
  readonly failures: readonly InputFailure[];

  constructor(failures: readonly InputFailure[]) {
    super("INVALID_INPUT", failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
    this.failures = failures;
  }
}
