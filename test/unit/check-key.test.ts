import { UNKNOWN_VALUE } from "../../provider/domain/unknown-values";
import type { InputFailure } from "../../provider/errors/input-error";
import { checkKey } from "../../provider/lifecycle/check-key";
import { type KeyPlan, keyPlanCodec } from "../../provider/schema/stored-key";
import { DAY_MS, fakeKey } from "../support/provider-fixtures";

const program = { email: "ops@example.com", website: "https://example.com" };

/** check for a new resource; fails the test on failures. */
function created(news: Record<string, unknown> = program): Record<string, unknown> {
  const outcome = checkKey({}, news);
  expect(outcome.failures).toEqual([]);
  return outcome.inputs;
}

function checked(olds: Record<string, unknown>, news: Record<string, unknown>): Record<string, unknown> {
  const outcome = checkKey(olds, news);
  expect(outcome.failures).toEqual([]);
  return outcome.inputs;
}

/** The complete plan the stored inputs stand for. */
function plan(inputs: Record<string, unknown>): KeyPlan {
  const result = keyPlanCodec.safeParse(inputs);
  if (!result.success) throw new Error(`stored inputs are unreadable: ${result.error.message}`);
  return result.data;
}

function failures(news: Record<string, unknown>, olds: Record<string, unknown> = {}): InputFailure[] {
  const outcome = checkKey(olds, news);
  for (const failure of outcome.failures) expect(failure.reason).toMatch(/^(INVALID_INPUT|KEY_NOT_ROTATED): /);
  return outcome.failures;
}

describe("checkKey: validation and defaults", () => {
  it("normalises a new resource and leaves out settings at their defaults", () => {
    const inputs = created({ email: "  Ops@Example.COM ", website: "Example.com/" });
    expect(inputs).toEqual({ email: "ops@example.com", website: ["https://example.com"] });
    expect(plan(inputs)).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      productName: "anti-spam",
      maxAgeMs: 365 * DAY_MS,
      renewBeforeMs: 30 * DAY_MS,
      rotationTriggers: {},
    });
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
    const renewBeforeMs = (maxAge: string) => plan(created({ ...program, maxAge })).renewBeforeMs;
    expect(renewBeforeMs("40d")).toBe(10 * DAY_MS);
    expect(renewBeforeMs("120d")).toBe(30 * DAY_MS);
    expect(renewBeforeMs("2w")).toBe(84 * 3_600_000);
    expect(renewBeforeMs("1m")).toBe(15_000);
  });

  it('accepts maxAge "never" (age rotation off) and stores it', () => {
    const inputs = created({ ...program, maxAge: "never" });
    expect(inputs).toEqual({ email: "ops@example.com", website: ["https://example.com"], maxAge: "never" });
    expect([plan(inputs).maxAgeMs, plan(inputs).renewBeforeMs]).toEqual([null, 0]);
  });

  it('refuses renewBefore next to maxAge "never": it would have no effect', () => {
    expect(failures({ ...program, maxAge: "never", renewBefore: "30d" })).toEqual([
      { property: "renewBefore", reason: 'INVALID_INPUT: has no effect with maxAge "never" (the key never becomes due); remove it' },
    ]);
  });

  it("accepts renewBefore one second shorter than maxAge and refuses equal or longer", () => {
    expect(created({ ...program, maxAge: "10d", renewBefore: "9d23h59m59s" }).renewBefore).toBe("863999s");
    for (const renewBefore of ["10d", "11d"]) {
      const refused = failures({ ...program, maxAge: "10d", renewBefore });
      expect(refused).toHaveLength(1);
      expect(refused[0]?.property).toBe("renewBefore");
      expect(refused[0]?.reason).toContain("must be shorter than maxAge (10d)");
    }
  });

  it("compares an explicit renewBefore with the default maxAge", () => {
    expect(failures({ ...program, renewBefore: "400d" })).toEqual([
      { property: "renewBefore", reason: expect.stringContaining("(400d) must be shorter than maxAge (365d") },
    ]);
  });

  it("refuses a zero maxAge", () => {
    expect(failures({ ...program, maxAge: "0s" })).toEqual([{ property: "maxAge", reason: expect.stringContaining("longer than zero") }]);
  });

  it.each(["sometimes", "1y", "-30d"])("refuses maxAge %j with the duration's own reason, and says never is possible", (maxAge) => {
    const refused = failures({ ...program, maxAge });
    expect(refused).toEqual([{ property: "maxAge", reason: expect.stringContaining('write a number and a unit such as "365d"') }]);
    expect(refused[0]?.reason).toContain('"never"');
  });

  it("reports a missing field as required and a wrong type as a wrong type", () => {
    expect(failures({ website: "example.com" })).toEqual([{ property: "email", reason: expect.stringContaining("is required") }]);
    expect(failures({ email: "ops@example.com" })).toEqual([{ property: "website", reason: expect.stringContaining("is required") }]);
    const wrong = failures({ ...program, productName: 7 });
    expect(wrong).toEqual([{ property: "productName", reason: expect.stringContaining("must be a string") }]);
    expect(wrong[0]?.reason).not.toContain("required");
    expect(failures({ ...program, maxAge: 365 })).toEqual([
      { property: "maxAge", reason: expect.stringContaining('must be a duration string such as "365d"') },
    ]);
  });

  it("gives the specific reason for a refused website, not the union's generic one", () => {
    expect(failures({ ...program, website: "javascript:alert(1)" })).toEqual([
      { property: "website", reason: expect.stringContaining('scheme "javascript:" is not allowed') },
    ]);
    expect(failures({ ...program, website: ["https://a.example.com", "https://u:p@b.example.com"] })).toEqual([
      { property: "website.1", reason: expect.stringContaining("user name or password") },
    ]);
  });

  it("every failure starts with INVALID_INPUT, once", () => {
    const refused = failures({ email: 1, website: "ftp://x.example.com", maxAge: "soon", extra: true });
    expect(refused.map((f) => f.property).sort()).toEqual(["email", "extra", "maxAge", "website"]);
    for (const failure of refused) {
      expect(failure.reason.startsWith("INVALID_INPUT: ")).toBe(true);
      expect(failure.reason.indexOf("INVALID_INPUT")).toBe(failure.reason.lastIndexOf("INVALID_INPUT"));
    }
  });

  it("returns the program's inputs untouched alongside failures", () => {
    const news = { ...program, maxAge: "soon" };
    expect(checkKey({}, news).inputs).toEqual(news);
  });

  it("ignores the __provider property Pulumi adds to news and olds", () => {
    const withProvider = { ...program, __provider: "exports.handler = ..." };
    const first = checkKey({}, withProvider);
    expect(first.failures).toEqual([]);
    expect(first.inputs).not.toHaveProperty("__provider");
    const second = checkKey({ ...first.inputs, __provider: "x" }, withProvider);
    expect(second).toEqual(first);
  });

  it("a cosmetic website edit stores the same plan (no identity change for diff)", () => {
    expect(created({ ...program, website: "HTTPS://EXAMPLE.com/" })).toEqual(created(program));
  });
});

