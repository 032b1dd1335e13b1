import { backoffDelayMs, DEFAULT_RETRY_POLICY, nextDelayMs, parseRetryAfterMs, type RetryPolicy } from "../../provider/client/retry-policy";

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 30_000 };
const almostOne = () => 1 - Number.EPSILON;

describe("backoffDelayMs", () => {
  it("has documented defaults", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 });
  });

  it("doubles the ceiling per attempt up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((attempt) => backoffDelayMs(policy, attempt, almostOne))).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  it("is full jitter: random 0 gives 0, and every draw stays in [0, ceiling)", () => {
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(200);
    for (let i = 0; i <= 100; i++) {
      const value = backoffDelayMs(policy, 4, () => i / 101);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(800);
      expect(Number.isInteger(value)).toBe(true);
    }
  });

  it("treats attempt 0 or below like the first", () => {
    expect(backoffDelayMs(policy, 0, almostOne)).toBe(99);
  });
});

describe("parseRetryAfterMs", () => {
  const now = new Date("2025-03-01T12:00:00.000Z");

  it.each([
    ["0", 0],
    ["7", 7_000],
    [" 120 ", 120_000],
  ])("delta-seconds %j → %d ms", (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });

  it("an HTTP-date gives the time until then", () => {
    expect(parseRetryAfterMs("Sat, 01 Mar 2025 12:00:30 GMT", now)).toBe(30_000);
  });

  it("the obsolete RFC 850 form is honoured too", () => {
    expect(parseRetryAfterMs("Saturday, 01-Mar-25 12:00:30 GMT", now)).toBe(30_000);
  });

  it("an HTTP-date in the past gives 0", () => {
    expect(parseRetryAfterMs("Sat, 01 Mar 2025 11:00:00 GMT", now)).toBe(0);
  });

  it("takes the first of repeated headers", () => {
    expect(parseRetryAfterMs(["3", "9"], now)).toBe(3_000);
  });

  it.each([undefined, "", "  ", "soon", "-5", "1.5", "2025-03-01", "1 hour", "12:00:30"])("%j → undefined (fall back to backoff)", (header) => {
    expect(parseRetryAfterMs(header, now)).toBeUndefined();
  });
});

describe("nextDelayMs", () => {
  it("honours the server's Retry-After over backoff", () => {
    expect(nextDelayMs(policy, 1, 2_500, almostOne)).toBe(2_500);
    expect(nextDelayMs(policy, 1, 0, almostOne)).toBe(0);
  });

  it("caps Retry-After at maxRetryAfterMs", () => {
    expect(nextDelayMs(policy, 1, 90_000, almostOne)).toBe(30_000);
  });

  it("falls back to jittered backoff without Retry-After", () => {
    expect(nextDelayMs(policy, 2, undefined, () => 0.25)).toBe(50);
  });
});
