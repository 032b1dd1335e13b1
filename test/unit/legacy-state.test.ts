import { isLegacyOutputs, upgradeOutputs, withoutStoredDefaults } from "../../provider/state/legacy-state";
import { fakeKey, fakeToken, preReleaseOutputs } from "../support/provider-fixtures";

const key = fakeKey("legacy");
const legacy = preReleaseOutputs({
  label: "forms",
  authKey: key,
  userToken: fakeToken("legacy"),
  passwordHash: "hash",
  serviceId: 7,
  createdAt: "2025-03-01T00:00:01.000Z",
  fingerprint: "ctk_0123456789",
});

describe("state written by pre-release builds", () => {
  it("is recognised, and today's layout is not", () => {
    expect(isLegacyOutputs(legacy)).toBe(true);
    expect(isLegacyOutputs(upgradeOutputs(legacy) as unknown as Record<string, unknown>)).toBe(false);
  });

  it("upgrades to one secret, one details object and no defaults", () => {
    expect(upgradeOutputs(legacy)).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      rotationBase: "2025-03-01T00:00:00.000Z",
      label: "forms",
      credentials: { authKey: key, userToken: fakeToken("legacy"), passwordHash: "hash" },
      details: {
        fingerprint: "ctk_0123456789",
        createdAt: "2025-03-01T00:00:01.000Z",
        expiresAt: "2026-03-01T00:00:00.000Z",
        rotateAfter: "2026-01-30T00:00:00.000Z",
        source: "provisioned",
        serviceId: 7,
      },
    });
  });

  it("keeps what still says something: per-site keys, CleanTalk's host names, an invalid status, non-default settings", () => {
    const other = fakeKey("other");
    const websites = {
      "https://a.example.com": { hostname: "www.a.example.com", authKey: key },
      "https://b.example.com": { hostname: "b.example.com", authKey: other },
    };
    const upgraded = upgradeOutputs({
      ...legacy,
      website: Object.keys(websites),
      websites,
      hostnames: ["www.a.example.com", "b.example.com"],
      keyStatus: "invalid",
      maxAge: "8d",
      renewBefore: "2d",
      productName: "security",
      rotationTriggers: { leak: "1" },
    });
    expect(upgraded.credentials.sites).toEqual(websites);
    expect(upgraded.details.hostnames).toEqual(["www.a.example.com", "b.example.com"]);
    expect(upgraded.details.keyStatus).toBe("invalid");
    // renewBefore 2d is the default for maxAge 8d (a quarter), so it goes.
    expect(upgraded).toMatchObject({ maxAge: "8d", productName: "security", rotationTriggers: { leak: "1" } });
    expect(upgraded).not.toHaveProperty("renewBefore");
  });

  it("drops stored defaults from old inputs, and leaves unreadable ones alone", () => {
    const { authKey: _k, userToken: _t, passwordHash: _h, websites: _w, ...inputs } = legacy;
    expect(
      withoutStoredDefaults({
        email: inputs.email,
        website: inputs.website,
        productName: "anti-spam",
        maxAge: "365d",
        renewBefore: "30d",
        rotationTriggers: {},
      }),
    ).toEqual({
      email: inputs.email,
      website: inputs.website,
    });
    const odd = { email: inputs.email, maxAge: "a year" };
    expect(withoutStoredDefaults(odd)).toBe(odd);
  });
});
