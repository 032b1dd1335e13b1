import { checkKeyInputs } from "../../provider/inputs/check-inputs";
import { UNKNOWN_VALUE } from "../../provider/inputs/unknown-values";
import { keyFingerprint } from "../../provider/lifecycle/fingerprint";
import type { CheckedInputs } from "../../provider/state/key-state";
import { effectiveSettings } from "../../provider/state/effective-settings";
import { DAY_MS, fakeKey } from "../support/provider-fixtures";

const T0 = new Date("2025-03-01T00:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const program = { email: "ops@example.com", website: "https://example.com" };

/** check for a new resource; fails the test on failures. */
function created(news: Record<string, unknown> = program, now = T0): CheckedInputs {
  const outcome = checkKeyInputs({}, news, now);
  expect(outcome.failures).toEqual([]);
  return outcome.inputs as unknown as CheckedInputs;
}

function checked(olds: CheckedInputs, news: Record<string, unknown>, now: Date): CheckedInputs {
  const outcome = checkKeyInputs(olds as unknown as Record<string, unknown>, news, now);
  expect(outcome.failures).toEqual([]);
  return outcome.inputs as unknown as CheckedInputs;
}

describe("checkKeyInputs: validation and defaults", () => {
  it("normalises a new resource and leaves out settings at their defaults", () => {
    const inputs = created({ email: "  Ops@Example.COM ", website: "Example.com/" });
    expect(inputs).toEqual({ email: "ops@example.com", website: ["https://example.com"], rotationBase: T0.toISOString() });
    expect(effectiveSettings(inputs)).toEqual({ productName: "anti-spam", maxAgeMs: 365 * DAY_MS, renewBeforeMs: 30 * DAY_MS, rotationTriggers: {} });
  });

  it("leaves out a setting written at its default value, so writing the default changes nothing", () => {
    const explicit = created({ ...program, productName: "anti-spam", maxAge: "52w1d", renewBefore: "720h", rotationTriggers: {} });
    expect(explicit).toEqual(created(program));
    // renewBefore's default follows maxAge: a quarter of 8d is 2d.
    expect(created({ ...program, maxAge: "8d", renewBefore: "2d" })).not.toHaveProperty("renewBefore");
    expect(created({ ...program, maxAge: "8d", renewBefore: "3d" }).renewBefore).toBe("3d");
  });

  it("keeps optional inputs and canonicalises the product alias", () => {
    const inputs = created({ ...program, productName: "antispam", platform: "wordpress", label: "contact forms", rotationTriggers: { leak: "2025-01-01" } });
    expect(inputs).toMatchObject({ platform: "wordpress", label: "contact forms", rotationTriggers: { leak: "2025-01-01" } });
    // "antispam" is the default product, spelled CleanTalk's way.
    expect(inputs).not.toHaveProperty("productName");
    expect(created({ ...program, productName: "Security" }).productName).toBe("security");
  });

  it("defaults renewBefore to a quarter of a short maxAge, and to 30d for a long one", () => {
    const renewBeforeMs = (maxAge: string) => effectiveSettings(created({ ...program, maxAge })).renewBeforeMs;
    expect(renewBeforeMs("40d")).toBe(10 * DAY_MS);
    expect(renewBeforeMs("120d")).toBe(30 * DAY_MS);
    expect(renewBeforeMs("2w")).toBe(84 * 3_600_000);
    expect(renewBeforeMs("1m")).toBe(15_000);
  });

  it("accepts renewBefore one second shorter than maxAge and refuses equal or longer", () => {
    expect(created({ ...program, maxAge: "10d", renewBefore: "9d23h59m59s" }).renewBefore).toBe("863999s");
    for (const renewBefore of ["10d", "11d"]) {
      const outcome = checkKeyInputs({}, { ...program, maxAge: "10d", renewBefore }, T0);
      expect(outcome.failures).toHaveLength(1);
      expect(outcome.failures[0]?.property).toBe("renewBefore");
      expect(outcome.failures[0]?.reason).toContain("must be shorter than maxAge (10d)");
    }
  });

  it("compares an explicit renewBefore with the default maxAge", () => {
    const outcome = checkKeyInputs({}, { ...program, renewBefore: "400d" }, T0);
    expect(outcome.failures).toEqual([{ property: "renewBefore", reason: expect.stringContaining("(400d) must be shorter than maxAge (365d)") }]);
  });

  it("refuses a zero maxAge", () => {
    expect(checkKeyInputs({}, { ...program, maxAge: "0s" }, T0).failures).toEqual([
      { property: "maxAge", reason: expect.stringContaining("longer than zero") },
    ]);
  });

  it("reports a missing field as required and a wrong type as a wrong type", () => {
    expect(checkKeyInputs({}, { website: "example.com" }, T0).failures).toEqual([{ property: "email", reason: expect.stringContaining("is required") }]);
    expect(checkKeyInputs({}, { email: "ops@example.com" }, T0).failures).toEqual([{ property: "website", reason: expect.stringContaining("is required") }]);
    const wrong = checkKeyInputs({}, { ...program, productName: 7 }, T0).failures;
    expect(wrong).toEqual([{ property: "productName", reason: expect.stringContaining("must be a string") }]);
    expect(wrong[0]?.reason).not.toContain("required");
  });

  it("gives the specific reason for a refused website, not the union's generic one", () => {
    expect(checkKeyInputs({}, { ...program, website: "javascript:alert(1)" }, T0).failures).toEqual([
      { property: "website", reason: expect.stringContaining('scheme "javascript:" is not allowed') },
    ]);
    expect(checkKeyInputs({}, { ...program, website: ["https://a.example.com", "https://u:p@b.example.com"] }, T0).failures).toEqual([
      { property: "website.1", reason: expect.stringContaining("user name or password") },
    ]);
  });

  it("returns the program's inputs untouched alongside failures", () => {
    const news = { ...program, maxAge: "soon" };
    expect(checkKeyInputs({}, news, T0).inputs).toEqual(news);
  });

  it("ignores the __provider property Pulumi adds to news and olds", () => {
    const withProvider = { ...program, __provider: "exports.handler = ..." };
    const first = checkKeyInputs({}, withProvider, T0);
    expect(first.failures).toEqual([]);
    expect(first.inputs).not.toHaveProperty("__provider");
    const second = checkKeyInputs({ ...first.inputs, __provider: "x" }, withProvider, at(DAY_MS));
    expect(second.failures).toEqual([]);
    expect(second.inputs.rotationBase).toBe(T0.toISOString());
  });
});

describe("checkKeyInputs: unknown values during preview", () => {
  it("tolerates unknown email and website and starts a fresh schedule", () => {
    const outcome = checkKeyInputs({}, { email: UNKNOWN_VALUE, website: UNKNOWN_VALUE }, T0);
    expect(outcome.failures).toEqual([]);
    expect(outcome.inputs).toMatchObject({ email: UNKNOWN_VALUE, website: UNKNOWN_VALUE, rotationBase: T0.toISOString() });
  });

  it("tolerates an unknown nested inside a list or a map", () => {
    const outcome = checkKeyInputs({}, { ...program, website: ["https://a.example.com", UNKNOWN_VALUE], rotationTriggers: { leak: UNKNOWN_VALUE } }, T0);
    expect(outcome.failures).toEqual([]);
    expect(outcome.inputs.website).toEqual(["https://a.example.com", UNKNOWN_VALUE]);
  });

  it("still validates the known fields next to unknown ones", () => {
    const outcome = checkKeyInputs({}, { email: UNKNOWN_VALUE, website: "ftp://example.com" }, T0);
    expect(outcome.failures).toEqual([{ property: "website", reason: expect.stringContaining('"ftp:"') }]);
  });

  it("treats an unknown identity field on an existing resource as an identity change (no rotation marker)", () => {
    const olds = created();
    const inputs = checked(olds, { ...program, email: UNKNOWN_VALUE }, at(400 * DAY_MS));
    expect(inputs.rotation).toBeUndefined();
    expect(inputs.rotationBase).toBe(at(400 * DAY_MS).toISOString());
  });

  it("does not read an unknown authKey or unknown triggers as a rotation", () => {
    const olds = created({ ...program, rotationTriggers: { a: "1" } });
    const inputs = checked(olds, { ...program, authKey: UNKNOWN_VALUE, rotationTriggers: UNKNOWN_VALUE }, at(DAY_MS));
    expect(inputs.rotation).toBeUndefined();
    expect(inputs.rotationBase).toBe(T0.toISOString());
  });
});

describe("checkKeyInputs: rotation decisions", () => {
  const rotateAfterMs = 335 * DAY_MS; // 365d - 30d

  it("a new resource gets a fresh base and no marker", () => {
    const inputs = created();
    expect(inputs.rotationBase).toBe(T0.toISOString());
    expect(inputs.rotation).toBeUndefined();
  });

  it("carries the base while the key is not due (1 ms before rotateAfter)", () => {
    const inputs = checked(created(), program, at(rotateAfterMs - 1));
    expect(inputs.rotationBase).toBe(T0.toISOString());
    expect(inputs.rotation).toBeUndefined();
  });

  it("rotates by age exactly at rotateAfter", () => {
    const now = at(rotateAfterMs);
    const inputs = checked(created(), program, now);
    expect(inputs.rotationBase).toBe(now.toISOString());
    expect(inputs.rotation).toEqual({ reason: "age", previousBase: T0.toISOString() });
  });

  it("a shorter maxAge on an old key makes it due at once", () => {
    const inputs = checked(created(), { ...program, maxAge: "90d" }, at(100 * DAY_MS));
    expect(inputs.rotation?.reason).toBe("age");
  });

  it.each([
    ["email", { ...program, email: "other@example.com" }],
    ["website", { ...program, website: "https://other.example.com" }],
    ["website list", { ...program, website: ["https://example.com", "https://b.example.com"] }],
    ["productName", { ...program, productName: "security" }],
  ])("a %s change starts a fresh base without a marker, even when due", (_name, news) => {
    const now = at(400 * DAY_MS);
    const inputs = checked(created(), news, now);
    expect(inputs.rotationBase).toBe(now.toISOString());
    expect(inputs.rotation).toBeUndefined();
  });

  it("a cosmetic website edit is not an identity change", () => {
    const inputs = checked(created(), { ...program, website: "HTTPS://EXAMPLE.com/" }, at(DAY_MS));
    expect(inputs.rotationBase).toBe(T0.toISOString());
  });

  it("a rotationTriggers change rotates with reason triggers (added, changed or removed entry)", () => {
    const olds = created({ ...program, rotationTriggers: { leak: "1" } });
    for (const triggers of [{ leak: "2" }, { leak: "1", contractor: "bob" }, {}]) {
      const now = at(DAY_MS);
      const inputs = checked(olds, { ...program, rotationTriggers: triggers }, now);
      expect(inputs.rotation).toEqual({ reason: "triggers", previousBase: T0.toISOString() });
      expect(inputs.rotationBase).toBe(now.toISOString());
    }
  });

  it("same triggers in another key order do not rotate", () => {
    const olds = created({ ...program, rotationTriggers: { a: "1", b: "2" } });
    expect(checked(olds, { ...program, rotationTriggers: { b: "2", a: "1" } }, at(DAY_MS)).rotation).toBeUndefined();
  });

  it("a key flagged invalid by refresh rotates with reason invalidated", () => {
    const olds = { ...created(), keyInvalidated: keyFingerprint(fakeKey("old")) };
    expect(checked(olds, program, at(DAY_MS)).rotation).toEqual({ reason: "invalidated", previousBase: T0.toISOString() });
  });

  it("a newly supplied authKey rotates with reason adopt", () => {
    const olds = created();
    const inputs = checked(olds, { ...program, authKey: fakeKey("dashboard") }, at(DAY_MS));
    expect(inputs.rotation).toEqual({ reason: "adopt", previousBase: T0.toISOString() });
    expect(inputs.authKey).toBe(fakeKey("dashboard"));
  });

  it("a replaced authKey rotates with reason adopt", () => {
    const olds = created({ ...program, authKey: fakeKey("first") });
    expect(checked(olds, { ...program, authKey: fakeKey("second") }, at(DAY_MS)).rotation?.reason).toBe("adopt");
  });

  it("an unchanged authKey that is not due carries the base", () => {
    const olds = created({ ...program, authKey: fakeKey("same") });
    const inputs = checked(olds, { ...program, authKey: fakeKey("same") }, at(DAY_MS));
    expect(inputs.rotation).toBeUndefined();
    expect(inputs.rotationBase).toBe(T0.toISOString());
  });

  it.each([
    ["age", { ...program }, rotateAfterMs, false],
    ["triggers", { ...program, rotationTriggers: { leak: "now" } }, DAY_MS, false],
    ["invalidated", { ...program }, DAY_MS, true],
  ])("due by %s while authKey is unchanged fails on authKey with the dashboard steps", (_reason, news, elapsed, invalidated) => {
    const key = fakeKey("in-use");
    const olds = { ...created({ ...program, authKey: key }), ...(invalidated ? { keyInvalidated: keyFingerprint(key) } : {}) };
    const outcome = checkKeyInputs(olds as unknown as Record<string, unknown>, { ...news, authKey: key }, at(elapsed));
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]?.property).toBe("authKey");
    expect(outcome.failures[0]?.reason).toContain('"Generate key"');
    expect(outcome.failures[0]?.reason).toContain("pulumi config set --secret");
    expect(outcome.failures[0]?.reason).not.toContain(key);
  });

  it("treats unreadable previous inputs as a new resource", () => {
    const outcome = checkKeyInputs(
      { email: "ops@example.com", website: ["https://example.com"], productName: "anti-spam", rotationBase: "not a date" },
      program,
      at(DAY_MS),
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.inputs.rotationBase).toBe(at(DAY_MS).toISOString());
    expect(outcome.inputs.rotation).toBeUndefined();
  });

  it("is a pure function of its arguments", () => {
    const olds = created();
    const a = checkKeyInputs(olds as unknown as Record<string, unknown>, program, at(rotateAfterMs));
    const b = checkKeyInputs(olds as unknown as Record<string, unknown>, program, at(rotateAfterMs));
    expect(a).toEqual(b);
    expect(olds.rotation).toBeUndefined();
  });
});
