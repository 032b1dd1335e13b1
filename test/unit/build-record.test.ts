import { keyFingerprint } from "../../provider/domain/fingerprint";
import { buildRecord, rescheduled, scheduled } from "../../provider/lifecycle/build-record";
import type { ObtainedKeys } from "../../provider/lifecycle/obtain-key";
import type { PendingReplacement } from "../../provider/lifecycle/rotation-ledger";
import { keyRecordCodec } from "../../provider/schema/stored-key";
import { DAY_MS, fakeKey, fakeToken, keyPlan, thrownBy } from "../support/provider-fixtures";

const key = fakeKey("outputs");
const now = new Date("2025-03-02T00:00:00.000Z");
const provisioned: ObtainedKeys = {
  sites: { "https://example.com": { hostname: "example.com", authKey: key } },
  pendingSites: [],
  topLevelKey: key,
  userToken: fakeToken("outputs"),
  passwordHash: "hash",
  serviceId: 7,
  source: "provisioned",
  handedBack: false,
};

/** A create that replaces `oldKey`, created at `createdAt` (what diff records in the rotation ledger). */
function replacing(oldKey: string, createdAt = "2024-06-01T00:00:00.000Z", reason: PendingReplacement["reason"] = undefined): PendingReplacement {
  return { reason, createdAt, isReplacedKey: (candidate) => candidate === oldKey };
}

describe("scheduled", () => {
  it("computes expiry and rotation time from the key's creation time", () => {
    expect(scheduled({ maxAgeMs: 10 * DAY_MS, renewBeforeMs: 2 * DAY_MS }, "2025-01-01T00:00:00.000Z", "valid", new Date("2025-01-02T00:00:00.000Z"))).toEqual({
      expiresAt: "2025-01-11T00:00:00.000Z",
      rotateAfter: "2025-01-09T00:00:00.000Z",
      rotationState: "current",
    });
  });

  it("gives the state at `now`: due, expired, or invalid whatever the age", () => {
    const settings = { maxAgeMs: 10 * DAY_MS, renewBeforeMs: 2 * DAY_MS };
    const created = "2025-01-01T00:00:00.000Z";
    expect(scheduled(settings, created, "valid", new Date("2025-01-09T00:00:00.000Z")).rotationState).toBe("due");
    expect(scheduled(settings, created, "valid", new Date("2025-01-11T00:00:00.000Z")).rotationState).toBe("expired");
    expect(scheduled(settings, created, "invalid", new Date("2025-01-02T00:00:00.000Z")).rotationState).toBe("invalid");
  });

  it('leaves the dates out when the key never expires by age (maxAge "never")', () => {
    expect(scheduled({ maxAgeMs: null, renewBeforeMs: 0 }, "2025-01-01T00:00:00.000Z", "valid", new Date("2099-01-01T00:00:00.000Z"))).toEqual({
      rotationState: "current",
    });
  });
});

describe("rescheduled", () => {
  const details = buildRecord(keyPlan({ maxAgeMs: 10 * DAY_MS, renewBeforeMs: 2 * DAY_MS }), provisioned, now, undefined).details;

  it("recomputes the dates and the state for new settings and status, keeping the rest", () => {
    const later = new Date("2025-03-11T00:00:00.000Z");
    expect(rescheduled(details, { maxAgeMs: 20 * DAY_MS, renewBeforeMs: 5 * DAY_MS }, "valid", later)).toEqual({
      ...details,
      expiresAt: "2025-03-22T00:00:00.000Z",
      rotateAfter: "2025-03-17T00:00:00.000Z",
      rotationState: "current",
    });
    expect(rescheduled(details, { maxAgeMs: 10 * DAY_MS, renewBeforeMs: 2 * DAY_MS }, "invalid", later)).toMatchObject({
      keyStatus: "invalid",
      rotationState: "invalid",
    });
  });

  it('drops the dates when the key no longer expires by age (maxAge "never")', () => {
    const never = rescheduled(details, { maxAgeMs: null, renewBeforeMs: 0 }, "valid", new Date("2025-03-11T00:00:00.000Z"));
    expect(never).not.toHaveProperty("expiresAt");
    expect(never).not.toHaveProperty("rotateAfter");
    expect(never.rotationState).toBe("current");
  });
});

