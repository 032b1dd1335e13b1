import type { CleantalkClient } from "../../provider/client/cleantalk-client";
import { CleantalkError } from "../../provider/errors/cleantalk-error";
import { classifyAnswer, type ObtainedKeys, obtainKeys } from "../../provider/lifecycle/obtain-key";
import type { ReplaceReason } from "../../provider/lifecycle/plan-change";
import type { PendingReplacement } from "../../provider/lifecycle/rotation-ledger";
import type { GetApiKeyAnswer } from "../../provider/schema/api-answers";
import { keyApi, MockApi } from "../support/mock-api";
import { fakeKey, fakeToken, keyPlan, rejectionOf, thrownBy } from "../support/provider-fixtures";

const A = "https://a.example.com";
const B = "https://b.example.com";
const single = [A];
const multi = [A, B];
const key = fakeKey("issued");
const key2 = fakeKey("issued-2");
const token = fakeToken("account");
const email = "ops@example.com";

/** A create that replaces these keys, for this reason (what diff records in the rotation ledger). */
const replacing = (reason: ReplaceReason | undefined, ...oldKeys: string[]): PendingReplacement => ({
  reason,
  createdAt: "2024-01-01T00:00:00.000Z",
  isReplacedKey: (candidate) => oldKeys.includes(candidate),
});

function obtained(answer: GetApiKeyAnswer, urls: readonly string[], pending?: PendingReplacement): ObtainedKeys {
  return classifyAnswer(answer, urls, pending);
}

function expectClean(error: unknown, code: string): CleantalkError {
  expect(CleantalkError.isInstance(error)).toBe(true);
  const typed = error as CleantalkError;
  expect(typed.code).toBe(code);
  expect(typed.message.startsWith(`${code}: `)).toBe(true);
  for (const secret of [key, key2, token, email]) expect(typed.message).not.toContain(secret);
  return typed;
}

function refusal(answer: GetApiKeyAnswer, urls: readonly string[], pending: PendingReplacement | undefined, code: string): CleantalkError {
  return expectClean(
    thrownBy(() => classifyAnswer(answer, urls, pending)),
    code,
  );
}

