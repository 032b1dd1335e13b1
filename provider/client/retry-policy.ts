/**
 * Retry timing, as pure functions (the random source is an argument).
 */
export interface RetryPolicy {
  /** Total attempts including the first. @default 5 */
  readonly maxAttempts: number;
  /** First backoff step. @default 250 ms */
  readonly baseDelayMs: number;
  /** Cap on one backoff step. @default 8 s */
  readonly maxDelayMs: number;
  /**
   * Longest server-requested wait (Retry-After) we honour. Longer requests
   * fail instead: a `pulumi up` that sleeps for an hour looks hung.
   * @default 30 s
   */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

/**
 * "Full jitter" exponential backoff: a uniform wait in [0, min(cap, base·2^n)].
 * Spreading retries matters here because one `pulumi up` creates many keys in
 * parallel, and a rate-limited burst must not come back as the same burst.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Parses Retry-After: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Returns undefined when absent or unparseable, so the caller falls back to backoff.
 */
export function parseRetryAfterMs(header: string | string[] | undefined, now: Date): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse is lenient beyond HTTP-dates ("1.5" is 5 Jan 2001, "-5" the
  // year -5), which would turn a malformed header into "retry now". All three
  // HTTP-date forms (IMF-fixdate, RFC 850, asctime) start with the day name.
  if (!httpDateStart.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

const httpDateStart = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s/i;

/** The wait before the next attempt: the server's request when it made one, else backoff. */
export function nextDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelayMs(policy, attempt, random);
}
