import type { RateLimit } from "./control-schemas";

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Sliding-window limiter, one window per `method_name`, as CleanTalk documents for spam_check
 * (100 calls / 60 s). It runs on the emulator clock, so advancing the clock lifts a limit.
 * Refused calls are not recorded: a client that backs off must get through once the window
 * has moved, however often it was refused.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  check(method: string, now: number, limit: RateLimit): RateDecision {
    let calls = this.windows.get(method);
    if (calls === undefined) {
      calls = [];
      this.windows.set(method, calls);
    }
    const windowStart = now - limit.windowMs;
    while (calls.length > 0 && (calls[0] as number) <= windowStart) calls.shift();
    if (calls.length >= limit.calls) {
      const oldest = calls[calls.length - limit.calls] as number;
      return { allowed: false, retryAfterMs: Math.max(1, oldest + limit.windowMs - now) };
    }
    calls.push(now);
    return { allowed: true };
  }

  reset(): void {
    this.windows.clear();
  }
}