describe("buildRecord", () => {
  it("merges the plan with what CleanTalk gave, without the supplied authKey input, stored lean", () => {
    const plan = keyPlan({ label: "forms", authKey: fakeKey("supplied-input") });
    const record = buildRecord(plan, provisioned, now, undefined);
    const { salt } = record.credentials;
    expect(record).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      productName: "anti-spam",
      maxAgeMs: 365 * DAY_MS,
      renewBeforeMs: 30 * DAY_MS,
      rotationTriggers: {},
      label: "forms",
      credentials: { authKey: key, userToken: provisioned.userToken, passwordHash: "hash", salt, sites: provisioned.sites },
      details: {
        fingerprint: keyFingerprint(key, salt),
        createdAt: now.toISOString(),
        expiresAt: "2026-03-02T00:00:00.000Z",
        rotateAfter: "2026-01-31T00:00:00.000Z",
        rotationState: "current",
        source: "provisioned",
        keyStatus: "valid",
        hostnames: ["example.com"],
        serviceId: 7,
        pendingSites: [],
        createdAtEstimated: false,
      },
    });
    expect(record).not.toHaveProperty("authKey");
    // As stored: settings at their defaults, a single site's entry and a valid status are left out.
    expect(keyRecordCodec.encode(record)).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      label: "forms",
      credentials: { authKey: key, userToken: provisioned.userToken, passwordHash: "hash", salt },
      details: {
        fingerprint: keyFingerprint(key, salt),
        createdAt: now.toISOString(),
        expiresAt: "2026-03-02T00:00:00.000Z",
        rotateAfter: "2026-01-31T00:00:00.000Z",
        source: "provisioned",
        serviceId: 7,
      },
    });
  });

  it("keys the fingerprint with a new secret salt each time, so the same key shows a new fingerprint", () => {
    const first = buildRecord(keyPlan(), provisioned, now, undefined);
    const second = buildRecord(keyPlan(), provisioned, now, undefined);
    expect(first.credentials.salt).not.toBe(second.credentials.salt);
    expect(first.credentials.salt.length).toBeGreaterThanOrEqual(16);
    expect(first.details.fingerprint).not.toBe(second.details.fingerprint);
    expect(first.details.fingerprint).toMatch(/^ctk_[0-9a-f]{10}$/);
  });

  it("leaves absent companions out rather than undefined", () => {
    const record = buildRecord(
      keyPlan(),
      { ...provisioned, userToken: undefined, passwordHash: undefined, serviceId: undefined, source: "existing-site" },
      now,
      undefined,
    );
    expect(Object.keys(record.credentials).sort()).toEqual(["authKey", "salt", "sites"]);
    expect(Object.keys(record.details)).not.toContain("serviceId");
  });

  it('has no dates with maxAge "never"', () => {
    const record = buildRecord(keyPlan({ maxAgeMs: null, renewBeforeMs: 0 }), provisioned, now, undefined);
    expect(record.details).not.toHaveProperty("expiresAt");
    expect(record.details).not.toHaveProperty("rotateAfter");
    expect(record.details.rotationState).toBe("current");
  });

  it("takes CleanTalk's host names for multi-site keys, the URL's host for a pending site, and the first site's key without a top-level one", () => {
    const other = fakeKey("other");
    const plan = keyPlan({ website: ["https://a.example.com", "https://b.example.com", "https://c.example.com"] });
    const sites = {
      "https://b.example.com": { hostname: "www.b.example.com", authKey: other },
      "https://a.example.com": { hostname: "a.example.com", authKey: key },
    };
    const record = buildRecord(plan, { ...provisioned, sites, topLevelKey: undefined, pendingSites: ["https://c.example.com"] }, now, undefined);
    expect(record.credentials.authKey).toBe(key);
    expect(record.credentials.sites).toEqual(sites);
    expect(record.details.hostnames).toEqual(["a.example.com", "www.b.example.com", "c.example.com"]);
    expect(record.details.pendingSites).toEqual(["https://c.example.com"]);
    const encoded = keyRecordCodec.encode(record);
    expect(encoded.credentials.sites).toEqual(sites);
    expect(encoded.details.hostnames).toEqual(["a.example.com", "www.b.example.com", "c.example.com"]);
  });

  it("a top-level key wins over the first site's", () => {
    const other = fakeKey("other");
    const plan = keyPlan({ website: ["https://a.example.com", "https://b.example.com"] });
    const sites = {
      "https://a.example.com": { hostname: "a.example.com", authKey: other },
      "https://b.example.com": { hostname: "b.example.com", authKey: key },
    };
    expect(buildRecord(plan, { ...provisioned, sites, topLevelKey: key }, now, undefined).credentials.authKey).toBe(key);
  });

  it("refuses to build a record without any key (obtainKeys never hands one over)", () => {
    const error = thrownBy(() =>
      buildRecord(keyPlan(), { ...provisioned, sites: {}, topLevelKey: undefined, pendingSites: ["https://example.com"] }, now, undefined),
    );
    expect((error as Error).message).toContain("no key obtained");
  });

  describe("the age of a key CleanTalk handed back", () => {
    const handedBack: ObtainedKeys = {
      ...provisioned,
      source: "existing-site",
      handedBack: true,
      userToken: undefined,
      passwordHash: undefined,
      serviceId: undefined,
    };

    it("a key this resource already held (a replacement the engine forced) keeps its real creation time", () => {
      const createdAt = "2024-06-01T00:00:00.000Z";
      const record = buildRecord(keyPlan(), handedBack, now, replacing(key, createdAt));
      expect(record.details.createdAt).toBe(createdAt);
      expect(record.details.createdAtEstimated).toBe(false);
      expect(record.details.expiresAt).toBe("2025-06-01T00:00:00.000Z");
      // Its schedule runs from then, so its state is the real one.
      expect(record.details.rotationState).toBe("current");
      expect(buildRecord(keyPlan(), handedBack, new Date("2025-05-15T00:00:00.000Z"), replacing(key, createdAt)).details.rotationState).toBe("due");
    });

    it("a key the resource did not hold starts now, and says its creation time is estimated", () => {
      for (const pending of [undefined, replacing(fakeKey("old"))]) {
        const record = buildRecord(keyPlan(), handedBack, now, pending);
        expect(record.details.createdAt).toBe(now.toISOString());
        expect(record.details.createdAtEstimated).toBe(true);
        expect(keyRecordCodec.encode(record).details.createdAtEstimated).toBe(true);
      }
    });

    it("a new key (not handed back) is never estimated, even in a replacement", () => {
      const record = buildRecord(keyPlan(), provisioned, now, replacing(fakeKey("old")));
      expect([record.details.createdAt, record.details.createdAtEstimated]).toEqual([now.toISOString(), false]);
    });

    it("keeps the age only when every site's key is a replaced one", () => {
      const plan = keyPlan({ website: ["https://a.example.com", "https://b.example.com"] });
      const sites = {
        "https://a.example.com": { hostname: "a.example.com", authKey: key },
        "https://b.example.com": { hostname: "b.example.com", authKey: fakeKey("regenerated") },
      };
      const record = buildRecord(plan, { ...handedBack, sites }, now, replacing(key));
      expect([record.details.createdAt, record.details.createdAtEstimated]).toEqual([now.toISOString(), true]);
    });
  });
});
