import {
  DAY_MS,
  DEFAULT_MAX_AGE_MS,
  daysLeft,
  defaultRenewBeforeMs,
  maxAgeMsOf,
  ROTATION_STATES,
  recordedSchedule,
  renewBeforeMsOf,
  rotationStateAt,
  type Schedule,
  scheduleFrom,
} from "../../provider/domain/schedule";

const base = new Date("2025-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(base.getTime() + ms);

function schedule(maxAgeMs: number, renewBeforeMs: number): Schedule {
  const result = scheduleFrom(base, maxAgeMs, renewBeforeMs);
  if (result === undefined) throw new Error("expected a schedule");
  return result;
}

describe("scheduleFrom", () => {
  it("defaults to a 365-day life", () => {
    expect(DAY_MS).toBe(86_400_000);
    expect(DEFAULT_MAX_AGE_MS).toBe(365 * DAY_MS);
  });

  it("expires maxAge after the base and is due renewBefore ahead of that", () => {
    const s = schedule(365 * DAY_MS, 30 * DAY_MS);
    expect(s.expiresAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(s.rotateAfter.toISOString()).toBe("2025-12-02T00:00:00.000Z");
  });

  it("has no schedule when age rotation is off (maxAge never), whatever renewBefore says", () => {
    expect(scheduleFrom(base, null, 0)).toBeUndefined();
    expect(scheduleFrom(base, null, 30 * DAY_MS)).toBeUndefined();
  });
});

describe("rotationStateAt", () => {
  it("lists the four states", () => {
    expect(ROTATION_STATES).toEqual(["current", "due", "expired", "invalid"]);
  });

  it("is due exactly at rotateAfter and not one millisecond before", () => {
    const s = schedule(10 * DAY_MS, 2 * DAY_MS);
    const rotateAfter = s.rotateAfter.getTime();
    expect(rotationStateAt(s, false, base)).toBe("current");
    expect(rotationStateAt(s, false, new Date(rotateAfter - 1))).toBe("current");
    expect(rotationStateAt(s, false, new Date(rotateAfter))).toBe("due");
    expect(rotationStateAt(s, false, new Date(rotateAfter + 1))).toBe("due");
  });

  it("is expired exactly at expiresAt and due one millisecond before", () => {
    const s = schedule(10 * DAY_MS, 2 * DAY_MS);
    expect(rotationStateAt(s, false, new Date(s.expiresAt.getTime() - 1))).toBe("due");
    expect(rotationStateAt(s, false, s.expiresAt)).toBe("expired");
    expect(rotationStateAt(s, false, at(100 * 365 * DAY_MS))).toBe("expired");
  });

  it("with renewBefore 0 is never due: current until expiry, then expired", () => {
    const s = schedule(DAY_MS, 0);
    expect(s.rotateAfter.getTime()).toBe(s.expiresAt.getTime());
    expect(rotationStateAt(s, false, at(DAY_MS - 1))).toBe("current");
    expect(rotationStateAt(s, false, at(DAY_MS))).toBe("expired");
  });

  it("a key CleanTalk refused is invalid whatever its age, even without a schedule", () => {
    const s = schedule(10 * DAY_MS, 2 * DAY_MS);
    for (const now of [base, s.rotateAfter, s.expiresAt]) expect(rotationStateAt(s, true, now)).toBe("invalid");
    expect(rotationStateAt(undefined, true, base)).toBe("invalid");
  });

  it("without a schedule (maxAge never) a valid key stays current for ever", () => {
    expect(rotationStateAt(undefined, false, at(100 * 365 * DAY_MS))).toBe("current");
  });
});

describe("daysLeft", () => {
  const s = schedule(10 * DAY_MS, 2 * DAY_MS);

  it("counts whole days until expiresAt, rounded down", () => {
    expect(daysLeft(s, base)).toBe(10);
    expect(daysLeft(s, at(1))).toBe(9);
    expect(daysLeft(s, at(9 * DAY_MS))).toBe(1);
    expect(daysLeft(s, at(10 * DAY_MS - 1))).toBe(0);
  });

  it("is 0 at expiresAt and negative after it (−3: expired three days ago)", () => {
    expect(daysLeft(s, s.expiresAt)).toBe(0);
    expect(daysLeft(s, at(10 * DAY_MS + 1))).toBe(-1);
    expect(daysLeft(s, at(13 * DAY_MS))).toBe(-3);
  });

  it("is undefined when the key never expires by age", () => {
    expect(daysLeft(undefined, base)).toBeUndefined();
    expect(daysLeft(scheduleFrom(base, null, 0), base)).toBeUndefined();
  });
});

describe("defaultRenewBeforeMs", () => {
  it.each([
    [365 * DAY_MS, 30 * DAY_MS],
    [120 * DAY_MS, 30 * DAY_MS],
    [121 * DAY_MS, 30 * DAY_MS],
    [119 * DAY_MS, (119 * DAY_MS) / 4],
    [40 * DAY_MS, 10 * DAY_MS],
    [4_000, 1_000],
    [60_000, 15_000],
  ])("maxAge %d ms → %d ms (min(30d, maxAge/4))", (maxAge, expected) => {
    expect(defaultRenewBeforeMs(maxAge)).toBe(expected);
  });

  it("is a whole number of seconds, so the stored duration string is exact", () => {
    for (const maxAge of [1_000, 5_000, 7_000, 13_000, 99_000, 3_601_000]) {
      const value = defaultRenewBeforeMs(maxAge);
      expect(value % 1_000).toBe(0);
      expect(value).toBeLessThanOrEqual(maxAge / 4);
      expect(value).toBeLessThan(maxAge);
    }
  });

  it("is 0 for a key that never expires by age", () => {
    expect(defaultRenewBeforeMs(null)).toBe(0);
  });
});

describe("maxAgeMsOf and renewBeforeMsOf", () => {
  it("read a setting as the provider fills it", () => {
    expect(maxAgeMsOf(undefined)).toBe(DEFAULT_MAX_AGE_MS);
    expect(maxAgeMsOf("never")).toBeNull();
    expect(maxAgeMsOf("90d")).toBe(90 * DAY_MS);
    expect(renewBeforeMsOf(undefined, DEFAULT_MAX_AGE_MS)).toBe(30 * DAY_MS);
    expect(renewBeforeMsOf(undefined, 8 * DAY_MS)).toBe(2 * DAY_MS);
    expect(renewBeforeMsOf(undefined, null)).toBe(0);
    expect(renewBeforeMsOf("7d", DEFAULT_MAX_AGE_MS)).toBe(7 * DAY_MS);
  });

  it("give undefined for text that is no duration, for check to refuse", () => {
    expect(maxAgeMsOf("a year")).toBeUndefined();
    expect(maxAgeMsOf("12mo")).toBeUndefined();
    expect(renewBeforeMsOf("soon", DEFAULT_MAX_AGE_MS)).toBeUndefined();
    expect(renewBeforeMsOf("never", DEFAULT_MAX_AGE_MS)).toBeUndefined();
  });
});

describe("recordedSchedule", () => {
  it("reads the dates a key's details record, and nothing when maxAge is never", () => {
    expect(recordedSchedule({ expiresAt: "2027-01-01T00:00:00.000Z", rotateAfter: "2026-12-02T00:00:00.000Z" })).toEqual({
      expiresAt: new Date("2027-01-01T00:00:00.000Z"),
      rotateAfter: new Date("2026-12-02T00:00:00.000Z"),
    });
    expect(recordedSchedule({})).toBeUndefined();
    expect(recordedSchedule({ expiresAt: "2027-01-01T00:00:00.000Z" })).toBeUndefined();
  });
});
