import { keyFingerprint } from "../../provider/domain/fingerprint";
import { type KeyPlan, type KeyRecord, keyPlanCodec, keyRecordCodec, type StoredPlan, type StoredRecord } from "../../provider/schema/stored-key";
import { DAY_MS, fakeKey, fakeToken, keyPlan, keyRecord } from "../support/provider-fixtures";

const H = 3_600_000;
const key = fakeKey("stored");
const otherKey = fakeKey("stored-other");
const salt = fakeToken("stored-salt");
const fingerprint = keyFingerprint(key, salt);

function decodedPlan(stored: Record<string, unknown>): KeyPlan {
  const result = keyPlanCodec.safeParse(stored);
  if (!result.success) throw new Error(`expected a readable plan: ${result.error.message}`);
  return result.data;
}

function decodedRecord(stored: Record<string, unknown>): KeyRecord {
  const result = keyRecordCodec.safeParse(stored);
  if (!result.success) throw new Error(`expected a readable record: ${result.error.message}`);
  return result.data;
}

function planIssuePaths(stored: Record<string, unknown>): string[] {
  const result = keyPlanCodec.safeParse(stored);
  if (result.success) throw new Error("expected the stored plan to be refused");
  return result.error.issues.map((issue) => issue.path.join("."));
}

function recordIssuePaths(stored: Record<string, unknown>): string[] {
  const result = keyRecordCodec.safeParse(stored);
  if (result.success) throw new Error("expected the stored record to be refused");
  return result.error.issues.map((issue) => issue.path.join("."));
}

/** The lean stored layout of a single-site key with every setting at its default, as create writes it. */
const leanRecord = {
  email: "ops@example.com",
  website: ["https://example.com"],
  credentials: { authKey: key, salt },
  details: {
    fingerprint,
    createdAt: "2025-03-01T00:00:00.000Z",
    expiresAt: "2026-03-01T00:00:00.000Z",
    rotateAfter: "2026-01-30T00:00:00.000Z",
    source: "provisioned",
  },
} satisfies StoredRecord;

