import { DEFAULT_MAX_AGE_MS, defaultRenewBeforeMs, isRotationDue, scheduleFrom } from "../../provider/inputs/schedule";
import { DAY_MS } from "../support/provider-fixtures";

describe("schedule", () => {
  const base = new Date("2025-01-01T00:00:00.000Z");

  it("defaults to a 365-day life", () => {
    expect(DEFAULT_MAX_AGE_MS).toBe(365 * DAY_MS);
  });

  it("expires maxAge after the base and is due renewBefore ahead of that", () => {
    const schedule = scheduleFrom(base, 365 * DAY_MS, 30 * DAY_MS);
    expect(schedule.expiresAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(schedule.rotateAfter.toISOString()).toBe("2025-12-02T00:00:00.000Z");
  });

  it("is due exactly at rotateAfter and not one millisecond before", () => {
    const schedule = scheduleFrom(base, 10 * DAY_MS, 2 * DAY_MS);
    const rotateAfter = schedule.rotateAfter.getTime();
    expect(isRotationDue(schedule, new Date(rotateAfter - 1))).toBe(false);
    expect(isRotationDue(schedule, new Date(rotateAfter))).toBe(true);
    expect(isRotationDue(schedule, new Date(rotateAfter + 1))).toBe(true);
    expect(isRotationDue(schedule, schedule.expiresAt)).toBe(true);
  });

  it("with renewBefore 0 is due at expiry", () => {
    const schedule = scheduleFrom(base, DAY_MS, 0);
    expect(schedule.rotateAfter.getTime()).toBe(schedule.expiresAt.getTime());
    expect(isRotationDue(schedule, new Date(base.getTime() + DAY_MS - 1))).toBe(false);
    expect(isRotationDue(schedule, new Date(base.getTime() + DAY_MS))).toBe(true);
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
  });
});