describe("classifyAnswer: get_api_key answers as keys for the plan's sites", () => {
  const issued: GetApiKeyAnswer = { phase: "issued", auth_key: key, password_hash: "hash", user_token: token, service_id: 42 };

  it("phase 1 (issued): a provisioned key with token, hash and service id, for a new resource or a rotation", () => {
    const expected: ObtainedKeys = {
      sites: { [A]: { hostname: "a.example.com", authKey: key } },
      pendingSites: [],
      topLevelKey: key,
      userToken: token,
      passwordHash: "hash",
      serviceId: 42,
      source: "provisioned",
      handedBack: false,
    };
    expect(obtained(issued, single)).toEqual(expected);
    for (const reason of ["triggers", "adopt", "expired", "invalid", undefined] as const) {
      expect(obtained(issued, single, replacing(reason, fakeKey("old")))).toEqual(expected);
    }
  });

  it("phase 1 for several sites gives every site the key", () => {
    expect(obtained(issued, multi).sites).toEqual({
      [A]: { hostname: "a.example.com", authKey: key },
      [B]: { hostname: "b.example.com", authKey: key },
    });
  });

  it("phase 2 (existing) for a new resource: the same key, source existing-site, its age unknown", () => {
    expect(obtained({ phase: "existing", auth_key: key, user_token: token }, single)).toEqual({
      sites: { [A]: { hostname: "a.example.com", authKey: key } },
      pendingSites: [],
      topLevelKey: key,
      userToken: token,
      passwordHash: undefined,
      serviceId: undefined,
      source: "existing-site",
      handedBack: true,
    });
    expect(obtained({ phase: "existing", auth_key: key }, single).userToken).toBeUndefined();
  });

  it("phase 2 in a replacement the engine forced (no reason) takes the key back: create keeps its age", () => {
    expect(obtained({ phase: "existing", auth_key: key }, single, replacing(undefined, key))).toMatchObject({ topLevelKey: key, handedBack: true });
  });

  it.each([
    ["triggers", "KEY_NOT_ROTATED"],
    ["adopt", "KEY_NOT_ROTATED"],
    ["expired", "KEY_EXPIRED"],
    ["invalid", "KEY_INVALID"],
  ] as const)("a %s rotation answered with the key being replaced is refused as %s with the dashboard steps", (reason, code) => {
    for (const answer of [issued, { phase: "existing" as const, auth_key: key }]) {
      const error = refusal(answer, single, replacing(reason, key), code);
      expect(error.message).toContain("a.example.com");
      expect(error.message).toContain('"Generate key"');
      expect(error.message).toContain("pulumi config set --secret cleantalkAuthKey <new key>");
      expect(error.message).toContain("unchanged");
    }
  });

  it("phase 2 during a rotation accepts a key that differs from the replaced one (regenerated in the dashboard)", () => {
    for (const reason of ["triggers", "adopt", "expired", "invalid"] as const) {
      expect(obtained({ phase: "existing", auth_key: key }, single, replacing(reason, fakeKey("old")))).toMatchObject({
        topLevelKey: key,
        source: "existing-site",
      });
    }
  });

  it.each([
    [undefined, "ACCOUNT_EXISTS"],
    ["triggers", "ACCOUNT_EXISTS"],
    ["adopt", "ACCOUNT_EXISTS"],
    ["expired", "KEY_EXPIRED"],
    ["invalid", "KEY_INVALID"],
  ] as const)("phase 3 (account_exists) in a create for %s is refused as %s, naming the host and how to supply a key", (reason, code) => {
    const pending = reason === undefined ? undefined : replacing(reason, key);
    const error = refusal({ phase: "account-exists", account_exists: 1 }, single, pending, code);
    expect(error.message).toContain("a.example.com");
    expect(error.message).toContain("pulumi config set --secret");
    expect(error.message).toMatch(/Nothing was changed|unchanged/);
  });

  it("ACCOUNT_EXISTS also says what to do if the resource was only renamed", () => {
    const error = refusal({ phase: "account-exists", account_exists: 1 }, single, undefined, "ACCOUNT_EXISTS");
    expect(error.fix.at(-1)).toContain("aliases");
    expect(error.fix.at(-1)).toContain("pulumi state rename");
  });

  it('KEY_EXPIRED also offers maxAge "never"', () => {
    expect(refusal({ phase: "account-exists", account_exists: 1 }, single, replacing("expired", key), "KEY_EXPIRED").message).toContain('maxAge: "never"');
  });

  describe("multi-site answers", () => {
    const bothKeys = {
      [A]: { hostname: "a.example.com", auth_key: key },
      [B]: { hostname: "b.example.com", auth_key: key2 },
    };

    it("a brand-new account: every site provisioned, with the top-level key", () => {
      expect(obtained({ phase: "multi-site", auth_key: key, user_token: token, websites: bothKeys }, multi)).toEqual({
        sites: { [A]: { hostname: "a.example.com", authKey: key }, [B]: { hostname: "b.example.com", authKey: key2 } },
        pendingSites: [],
        topLevelKey: key,
        userToken: token,
        passwordHash: undefined,
        serviceId: undefined,
        source: "provisioned",
        handedBack: false,
      });
    });

    it("keeps CleanTalk's host names", () => {
      const renamed = { [A]: { hostname: "www.a.example.com", auth_key: key }, [B]: { hostname: "b.example.com", auth_key: key2 } };
      expect(obtained({ phase: "multi-site", websites: renamed }, multi).sites[A]).toEqual({ hostname: "www.a.example.com", authKey: key });
    });

    it("without a top-level auth_key there is none (the record takes the first site's)", () => {
      expect(obtained({ phase: "multi-site", websites: bothKeys }, multi).topLevelKey).toBeUndefined();
    });

    it("an existing account with keys for every site: existing-site, handed back", () => {
      expect(obtained({ phase: "multi-site", account_exists: 1, auth_key: key, websites: bothKeys }, multi)).toMatchObject({
        source: "existing-site",
        handedBack: true,
        pendingSites: [],
      });
    });

    it("some sites without a key: those are pending, the others have their keys", () => {
      const answer: GetApiKeyAnswer = {
        phase: "multi-site",
        account_exists: 1,
        auth_key: key,
        user_token: token,
        websites: { [A]: { hostname: "a.example.com", auth_key: key }, [B]: { hostname: "b.example.com" } },
      };
      const result = obtained(answer, multi);
      expect(result.pendingSites).toEqual([B]);
      expect(Object.keys(result.sites)).toEqual([A]);
    });

    it("a site missing from the answer altogether counts as pending", () => {
      const result = obtained({ phase: "multi-site", websites: { [A]: { hostname: "a.example.com", auth_key: key } } }, multi);
      expect(result.pendingSites).toEqual([B]);
    });

    it.each([
      ["triggers", "KEY_NOT_ROTATED"],
      ["adopt", "KEY_NOT_ROTATED"],
      ["expired", "KEY_EXPIRED"],
      ["invalid", "KEY_INVALID"],
    ] as const)("a %s rotation where any site got back its replaced key is refused as %s, naming that site only", (reason, code) => {
      const error = refusal(
        { phase: "multi-site", account_exists: 1, auth_key: key, websites: bothKeys },
        multi,
        replacing(reason, key2, fakeKey("old-a")),
        code,
      );
      expect(error.summary).toContain("b.example.com");
      expect(error.summary).not.toContain("a.example.com");
    });

    it("a rotation where every site got a new key is accepted", () => {
      expect(
        obtained(
          { phase: "multi-site", account_exists: 1, auth_key: key, websites: bothKeys },
          multi,
          replacing("triggers", fakeKey("old-a"), fakeKey("old-b")),
        ).source,
      ).toBe("existing-site");
    });
  });
});