describe("keyPlanCodec", () => {
  it("decode fills every default the lean plan leaves out", () => {
    expect(decodedPlan({ email: "ops@example.com", website: ["https://example.com"] })).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      productName: "anti-spam",
      maxAgeMs: 365 * DAY_MS,
      renewBeforeMs: 30 * DAY_MS,
      rotationTriggers: {},
    });
  });

  it.each([
    ["8d", 2 * DAY_MS],
    ["40d", 10 * DAY_MS],
    ["120d", 30 * DAY_MS],
    ["2w", 84 * H],
    ["1m", 15_000],
  ])("decode derives the default renewBefore from a stored maxAge %s: min(30d, a quarter)", (maxAge, renewBeforeMs) => {
    expect(decodedPlan({ email: "ops@example.com", website: ["https://example.com"], maxAge }).renewBeforeMs).toBe(renewBeforeMs);
  });

  it('decode reads maxAge "never" as no age rotation, with no renewal window', () => {
    const plan = decodedPlan({ email: "ops@example.com", website: ["https://example.com"], maxAge: "never" });
    expect([plan.maxAgeMs, plan.renewBeforeMs]).toEqual([null, 0]);
  });

  it("decode reads stored values as they are, a supplied key as a string or a per-site map", () => {
    const stored = {
      email: "ops@example.com",
      website: ["https://a.example.com", "https://b.example.com"],
      productName: "security",
      platform: "wordpress",
      maxAge: "200d",
      renewBefore: "10d",
      rotationTriggers: { leak: "1" },
      label: "forms",
      authKey: { "https://a.example.com": key, "https://b.example.com": otherKey },
    } satisfies StoredPlan;
    expect(decodedPlan(stored)).toEqual({
      email: "ops@example.com",
      website: ["https://a.example.com", "https://b.example.com"],
      productName: "security",
      platform: "wordpress",
      maxAgeMs: 200 * DAY_MS,
      renewBeforeMs: 10 * DAY_MS,
      rotationTriggers: { leak: "1" },
      label: "forms",
      authKey: { "https://a.example.com": key, "https://b.example.com": otherKey },
    });
    expect(decodedPlan({ ...stored, authKey: key }).authKey).toBe(key);
  });

  it("encode leaves out each setting at its default, and what was never set", () => {
    expect(keyPlanCodec.encode(keyPlan())).toEqual({ email: "ops@example.com", website: ["https://example.com"] });
    // The default renewBefore follows maxAge: a quarter of 8d is 2d.
    expect(keyPlanCodec.encode(keyPlan({ maxAgeMs: 8 * DAY_MS, renewBeforeMs: 2 * DAY_MS }))).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      maxAge: "8d",
    });
    expect(keyPlanCodec.encode(keyPlan({ maxAgeMs: null, renewBeforeMs: 0 }))).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      maxAge: "never",
    });
  });

  it("encode writes a setting that differs from its default, durations in canonical form", () => {
    expect(
      keyPlanCodec.encode(
        keyPlan({
          productName: "security",
          maxAgeMs: 14 * DAY_MS,
          renewBeforeMs: 863_999_000,
          rotationTriggers: { leak: "1" },
          platform: "wordpress",
          label: "forms",
          authKey: key,
        }),
      ),
    ).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      productName: "security",
      platform: "wordpress",
      maxAge: "2w",
      renewBefore: "863999s",
      rotationTriggers: { leak: "1" },
      label: "forms",
      authKey: key,
    });
    // 30d is the default only next to a maxAge of 120 days or more.
    expect(keyPlanCodec.encode(keyPlan({ maxAgeMs: 40 * DAY_MS, renewBeforeMs: 30 * DAY_MS })).renewBefore).toBe("30d");
  });

  it.each<[string, KeyPlan]>([
    ["defaults", keyPlan()],
    ["never", keyPlan({ maxAgeMs: null, renewBeforeMs: 0 })],
    ["short maxAge, default renewBefore", keyPlan({ maxAgeMs: 90_000, renewBeforeMs: 22_000 })],
    ["renewBefore 0 with an age", keyPlan({ maxAgeMs: DAY_MS, renewBeforeMs: 0 })],
    [
      "every field",
      keyPlan({
        website: ["https://a.example.com", "https://b.example.com"],
        productName: "doboard",
        platform: "php-uni",
        maxAgeMs: 100 * DAY_MS,
        renewBeforeMs: 36 * H,
        rotationTriggers: { a: "1", b: "2" },
        label: "x",
        authKey: { "https://a.example.com": key, "https://b.example.com": otherKey },
      }),
    ],
  ])("round-trips a plan (%s): decode(encode(plan)) is the plan", (_name, plan) => {
    const stored = keyPlanCodec.encode(plan);
    expect(decodedPlan(stored)).toEqual(plan);
    expect(keyPlanCodec.encode(decodedPlan(stored))).toEqual(stored);
  });

  it("ignores properties that are not part of the plan (the engine's __provider)", () => {
    expect(decodedPlan({ email: "ops@example.com", website: ["https://example.com"], __provider: "serialised" })).not.toHaveProperty("__provider");
  });

  it.each([
    ["a duration check could not have written", { maxAge: "a year" }, "maxAge"],
    ["an unreadable renewBefore", { renewBefore: "soon" }, "renewBefore"],
    ["an unknown product", { productName: "spam" }, "productName"],
    ["an empty website list", { website: [] }, "website"],
    ["a missing email", { email: undefined }, "email"],
    ["an authKey that is not a key", { authKey: "BAD KEY" }, "authKey"],
    ["a trigger value that is not a string", { rotationTriggers: { leak: 1 } }, "rotationTriggers.leak"],
  ])("refuses %s, naming the path", (_name, change, path) => {
    expect(planIssuePaths({ email: "ops@example.com", website: ["https://example.com"], ...change })).toContain(path);
  });
});

