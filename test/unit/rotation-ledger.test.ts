import { RotationLedger } from "../../provider/lifecycle/rotation-ledger";
import { fakeKey, keyPlan, keyRecord } from "../support/provider-fixtures";

const A = "https://a.example.com";
const B = "https://b.example.com";

describe("RotationLedger", () => {
  const plan = keyPlan({ website: [A, B] });
  const record = (() => {
    const held = keyRecord(plan, { authKey: fakeKey("top"), createdAt: "2024-05-01T00:00:00.000Z" });
    return {
      ...held,
      credentials: {
        ...held.credentials,
        sites: { [A]: { hostname: "a.example.com", authKey: fakeKey("a") }, [B]: { hostname: "b.example.com", authKey: fakeKey("b") } },
      },
    };
  })();

  it("hands create what diff recorded: the reason, the old key's creation time, and which keys it replaces", () => {
    const ledger = new RotationLedger();
    ledger.record(plan, record, "expired");
    const pending = ledger.take(plan);
    expect([pending?.reason, pending?.createdAt]).toEqual(["expired", "2024-05-01T00:00:00.000Z"]);
    for (const replaced of [fakeKey("top"), fakeKey("a"), fakeKey("b")]) expect(pending?.isReplacedKey(replaced)).toBe(true);
    expect(pending?.isReplacedKey(fakeKey("new"))).toBe(false);
  });

  it("is keyed by identity (email, sites, product), and a take consumes the entry", () => {
    const ledger = new RotationLedger();
    ledger.record(plan, record, "triggers");
    expect(ledger.take({ ...plan, email: "other@example.com" })).toBeUndefined();
    expect(ledger.take({ ...plan, website: [B, A] })).toBeUndefined();
    expect(ledger.take({ ...plan, productName: "security" })).toBeUndefined();
    // Settings are not part of the identity.
    const resettled = { ...plan, label: "x", maxAgeMs: null };
    expect(ledger.take(resettled)?.reason).toBe("triggers");
    expect(ledger.take(plan)).toBeUndefined();
  });

  it("keeps the latest diff of an identity", () => {
    const ledger = new RotationLedger();
    ledger.record(plan, record, "triggers");
    ledger.record(plan, record, undefined);
    expect(ledger.take(plan)?.reason).toBeUndefined();
  });

  it("compares keys with a secret of its own: two ledgers never share what they hold", () => {
    const first = new RotationLedger();
    first.record(plan, record, "adopt");
    expect(new RotationLedger().take(plan)).toBeUndefined();
    expect(first.take(plan)?.isReplacedKey(fakeKey("a"))).toBe(true);
  });
});
