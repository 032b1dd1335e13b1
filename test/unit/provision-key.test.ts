import type { GetApiKeyAnswer } from "../../provider/api/get-api-key-answer";
import { CleantalkError } from "../../provider/errors/cleantalk-error";
import { keyFingerprint } from "../../provider/lifecycle/fingerprint";
import type { KeyMaterial } from "../../provider/lifecycle/key-material";
import { classify, PartialKeyMaterial } from "../../provider/lifecycle/provision-key";
import type { PendingRotation } from "../../provider/lifecycle/rotation-ledger";
import type { CheckedInputs } from "../../provider/state/key-state";
import { checkedInputs, fakeKey, fakeToken, thrownBy } from "../support/provider-fixtures";

const single = checkedInputs({ website: ["https://example.com"] });
const multi = checkedInputs({ website: ["https://a.example.com", "https://b.example.com"] });
/** A create that replaces these keys (what diff records in the rotation ledger). */
const replacing = (...oldKeys: string[]): PendingRotation => ({ previousFingerprints: new Set(oldKeys.map(keyFingerprint)) });

const key = fakeKey("issued");
const key2 = fakeKey("issued-2");
const token = fakeToken("account");

function material(answer: GetApiKeyAnswer, inputs: CheckedInputs, pending?: PendingRotation): KeyMaterial {
  const result = classify(answer, inputs, pending);
  if (result instanceof PartialKeyMaterial) throw new Error("expected complete key material");
  return result;
}

function refusal(answer: GetApiKeyAnswer, inputs: CheckedInputs, pending?: PendingRotation): CleantalkError {
  const error = thrownBy(() => classify(answer, inputs, pending));
  expect(CleantalkError.isInstance(error)).toBe(true);
  const typed = error as CleantalkError;
  for (const secret of [key, key2, token, inputs.email]) expect(typed.message).not.toContain(secret);
  return typed;
}

describe("classify get_api_key answers", () => {
  const issued: GetApiKeyAnswer = { phase: "issued", auth_key: key, password_hash: "hash", user_token: token, service_id: 42 };

  it("phase 1 (issued): a provisioned key with token, hash and service id, for a new resource or a rotation", () => {
    const expected = {
      authKey: key,
      userToken: token,
      passwordHash: "hash",
      serviceId: 42,
      websites: { "https://example.com": { hostname: "example.com", authKey: key } },
      source: "provisioned",
    };
    expect(material(issued, single)).toEqual(expected);
    expect(material(issued, single, replacing(fakeKey("old")))).toEqual(expected);
  });

  it("phase 1 for several sites gives every site the key", () => {
    expect(material(issued, multi).websites).toEqual({
      "https://a.example.com": { hostname: "a.example.com", authKey: key },
      "https://b.example.com": { hostname: "b.example.com", authKey: key },
    });
  });

  it("phase 2 (existing) for a new resource: the same key, source existing-site", () => {
    expect(material({ phase: "existing", auth_key: key, user_token: token }, single)).toMatchObject({
      authKey: key,
      userToken: token,
      source: "existing-site",
    });
    expect(material({ phase: "existing", auth_key: key }, single).userToken).toBeUndefined();
  });

  it("a rotation answered with the key being replaced is refused as KEY_NOT_ROTATED with the dashboard steps", () => {
    expect(refusal(issued, single, replacing(key)).code).toBe("KEY_NOT_ROTATED");
    const error = refusal({ phase: "existing", auth_key: key }, single, replacing(key));
    expect(error.code).toBe("KEY_NOT_ROTATED");
    expect(error.message).toContain("example.com");
    expect(error.message).toContain('"Generate key"');
    expect(error.message).toContain("unchanged");
  });

  it("phase 2 during a rotation accepts a key that differs from the replaced one (regenerated in the dashboard)", () => {
    expect(material({ phase: "existing", auth_key: key }, single, replacing(fakeKey("old")))).toMatchObject({ authKey: key, source: "existing-site" });
  });

  it("phase 3 (account_exists) is refused as ACCOUNT_EXISTS, naming the host and how to supply a key", () => {
    for (const pending of [undefined, replacing(key)]) {
      const error = refusal({ phase: "account-exists", account_exists: 1 }, single, pending);
      expect(error.code).toBe("ACCOUNT_EXISTS");
      expect(error.message).toContain("example.com");
      expect(error.message).toContain("pulumi config set --secret");
      expect(error.message).toContain("Nothing was changed");
    }
  });

  describe("multi-site answers", () => {
    const bothKeys = {
      "https://a.example.com": { hostname: "a.example.com", auth_key: key },
      "https://b.example.com": { hostname: "b.example.com", auth_key: key2 },
    };

    it("a brand-new account: every site provisioned, top-level key first", () => {
      expect(material({ phase: "multi-site", auth_key: key, user_token: token, websites: bothKeys }, multi)).toEqual({
        authKey: key,
        userToken: token,
        websites: {
          "https://a.example.com": { hostname: "a.example.com", authKey: key },
          "https://b.example.com": { hostname: "b.example.com", authKey: key2 },
        },
        source: "provisioned",
      });
    });

    it("without a top-level auth_key the first site's key is the key", () => {
      expect(material({ phase: "multi-site", websites: bothKeys }, multi).authKey).toBe(key);
    });

    it("an existing account with keys for every site: existing-site", () => {
      expect(material({ phase: "multi-site", account_exists: 1, auth_key: key, websites: bothKeys }, multi).source).toBe("existing-site");
    });

    it("some sites without a key: partial material naming the missing hosts", () => {
      const answer: GetApiKeyAnswer = {
        phase: "multi-site",
        account_exists: 1,
        auth_key: key,
        user_token: token,
        websites: { "https://a.example.com": { hostname: "a.example.com", auth_key: key }, "https://b.example.com": { hostname: "b.example.com" } },
      };
      const result = classify(answer, multi, undefined);
      expect(result).toBeInstanceOf(PartialKeyMaterial);
      const partial = result as PartialKeyMaterial;
      expect(partial.missingHostnames).toEqual(["b.example.com"]);
      expect(Object.keys(partial.material.websites)).toEqual(["https://a.example.com"]);
    });

    it("a site missing from the answer altogether counts as missing", () => {
      const result = classify({ phase: "multi-site", websites: { "https://a.example.com": { hostname: "a.example.com", auth_key: key } } }, multi, undefined);
      expect((result as PartialKeyMaterial).missingHostnames).toEqual(["b.example.com"]);
    });

    it("no site with a key: ACCOUNT_EXISTS naming all hosts", () => {
      const error = refusal(
        {
          phase: "multi-site",
          account_exists: 1,
          websites: { "https://a.example.com": { hostname: "a.example.com" }, "https://b.example.com": { hostname: "b.example.com" } },
        },
        multi,
      );
      expect(error.code).toBe("ACCOUNT_EXISTS");
      expect(error.message).toContain("a.example.com, b.example.com");
    });

    it("a rotation where any site got back its replaced key is refused as KEY_NOT_ROTATED, naming that site", () => {
      const error = refusal({ phase: "multi-site", account_exists: 1, auth_key: key, websites: bothKeys }, multi, replacing(key2, fakeKey("old-a")));
      expect(error.code).toBe("KEY_NOT_ROTATED");
      expect(error.message).toContain("b.example.com");
    });

    it("a rotation where every site got a new key is accepted", () => {
      expect(
        material({ phase: "multi-site", account_exists: 1, auth_key: key, websites: bothKeys }, multi, replacing(fakeKey("old-a"), fakeKey("old-b"))).source,
      ).toBe("existing-site");
    });
  });
});