describe("keyRecordCodec", () => {
  it("decode fills every default the lean record leaves out", () => {
    expect(decodedRecord(leanRecord)).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      productName: "anti-spam",
      maxAgeMs: 365 * DAY_MS,
      renewBeforeMs: 30 * DAY_MS,
      rotationTriggers: {},
      credentials: { authKey: key, salt, sites: { "https://example.com": { hostname: "example.com", authKey: key } } },
      details: {
        fingerprint,
        createdAt: "2025-03-01T00:00:00.000Z",
        expiresAt: "2026-03-01T00:00:00.000Z",
        rotateAfter: "2026-01-30T00:00:00.000Z",
        source: "provisioned",
        keyStatus: "valid",
        rotationState: "current",
        hostnames: ["example.com"],
        pendingSites: [],
        createdAtEstimated: false,
      },
    } satisfies KeyRecord);
  });

  it("encode leaves each default out again: the lean layout is what it writes", () => {
    const record = {
      ...keyRecord(keyPlan(), { authKey: key }),
      credentials: { authKey: key, salt, sites: { "https://example.com": { hostname: "example.com", authKey: key } } },
    };
    const stored = keyRecordCodec.encode({ ...record, details: { ...record.details, fingerprint } });
    expect(stored).toEqual(leanRecord);
    for (const absent of ["productName", "maxAge", "renewBefore", "rotationTriggers", "platform", "label", "authKey"])
      expect(stored).not.toHaveProperty(absent);
    expect(Object.keys(stored.credentials).sort()).toEqual(["authKey", "salt"]);
    expect(Object.keys(stored.details).sort()).toEqual(["createdAt", "expiresAt", "fingerprint", "rotateAfter", "source"]);
  });

  it("keeps every value that differs from its default, and reads it back", () => {
    const stored = {
      ...leanRecord,
      productName: "security",
      maxAge: "40d",
      renewBefore: "5d",
      rotationTriggers: { leak: "1" },
      platform: "wordpress",
      label: "forms",
      credentials: { authKey: key, userToken: fakeToken("stored"), passwordHash: "a1b2$c.d/e", salt },
      details: {
        ...leanRecord.details,
        keyStatus: "invalid",
        rotationState: "invalid",
        hostnames: ["www.example.com"],
        serviceId: 42,
        createdAtEstimated: true,
        source: "existing-site",
      },
    } satisfies StoredRecord;
    const record = decodedRecord(stored);
    expect(record).toMatchObject({
      productName: "security",
      maxAgeMs: 40 * DAY_MS,
      renewBeforeMs: 5 * DAY_MS,
      rotationTriggers: { leak: "1" },
      platform: "wordpress",
      label: "forms",
      credentials: {
        userToken: fakeToken("stored"),
        passwordHash: "a1b2$c.d/e",
        sites: { "https://example.com": { hostname: "www.example.com", authKey: key } },
      },
      details: {
        keyStatus: "invalid",
        rotationState: "invalid",
        hostnames: ["www.example.com"],
        serviceId: 42,
        createdAtEstimated: true,
        source: "existing-site",
      },
    });
    expect(keyRecordCodec.encode(record)).toEqual(stored);
  });

  it("records a due or expired state, and leaves a current one out", () => {
    for (const rotationState of ["due", "expired"] as const) {
      const stored = { ...leanRecord, details: { ...leanRecord.details, rotationState } };
      expect(decodedRecord(stored).details.rotationState).toBe(rotationState);
      expect(keyRecordCodec.encode(decodedRecord(stored))).toEqual(stored);
    }
    expect(keyRecordCodec.encode(decodedRecord({ ...leanRecord, details: { ...leanRecord.details, rotationState: "current" } }))).toEqual(leanRecord);
  });

  it("stores the per-site map only for several sites, and keeps it as it is", () => {
    const sites = {
      "https://a.example.com": { hostname: "a.example.com", authKey: key },
      "https://b.example.com": { hostname: "b.example.com", authKey: otherKey },
    };
    const stored = { ...leanRecord, website: Object.keys(sites), credentials: { authKey: key, salt, sites } } satisfies StoredRecord;
    const record = decodedRecord(stored);
    expect(record.credentials.sites).toEqual(sites);
    expect(record.details.hostnames).toEqual(["a.example.com", "b.example.com"]);
    const encoded = keyRecordCodec.encode(record);
    expect(encoded.credentials.sites).toEqual(sites);
    // Host names equal to the URLs' hosts are not stored.
    expect(encoded.details).not.toHaveProperty("hostnames");
    expect(encoded).toEqual(stored);
  });

  it("keeps a multi-site map with CleanTalk's own host names and a site still pending", () => {
    const sites = { "https://a.example.com": { hostname: "www.a.example.com", authKey: key } };
    const stored = {
      ...leanRecord,
      website: ["https://a.example.com", "https://b.example.com"],
      credentials: { authKey: key, salt, sites },
      details: { ...leanRecord.details, hostnames: ["www.a.example.com", "b.example.com"], pendingSites: ["https://b.example.com"] },
    } satisfies StoredRecord;
    const record = decodedRecord(stored);
    expect(record.credentials.sites).toEqual(sites);
    expect(record.details.pendingSites).toEqual(["https://b.example.com"]);
    expect(keyRecordCodec.encode(record)).toEqual(stored);
  });

  it("rebuilds a single site's entry exactly: CleanTalk's host name, and a map kept when the site's key is not authKey", () => {
    const renamed = { ...leanRecord, details: { ...leanRecord.details, hostnames: ["www.example.com"] } };
    expect(decodedRecord(renamed).credentials.sites).toEqual({ "https://example.com": { hostname: "www.example.com", authKey: key } });
    expect(keyRecordCodec.encode(decodedRecord(renamed))).toEqual(renamed);

    const ownKey = { "https://example.com": { hostname: "example.com", authKey: otherKey } };
    const record = decodedRecord({ ...leanRecord, credentials: { authKey: key, salt, sites: ownKey } });
    expect(record.credentials.sites).toEqual(ownKey);
    expect(keyRecordCodec.encode(record).credentials.sites).toEqual(ownKey);
  });

  it("keeps a single site with no key yet (pending) as an empty map, not a rebuilt entry", () => {
    const stored = { ...leanRecord, credentials: { authKey: key, salt, sites: {} }, details: { ...leanRecord.details, pendingSites: ["https://example.com"] } };
    expect(decodedRecord(stored).credentials.sites).toEqual({});
    expect(keyRecordCodec.encode(decodedRecord(stored))).toEqual(stored);
  });

  it('reads a key without a schedule (maxAge "never")', () => {
    const { expiresAt: _e, rotateAfter: _r, ...details } = leanRecord.details;
    const stored = { ...leanRecord, maxAge: "never", details };
    const record = decodedRecord(stored);
    expect([record.maxAgeMs, record.renewBeforeMs, record.details.expiresAt, record.details.rotateAfter]).toEqual([null, 0, undefined, undefined]);
    expect(keyRecordCodec.encode(record)).toEqual(stored);
  });

  it("round-trips the fixtures' records: encode then decode gives the record back", () => {
    const plans = [
      keyPlan(),
      keyPlan({ website: ["https://a.example.com", "https://b.example.com"], label: "x", platform: "wordpress" }),
      keyPlan({ maxAgeMs: null, renewBeforeMs: 0 }),
      keyPlan({ maxAgeMs: 8 * DAY_MS, renewBeforeMs: 2 * DAY_MS, rotationTriggers: { leak: "1" } }),
    ];
    for (const plan of plans) {
      for (const options of [{}, { keyStatus: "invalid" as const }, { source: "supplied" as const, now: new Date("2026-02-15T00:00:00.000Z") }]) {
        const record = keyRecord(plan, { authKey: key, ...options });
        expect(decodedRecord(keyRecordCodec.encode(record))).toEqual(record);
      }
    }
  });

  it("ignores properties that are not part of the record (the engine's __provider)", () => {
    expect(decodedRecord({ ...leanRecord, __provider: "serialised" })).not.toHaveProperty("__provider");
  });

  it.each([
    ["a fingerprint of another format", { details: { ...leanRecord.details, fingerprint: "ctk_XYZ" } }, "details.fingerprint"],
    ["a createdAt that is not an ISO time", { details: { ...leanRecord.details, createdAt: "yesterday" } }, "details.createdAt"],
    ["an unknown source", { details: { ...leanRecord.details, source: "stolen" } }, "details.source"],
    ["an unknown rotation state", { details: { ...leanRecord.details, rotationState: "late" } }, "details.rotationState"],
    ["a salt too short to key anything", { credentials: { authKey: key, salt: "short" } }, "credentials.salt"],
    ["a key that is not a key", { credentials: { authKey: "NOT A KEY", salt } }, "credentials.authKey"],
    ["no credentials", { credentials: undefined }, "credentials"],
    ["a stored duration check could not have written", { maxAge: "a year" }, "maxAge"],
    [
      "a site entry without host name",
      { credentials: { authKey: key, salt, sites: { "https://example.com": { authKey: key } } } },
      "credentials.sites.https://example.com.hostname",
    ],
  ])("refuses %s, naming the path", (_name, change, path) => {
    expect(recordIssuePaths({ ...leanRecord, ...change })).toContain(path);
  });
});
