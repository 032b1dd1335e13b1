import { formatDuration, MAX_DURATION_MS, parseDuration } from "../../provider/domain/duration";

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const W = 7 * D;

function ms(text: string): number {
  const result = parseDuration(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.reason}`);
  return result.ms;
}

function reason(text: string): string {
  const result = parseDuration(text);
  if (result.ok) throw new Error(`expected ${text} to be refused, got ${result.ms} ms`);
  return result.reason;
}

describe("parseDuration", () => {
  it.each([
    ["90s", 90 * S],
    ["1m", M],
    ["12h", 12 * H],
    ["365d", 365 * D],
    ["2w", 2 * W],
    ["1d12h", D + 12 * H],
    ["1w2d3h4m5s", W + 2 * D + 3 * H + 4 * M + 5 * S],
    ["0s", 0],
    ["  30d  ", 30 * D],
    ["999999s", 999_999 * S],
  ])("%s → %d ms", (text, expected) => {
    expect(ms(text)).toBe(expected);
  });

  it.each(["", "   ", "d", "10", "10y", "10mo", "1.5d", "-1d", "+1d", "1D", "1d 12h", "1e3s", "1000000s", "one day", "ten years"])(
    "refuses %j with an example of the accepted form",
    (text) => {
      expect(reason(text)).toContain('such as "365d"');
    },
  );

  it("accepts exactly ten years and refuses one second more", () => {
    expect(ms("3650d")).toBe(MAX_DURATION_MS);
    expect(reason("3650d1s")).toContain("longer than 10 years");
    expect(reason("999999w")).toContain("longer than 10 years");
  });

  it("clips a long input in its message", () => {
    const text = `${"9".repeat(200)}x`;
    const message = reason(text);
    expect(message.length).toBeLessThan(150);
    expect(message).toContain("…");
  });
});

describe("formatDuration", () => {
  it.each([
    [365 * D, "365d"],
    [2 * W, "2w"],
    [30 * D, "30d"],
    [36 * H, "36h"],
    [90 * S, "90s"],
    [90 * M, "90m"],
    [D + 1 * S, "86401s"],
    [0, "0s"],
  ])("%d ms → %s", (value, expected) => {
    expect(formatDuration(value)).toBe(expected);
  });

  it.each(["365d", "1d12h", "2w", "90s", "1w2d3h4m5s", "0s", "3650d"])("round-trips %s through parse → format → parse", (text) => {
    expect(ms(formatDuration(ms(text)))).toBe(ms(text));
  });
});
