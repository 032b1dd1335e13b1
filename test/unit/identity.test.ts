import { identityKey, sameIdentity } from "../../provider/domain/identity";
import { keyPlan } from "../support/provider-fixtures";

describe("key identity", () => {
  const plan = keyPlan();

  it("is email, website and productName; settings are not part of it", () => {
    expect(identityKey(plan)).toBe(JSON.stringify(["ops@example.com", ["https://example.com"], "anti-spam"]));
    const resettled = { ...plan, label: "x", maxAgeMs: null, rotationTriggers: { a: "1" }, authKey: "abcdefgh1" };
    expect(sameIdentity(plan, resettled)).toBe(true);
  });

  it.each([
    ["email", plan, { email: "other@example.com" }],
    ["website", plan, { website: ["https://other.example.com"] }],
    ["website order", keyPlan({ website: ["https://example.com", "https://b.example.com"] }), { website: ["https://b.example.com", "https://example.com"] }],
    ["productName", plan, { productName: "security" as const }],
  ])("a different %s is another key", (_name, base, edit) => {
    expect(sameIdentity(base, { ...base, ...edit })).toBe(false);
  });
});
