import { buildOutputs, inputsFromOutputs, scheduleOf } from "../../provider/lifecycle/key-outputs";
import type { KeyMaterial } from "../../provider/lifecycle/key-material";
import { keyFingerprint } from "../../provider/lifecycle/fingerprint";
import { hostnamesOf, siteKeys } from "../../provider/state/site-keys";
import { checkedInputs, fakeKey, fakeToken } from "../support/provider-fixtures";

const key = fakeKey("outputs");
const provisioned: KeyMaterial = {
  authKey: key,
  userToken: fakeToken("outputs"),
  passwordHash: "hash",
  serviceId: 7,
  websites: { "https://example.com": { hostname: "example.com", authKey: key } },
  source: "provisioned",
};
const now = new Date("2025-03-02T00:00:00.000Z");

describe("key outputs", () => {
  it("scheduleOf computes expiry and rotation time from the stored strings", () => {
    expect(scheduleOf({ rotationBase: "2025-01-01T00:00:00.000Z", maxAge: "10d", renewBefore: "2d" })).toEqual({
      expiresAt: "2025-01-11T00:00:00.000Z",
      rotateAfter: "2025-01-09T00:00:00.000Z",
    });
  });

  it("buildOutputs merges inputs with the key material, without transient inputs", () => {
    const inputs = checkedInputs({ label: "forms", rotation: { reason: "age", previousBase: "2024-01-01T00:00:00.000Z" }, keyInvalidated: "ctk_0000000000" });
    const outs = buildOutputs(inputs, provisioned, now);
    expect(outs).toEqual({
      email: "ops@example.com",
      website: ["https://example.com"],
      productName: "anti-spam",
      maxAge: "365d",
      renewBefore: "30d",
      rotationTriggers: {},
      rotationBase: inputs.rotationBase,
      label: "forms",
      // One site: its entry would repeat authKey, so it is not stored.
      credentials: { authKey: key, userToken: provisioned.userToken, passwordHash: "hash" },
      details: {
        fingerprint: keyFingerprint(key),
        createdAt: now.toISOString(),
        expiresAt: "2026-03-01T00:00:00.000Z",
        rotateAfter: "2026-01-30T00:00:00.000Z",
        source: "provisioned",
        serviceId: 7,
      },
    });
    expect(outs).not.toHaveProperty("rotation");
    expect(outs).not.toHaveProperty("keyInvalidated");
  });

  it("leaves absent companions out rather than undefined", () => {
    const outs = buildOutputs(checkedInputs(), { authKey: key, websites: provisioned.websites, source: "existing-site" }, now);
    expect(Object.keys(outs.credentials)).toEqual(["authKey"]);
    expect(Object.keys(outs.details)).not.toContain("serviceId");
  });

  it("inputsFromOutputs restores what check stored, with authKey only for a supplied key", () => {
    const inputs = checkedInputs({ label: "forms", platform: "wordpress" });
    const provisionedOuts = buildOutputs(inputs, provisioned, now);
    expect(inputsFromOutputs(provisionedOuts)).toEqual(inputs);
    const supplied = buildOutputs({ ...inputs, authKey: key }, { ...provisioned, source: "supplied" }, now);
    expect(supplied.details.source).toBe("supplied");
    expect(inputsFromOutputs(supplied)).toEqual({ ...inputs, authKey: key });
  });

  it("stores the per-site map only for keys of several sites, and siteKeys rebuilds a single site's", () => {
    const single = buildOutputs(checkedInputs(), provisioned, now);
    expect(single.credentials.sites).toBeUndefined();
    expect(siteKeys(single)).toEqual(provisioned.websites);

    const other = fakeKey("other");
    const websites = {
      "https://a.example.com": { hostname: "a.example.com", authKey: key },
      "https://b.example.com": { hostname: "b.example.com", authKey: other },
    };
    const multi = buildOutputs(checkedInputs({ website: Object.keys(websites) }), { ...provisioned, websites }, now);
    expect(multi.credentials.sites).toEqual(websites);
    expect(multi.details).not.toHaveProperty("hostnames");
    expect(hostnamesOf(multi)).toEqual(["a.example.com", "b.example.com"]);
    expect(siteKeys(multi)).toEqual(websites);
  });

  it("rebuilds a single site's entry exactly: CleanTalk's host name, and a map kept when the site's key is not authKey", () => {
    const renamed = { "https://example.com": { hostname: "www.example.com", authKey: key } };
    const renamedOuts = buildOutputs(checkedInputs(), { ...provisioned, websites: renamed }, now);
    expect(renamedOuts.details.hostnames).toEqual(["www.example.com"]);
    expect(hostnamesOf(renamedOuts)).toEqual(["www.example.com"]);
    expect(siteKeys(renamedOuts)).toEqual(renamed);

    const ownKey = { "https://example.com": { hostname: "example.com", authKey: fakeKey("site") } };
    const outs = buildOutputs(checkedInputs(), { ...provisioned, websites: ownKey }, now);
    expect(outs.credentials.sites).toEqual(ownKey);
    expect(siteKeys(outs)).toEqual(ownKey);
  });
});