describe("checkKey: authKey", () => {
  const a = "https://a.example.com";
  const b = "https://b.example.com";
  const sites = { email: "ops@example.com", website: [a, b] };

  it("stores a supplied key, trimmed", () => {
    expect(created({ ...program, authKey: ` ${fakeKey("dashboard")} ` }).authKey).toBe(fakeKey("dashboard"));
  });

  it("accepts a per-site map whose URLs are normalised like website", () => {
    const inputs = created({ ...sites, authKey: { "A.example.com/": fakeKey("a"), "https://B.EXAMPLE.com": fakeKey("b") } });
    expect(inputs.authKey).toEqual({ [a]: fakeKey("a"), [b]: fakeKey("b") });
    expect(created({ ...sites, authKey: { [b]: fakeKey("b") } }).authKey).toEqual({ [b]: fakeKey("b") });
  });

  it("refuses a map entry for a URL that is not in website, naming the entry", () => {
    expect(failures({ ...sites, authKey: { "https://c.example.com": fakeKey("c") } })).toEqual([
      { property: "authKey.https://c.example.com", reason: expect.stringContaining(`names a site that is not in website (${a}, ${b})`) },
    ]);
  });

  it("refuses an empty map, a bad URL in the map, a value that is not a key, and another type", () => {
    expect(failures({ ...sites, authKey: {} })).toEqual([{ property: "authKey", reason: expect.stringContaining("is an empty map") }]);
    expect(failures({ ...sites, authKey: { "javascript:x": fakeKey("x") } })).toEqual([
      { property: "authKey.javascript:x", reason: expect.stringContaining('has a site URL that scheme "javascript:" is not allowed') },
    ]);
    expect(failures({ ...sites, authKey: { [a]: "NOT A KEY" } })).toEqual([
      { property: `authKey.${a}`, reason: expect.stringContaining("is not a CleanTalk Access key") },
    ]);
    expect(failures({ ...sites, authKey: 5 })).toEqual([
      { property: "authKey", reason: "INVALID_INPUT: must be the Access key as a string, or a map from site URL to its Access key" },
    ]);
  });

  it("never repeats a refused key in its reason", () => {
    const almost = `${fakeKey("almost")}!`;
    for (const failure of failures({ ...program, authKey: almost })) expect(failure.reason).not.toContain(almost);
  });
});

