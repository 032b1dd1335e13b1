import { buildOutputs, inputsFromOutputs, scheduleOf } from "../../provider/lifecycle/key-outputs";
import type { KeyMaterial } from "../../provider/lifecycle/key-material";
import { keyFingerprint } from "../../provider/lifecycle/fingerprint";
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
    expect(outs).toMatchObject({
      email: "ops@example.com",
      label: "forms",
      authKey: key,
      userToken: provisioned.userToken,
      passwordHash: "hash",
      serviceId: 7,
      hostnames: ["example.com"],
      createdAt: now.toISOString(),
      expiresAt: "2026-03-01T00:00:00.000Z",
      rotateAfter: "2026-01-30T00:00:00.000Z",
      source: "provisioned",
      fingerprint: keyFingerprint(key),
      keyStatus: "valid",
      authKeySupplied: false,
    });
    expect(outs).not.toHaveProperty("rotation");
    expect(outs).not.toHaveProperty("keyInvalidated");
  });

  it("leaves absent companions out rather than undefined", () => {
    const outs = buildOutputs(checkedInputs(), { authKey: key, websites: provisioned.websites, source: "existing-site" }, now);
    expect(Object.keys(outs)).not.toEqual(expect.arrayContaining(["userToken"]));
    expect(Object.keys(outs)).not.toContain("passwordHash");
    expect(Object.keys(outs)).not.toContain("serviceId");
  });

  it("inputsFromOutputs restores what check stored, with authKey only for a supplied key", () => {
    const inputs = checkedInputs({ label: "forms", platform: "wordpress" });
    const provisionedOuts = buildOutputs(inputs, provisioned, now);
    expect(inputsFromOutputs(provisionedOuts)).toEqual(inputs);
    const supplied = buildOutputs({ ...inputs, authKey: key }, { ...provisioned, source: "supplied" }, now);
    expect(supplied.authKeySupplied).toBe(true);
    expect(inputsFromOutputs(supplied)).toEqual({ ...inputs, authKey: key });
  });
});
