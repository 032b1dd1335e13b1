import { EventEmitter } from "node:events";

/**
 * The whole-attempt limit of one request, as the signal undici takes. undici
 * documents two signal types, AbortSignal and EventEmitter; this is the
 * second, because an AbortController per call (an EventTarget, its signal and
 * undici's listener on it) was a measured share of the client's CPU at
 * thousands of calls per second (bench/RESULTS.md §4). Our own timer, not
 * undici's headers and body timeouts: those tick in half seconds.
 */
export class AttemptDeadline extends EventEmitter {
  /** Read by undici when it is handed the signal and when "abort" fires. */
  aborted = false;
  reason: Error | undefined;
  readonly #timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    super();
    this.#timer = setTimeout(() => this.#expire(), ms);
  }

  /** The attempt ended first: drop the timer so it does not outlive the call. */
  clear(): void {
    clearTimeout(this.#timer);
  }

  #expire(): void {
    const reason = new Error(`no complete answer within ${this.ms} ms`);
    reason.name = "TimeoutError";
    this.aborted = true;
    this.reason = reason;
    this.emit("abort");
  }
}
