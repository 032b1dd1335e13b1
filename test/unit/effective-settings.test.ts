import { effectiveSettings } from "../../provider/state/effective-settings";
import { DAY_MS } from "../support/provider-fixtures";

describe("effectiveSettings", () => {
  it("reads the defaults check leaves out", () => {
    expect(effectiveSettings({})).toEqual({ productName: "anti-spam", maxAgeMs: 365 * DAY_MS, renewBeforeMs: 30 * DAY_MS, rotationTriggers: {} });
  });

  it("derives the default renewBefore from a stored maxAge", () => {
    expect(effectiveSettings({ maxAge: "8d" }).renewBeforeMs).toBe(2 * DAY_MS);
  });

  it("reads stored values as they are", () => {
    expect(effectiveSettings({ productName: "security", maxAge: "200d", renewBefore: "10d", rotationTriggers: { leak: "1" } })).toEqual({
      productName: "security",
      maxAgeMs: 200 * DAY_MS,
      renewBeforeMs: 10 * DAY_MS,
      rotationTriggers: { leak: "1" },
    });
  });

  it("refuses a stored duration check could not have written", () => {
    expect(() => effectiveSettings({ maxAge: "a year" })).toThrow("stored duration is unreadable");
  });
});