describe("checkKey: the KEY_NOT_ROTATED refusal at preview", () => {
  const key = fakeKey("in-use");
  const olds = created({ ...program, authKey: key, rotationTriggers: { leak: "1" } });

  it("rotationTriggers changed while authKey is still the key supplied last time: refused on authKey with the dashboard steps", () => {
    const refused = failures({ ...program, authKey: key, rotationTriggers: { leak: "2" } }, olds);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.property).toBe("authKey");
    const reason = refused[0]?.reason ?? "";
    expect(reason.startsWith("KEY_NOT_ROTATED: rotationTriggers changed, which demands a new key, but authKey is still the key in use.\nFix:\n  1. ")).toBe(
      true,
    );
    expect(reason).not.toContain("INVALID_INPUT");
    expect(reason).toContain('"Generate key"');
    expect(reason).toContain("pulumi config set --secret");
    expect(reason).not.toContain(key);
  });

  it("also for a per-site map that is unchanged", () => {
    const mapOlds = created({ ...program, authKey: { "https://example.com": key } });
    const refused = failures({ ...program, authKey: { "https://example.com": key }, rotationTriggers: { leak: "now" } }, mapOlds);
    expect(refused.map((f) => f.reason.slice(0, 16))).toEqual(["KEY_NOT_ROTATED:"]);
  });

  it.each([
    ["a new key supplied with the trigger", { ...program, authKey: fakeKey("new"), rotationTriggers: { leak: "2" } }],
    ["the triggers unchanged", { ...program, authKey: key, rotationTriggers: { leak: "1" } }],
    ["the same triggers in another order", { ...program, authKey: key, rotationTriggers: { leak: "1" } }],
    ["the trigger changed without authKey (the API is asked)", { ...program, rotationTriggers: { leak: "2" } }],
    ["another identity", { ...program, email: "other@example.com", authKey: key, rotationTriggers: { leak: "2" } }],
    ["authKey unknown at preview", { ...program, authKey: UNKNOWN_VALUE, rotationTriggers: { leak: "2" } }],
    ["triggers unknown at preview", { ...program, authKey: key, rotationTriggers: UNKNOWN_VALUE }],
  ])("passes with %s", (_name, news) => {
    expect(failures(news, olds)).toEqual([]);
  });

  it("passes when the key was not supplied last time (nothing to compare)", () => {
    expect(failures({ ...program, authKey: key, rotationTriggers: { leak: "2" } }, created(program))).toEqual([]);
  });

  it("passes for a due, expired or invalid key with an unchanged authKey: diff decides those, with the clock and the stored key", () => {
    // check has no clock and no stored key: the same inputs are simply the same plan.
    expect(checked(olds, { ...program, authKey: key, rotationTriggers: { leak: "1" } })).toEqual(olds);
  });

  it("treats unreadable previous inputs as a new resource", () => {
    const unreadable = { email: "ops@example.com", website: ["https://example.com"], maxAge: "a year", authKey: key, rotationTriggers: { leak: "1" } };
    expect(failures({ ...program, authKey: key, rotationTriggers: { leak: "2" } }, unreadable)).toEqual([]);
  });
});

describe("checkKey: unknown values during preview", () => {
  it("passes unknown email and website through without failures", () => {
    const outcome = checkKey({}, { email: UNKNOWN_VALUE, website: UNKNOWN_VALUE });
    expect(outcome).toEqual({ inputs: { email: UNKNOWN_VALUE, website: UNKNOWN_VALUE }, failures: [] });
  });

  it("tolerates an unknown nested inside a list or a map", () => {
    const outcome = checkKey({}, { ...program, website: ["https://a.example.com", UNKNOWN_VALUE], rotationTriggers: { leak: UNKNOWN_VALUE } });
    expect(outcome.failures).toEqual([]);
    expect(outcome.inputs.website).toEqual(["https://a.example.com", UNKNOWN_VALUE]);
    expect(outcome.inputs.rotationTriggers).toEqual({ leak: UNKNOWN_VALUE });
  });

  it("still validates the known fields next to unknown ones", () => {
    expect(failures({ email: UNKNOWN_VALUE, website: "ftp://example.com" })).toEqual([{ property: "website", reason: expect.stringContaining('"ftp:"') }]);
  });

  it("normalises the known fields and passes the unknown ones through as they are", () => {
    const outcome = checkKey({}, { email: " Ops@Example.com ", website: "example.com", label: UNKNOWN_VALUE, authKey: UNKNOWN_VALUE, productName: "antispam" });
    expect(outcome).toEqual({
      inputs: { email: "ops@example.com", website: ["https://example.com"], label: UNKNOWN_VALUE, authKey: UNKNOWN_VALUE },
      failures: [],
    });
  });

  it("an unknown identity field on an existing resource is passed through (diff plans the replacement)", () => {
    const olds = created();
    expect(checked(olds, { ...program, email: UNKNOWN_VALUE })).toEqual({ email: UNKNOWN_VALUE, website: "https://example.com" });
  });

  it("does not compare renewBefore with a maxAge that is still unknown", () => {
    expect(failures({ ...program, maxAge: UNKNOWN_VALUE, renewBefore: "400d" })).toEqual([]);
    expect(checkKey({}, { ...program, maxAge: UNKNOWN_VALUE, renewBefore: "400d" }).inputs).toMatchObject({ maxAge: UNKNOWN_VALUE, renewBefore: "400d" });
  });
});

describe("checkKey is pure", () => {
  it("gives the same answer twice and does not touch its arguments", () => {
    const olds = created({ ...program, authKey: fakeKey("k"), rotationTriggers: { a: "1" } });
    const news = { ...program, authKey: fakeKey("k"), rotationTriggers: { a: "2" } };
    const before = JSON.stringify([olds, news]);
    expect(checkKey(olds, news)).toEqual(checkKey(olds, news));
    expect(JSON.stringify([olds, news])).toBe(before);
  });
});