/**
 * obtainKeys against CleanTalk's answers, through the real client with an
 * undici MockAgent as its dispatcher (no network): which calls it makes, and
 * what it makes of the answers.
 */
describe("obtainKeys", () => {
  let api: MockApi | undefined;
  const account = { userToken: token, serviceId: 7 };

  function using(mock: MockApi): CleantalkClient {
    api = mock;
    return mock.client;
  }
  const calls = () => api?.calls ?? [];
  const methods = () => api?.methods() ?? [];

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it("without a supplied key asks get_api_key for every site, once", async () => {
    const client = using(keyApi([], { auth_key: key, password_hash: "hash", user_token: token, service_id: 42 }));
    const result = await obtainKeys(client, keyPlan({ website: [A] }), undefined);
    expect(result).toMatchObject({ topLevelKey: key, source: "provisioned", serviceId: 42 });
    expect(methods()).toEqual(["get_api_key"]);
    expect(calls()[0]?.get("email")).toBe(email);
    expect(calls()[0]?.get("website")).toBe(A);
    expect(calls()[0]?.get("product_name")).toBe("anti-spam");
  });

  it("a supplied key is validated with notice_paid_till for the site and adopted without get_api_key", async () => {
    const result = await obtainKeys(using(keyApi([key], { account_exists: 1 }, account)), keyPlan({ website: [A], authKey: key }), undefined);
    expect(result).toEqual({
      sites: { [A]: { hostname: "a.example.com", authKey: key } },
      pendingSites: [],
      topLevelKey: undefined,
      userToken: token,
      passwordHash: undefined,
      serviceId: 7,
      source: "supplied",
      handedBack: false,
    });
    expect(methods()).toEqual(["notice_paid_till"]);
    expect(calls()[0]?.get("auth_key")).toBe(key);
    expect(calls()[0]?.get("path_to_cms")).toBe("a.example.com");
    expect(calls()[0]?.get("product_id")).toBe("1");
  });

  it("a supplied key CleanTalk refuses (valid 0) fails with KEY_REJECTED naming the host, and nothing else is asked", async () => {
    const error = expectClean(
      await rejectionOf(obtainKeys(using(keyApi([], { account_exists: 1 })), keyPlan({ website: [A], authKey: key }), undefined)),
      "KEY_REJECTED",
    );
    expect(error.summary).toContain("a.example.com");
    expect(methods()).toEqual(["notice_paid_till"]);
  });

  it("notice_paid_till's error_no 12 (unknown key) is the same news as valid 0: KEY_REJECTED, not API_ERROR", async () => {
    const client = using(new MockApi(() => ({ body: { error_message: "Access key is not valid.", error_no: 12 } })));
    expectClean(await rejectionOf(obtainKeys(client, keyPlan({ website: [A], authKey: key }), undefined)), "KEY_REJECTED");
  });

  it("a supplied key that is the key being replaced supplies nothing: the API is asked instead", async () => {
    const client = using(keyApi([key], { auth_key: key2, password_hash: "hash", user_token: token, service_id: 42 }));
    const result = await obtainKeys(client, keyPlan({ website: [A], authKey: key }), replacing("expired", key));
    expect(result).toMatchObject({ topLevelKey: key2, source: "provisioned" });
    expect(methods()).toEqual(["get_api_key"]);
  });

  it("an expired adopted key with nothing new from the API fails with KEY_EXPIRED, after one get_api_key", async () => {
    const client = using(keyApi([key], { account_exists: 1 }));
    expectClean(await rejectionOf(obtainKeys(client, keyPlan({ website: [A], authKey: key }), replacing("expired", key))), "KEY_EXPIRED");
    expect(methods()).toEqual(["get_api_key"]);
  });

  it("per-site keys: the supplied site is validated, only the others are asked for, in website order", async () => {
    const answer = { websites: { [B]: { hostname: "b.example.com", auth_key: key2 } } };
    const result = await obtainKeys(using(keyApi([key], answer, account)), keyPlan({ website: [A, B], authKey: { [A]: key } }), undefined);
    expect(result.sites).toEqual({ [A]: { hostname: "a.example.com", authKey: key }, [B]: { hostname: "b.example.com", authKey: key2 } });
    expect(Object.keys(result.sites)).toEqual([A, B]);
    expect([result.source, result.pendingSites, result.userToken, result.serviceId]).toEqual(["supplied", [], token, 7]);
    expect(methods().sort()).toEqual(["get_api_key", "notice_paid_till"]);
    const getApiKey = calls().find((fields) => fields.get("method_name") === "get_api_key");
    expect(getApiKey?.get("website")).toBe(B);
  });

  it("a multi-site answer with no key for any site fails with ACCOUNT_EXISTS naming every host", async () => {
    const answer = { account_exists: 1, websites: { [A]: { hostname: "a.example.com" }, [B]: { hostname: "b.example.com" } } };
    const error = expectClean(await rejectionOf(obtainKeys(using(keyApi([], answer)), keyPlan({ website: [A, B] }), undefined)), "ACCOUNT_EXISTS");
    expect(error.summary).toContain("a.example.com, b.example.com");
  });

  it("a multi-site answer with keys for some sites hands those over and names the rest as pending", async () => {
    const answer = { account_exists: 1, auth_key: key, websites: { [A]: { hostname: "a.example.com", auth_key: key }, [B]: { hostname: "b.example.com" } } };
    const result = await obtainKeys(using(keyApi([], answer)), keyPlan({ website: [A, B] }), undefined);
    expect([Object.keys(result.sites), result.pendingSites, result.source]).toEqual([[A], [B], "existing-site"]);
  });
});
