import type { CleantalkClient } from "../../provider/client/cleantalk-client";
import { CleantalkError } from "../../provider/errors/cleantalk-error";
import { IncompleteKeyError, KeyLifecycle } from "../../provider/lifecycle/key-lifecycle";
import { RotationLedger } from "../../provider/lifecycle/rotation-ledger";
import type { KeyPlan, KeyRecord } from "../../provider/schema/stored-key";
import { keyApi, MockApi } from "../support/mock-api";
import { DAY_MS, fakeKey, fakeToken, keyPlan, keyRecord, rejectionOf, TestClock } from "../support/provider-fixtures";

const CREATED = "2025-03-01T00:00:00.000Z";
const A = "https://a.example.com";
const B = "https://b.example.com";
const current = fakeKey("current");
const fresh = fakeKey("fresh");
const plan = keyPlan();

let api: MockApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** A lifecycle on the test clock; `answering` is the API it may call (none: any call fails the test). */
function lifecycle(answering?: MockApi, clock = new TestClock(CREATED)) {
  api = answering;
  const notes: string[] = [];
  const rotations = new RotationLedger();
  const client = (): CleantalkClient => {
    if (answering === undefined) throw new Error("this step must not call CleanTalk");
    return answering.client;
  };
  return { steps: new KeyLifecycle({ client, now: clock.now, log: (note) => notes.push(note), rotations }), clock, notes, rotations };
}

const methods = () => api?.methods() ?? [];

function held(p: KeyPlan = plan, authKey = current): KeyRecord {
  return keyRecord(p, { authKey, createdAt: CREATED });
}

describe("KeyLifecycle.diff and the rotation ledger", () => {
  it("remembers, for create, which key a replacement takes the place of and why", () => {
    const { steps, rotations } = lifecycle();
    const next = { ...plan, rotationTriggers: { leak: "1" } };
    expect(steps.diff(held(), next).reason).toBe("triggers");
    const pending = rotations.take(next);
    expect(pending?.reason).toBe("triggers");
    expect(pending?.createdAt).toBe(CREATED);
    expect(pending?.isReplacedKey(current)).toBe(true);
    expect(pending?.isReplacedKey(fresh)).toBe(false);
    // Taken once: a later create of the same sites is a new decision.
    expect(rotations.take(next)).toBeUndefined();
  });

  it("remembers a diff without a replacement too, so a replacement the engine forces (--replace) is known", () => {
    const { steps, rotations } = lifecycle();
    steps.diff(held(), plan);
    expect(rotations.take(plan)?.reason).toBeUndefined();
    expect(rotations.take(plan)).toBeUndefined();
  });

  it("does not remember an identity change: the new identity's key replaces nothing", () => {
    const { steps, rotations } = lifecycle();
    const moved = { ...plan, email: "other@example.com" };
    expect(steps.diff(held(), moved).reason).toBe("identity");
    expect(rotations.take(moved)).toBeUndefined();
    expect(rotations.take(plan)).toBeUndefined();
  });

  it("knows every site's key of a multi-site key as replaced", () => {
    const { steps, rotations } = lifecycle();
    const multi = keyPlan({ website: [A, B] });
    const record = held(multi);
    const withSiteKeys = {
      ...record,
      credentials: {
        ...record.credentials,
        sites: { [A]: { hostname: "a.example.com", authKey: current }, [B]: { hostname: "b.example.com", authKey: fresh } },
      },
    };
    steps.diff(withSiteKeys, { ...multi, rotationTriggers: { leak: "1" } });
    const pending = rotations.take(multi);
    expect([pending?.isReplacedKey(current), pending?.isReplacedKey(fresh), pending?.isReplacedKey(fakeKey("other"))]).toEqual([true, true, false]);
  });
});

describe("KeyLifecycle.create", () => {
  const issued = { auth_key: fresh, password_hash: "hash", user_token: fakeToken("t"), service_id: 9 };

  it("a new key: schedule from now, fingerprint keyed with a new salt, no key in the notes", async () => {
    const { steps, clock, notes } = lifecycle(keyApi([], issued));
    clock.advance(DAY_MS);
    const record = await steps.create(plan);
    expect(record.credentials.authKey).toBe(fresh);
    expect(record.details).toMatchObject({
      createdAt: "2025-03-02T00:00:00.000Z",
      expiresAt: "2026-03-02T00:00:00.000Z",
      source: "provisioned",
      rotationState: "current",
    });
    expect(notes).toEqual([`created key ${record.details.fingerprint} for example.com (provisioned)`]);
    expect(methods()).toEqual(["get_api_key"]);
  });

  it.each([
    ["expired", 366 * DAY_MS, {}, "KEY_EXPIRED"],
    ["triggers", DAY_MS, { rotationTriggers: { leak: "1" } }, "KEY_NOT_ROTATED"],
  ] as const)("a %s replacement that CleanTalk answers with the same key fails with %s", async (_reason, age, edit, code) => {
    const { steps, clock } = lifecycle(keyApi([], { auth_key: current }));
    clock.advance(age);
    const next = { ...plan, ...edit };
    expect(steps.diff(held(), next).replaces.length).toBe(1);
    const error = await rejectionOf(steps.create(next));
    expect(CleantalkError.isInstance(error)).toBe(true);
    expect((error as CleantalkError).code).toBe(code);
    expect((error as CleantalkError).message).not.toContain(current);
  });

  it("an invalid key CleanTalk answers account_exists for fails with KEY_INVALID, naming the fix", async () => {
    const { steps } = lifecycle(keyApi([], { account_exists: 1 }));
    const invalid = keyRecord(plan, { authKey: current, createdAt: CREATED, keyStatus: "invalid" });
    expect(steps.diff(invalid, { ...plan, authKey: current }).reason).toBe("invalid");
    const error = (await rejectionOf(steps.create({ ...plan, authKey: current }))) as CleantalkError;
    expect(error.code).toBe("KEY_INVALID");
    // The refused key supplies nothing: the API was asked, not notice_paid_till.
    expect(methods()).toEqual(["get_api_key"]);
  });

  it("a replacement the engine forced that gets the same key back keeps the key's age, with a new fingerprint", async () => {
    const { steps, clock } = lifecycle(keyApi([], { auth_key: current }));
    clock.advance(100 * DAY_MS);
    const old = held();
    steps.diff(old, plan);
    const record = await steps.create(plan);
    expect(record.credentials.authKey).toBe(current);
    expect(record.details).toMatchObject({ createdAt: CREATED, createdAtEstimated: false, expiresAt: old.details.expiresAt, source: "existing-site" });
    expect(record.details.fingerprint).not.toBe(old.details.fingerprint);
  });

  it("a key handed back to a new resource starts now and says so", async () => {
    const { steps } = lifecycle(keyApi([], { auth_key: current }));
    expect((await steps.create(plan)).details).toMatchObject({ createdAt: CREATED, createdAtEstimated: true, source: "existing-site" });
  });

  it("a multi-site answer in part fails with the record of what was obtained, for the engine to keep", async () => {
    const answer = { account_exists: 1, websites: { [A]: { hostname: "a.example.com", auth_key: fresh }, [B]: { hostname: "b.example.com" } } };
    const { steps } = lifecycle(keyApi([], answer));
    const error = await rejectionOf(steps.create(keyPlan({ website: [A, B] })));
    expect(error).toBeInstanceOf(IncompleteKeyError);
    const incomplete = error as IncompleteKeyError;
    expect(incomplete.record.credentials.sites).toEqual({ [A]: { hostname: "a.example.com", authKey: fresh } });
    expect(incomplete.record.details.pendingSites).toEqual([B]);
    expect(incomplete.reasons).toHaveLength(1);
    expect(incomplete.reasons[0]?.startsWith("ACCOUNT_EXISTS: CleanTalk gave keys for some sites but answered account_exists for b.example.com;")).toBe(true);
    expect(incomplete.message).not.toContain(fresh);
  });
});

describe("KeyLifecycle.update", () => {
  it("changes settings in place without a call: same key and fingerprint, dates recomputed from the key's creation time", async () => {
    const { steps, clock } = lifecycle();
    clock.advance(50 * DAY_MS);
    const old = held();
    const next = { ...plan, maxAgeMs: 60 * DAY_MS, renewBeforeMs: 15 * DAY_MS, label: "forms" };
    expect(steps.diff(old, next)).toMatchObject({ replaces: [], updates: ["maxAge", "renewBefore", "label", "rotationState"], state: "due" });
    const record = await steps.update(old, next);
    expect(record.credentials).toEqual(old.credentials);
    expect(record.details).toMatchObject({
      fingerprint: old.details.fingerprint,
      createdAt: CREATED,
      expiresAt: "2025-04-30T00:00:00.000Z",
      rotateAfter: "2025-04-15T00:00:00.000Z",
      rotationState: "due",
    });
    expect([record.label, record.maxAgeMs]).toEqual(["forms", 60 * DAY_MS]);
    expect(record).not.toHaveProperty("authKey");
  });

  it('drops the dates for maxAge "never", so nothing reads the key as due or expired any more', async () => {
    const { steps, clock } = lifecycle();
    clock.advance(340 * DAY_MS);
    const old = { ...held(), details: { ...held().details, rotationState: "due" as const } };
    const record = await steps.update(old, { ...plan, maxAgeMs: null, renewBeforeMs: 0 });
    expect(record.details).not.toHaveProperty("expiresAt");
    expect(record.details).not.toHaveProperty("rotateAfter");
    expect(record.details.rotationState).toBe("current");
  });

  describe("a multi-site key CleanTalk answered in part", () => {
    const multi = keyPlan({ website: [A, B] });
    const partial: KeyRecord = (() => {
      const record = held(multi);
      return {
        ...record,
        credentials: { ...record.credentials, sites: { [A]: { hostname: "a.example.com", authKey: current } } },
        details: { ...record.details, pendingSites: [B] },
      };
    })();

    it("adds a key supplied for a pending site after validating it, and keeps the others", async () => {
      const { steps } = lifecycle(keyApi([fresh], { account_exists: 1 }));
      const next = { ...multi, authKey: { [B]: fresh } };
      expect(steps.diff(partial, next).updates).toEqual(["authKey"]);
      const record = await steps.update(partial, next);
      expect(record.credentials.sites).toEqual({ [A]: { hostname: "a.example.com", authKey: current }, [B]: { hostname: "b.example.com", authKey: fresh } });
      expect(record.details.pendingSites).toEqual([]);
      expect(methods()).toEqual(["notice_paid_till"]);
      expect(api?.calls[0]?.get("path_to_cms")).toBe("b.example.com");
    });

    it("refuses a supplied key CleanTalk does not accept, changing nothing", async () => {
      const { steps } = lifecycle(keyApi([], { account_exists: 1 }));
      expect(((await rejectionOf(steps.update(partial, { ...multi, authKey: { [B]: fresh } }))) as CleantalkError).code).toBe("KEY_REJECTED");
    });

    it("a settings update that leaves a site pending fails with the record, so the engine keeps it", async () => {
      const { steps } = lifecycle();
      const error = await rejectionOf(steps.update(partial, { ...multi, label: "x" }));
      expect(error).toBeInstanceOf(IncompleteKeyError);
      expect((error as IncompleteKeyError).record.label).toBe("x");
      expect((error as IncompleteKeyError).record.details.pendingSites).toEqual([B]);
    });
  });
});

describe("KeyLifecycle.read (refresh)", () => {
  it("re-validates every site's key; a valid key stays valid and its state is recomputed", async () => {
    const { steps, clock } = lifecycle(keyApi([current], { account_exists: 1 }));
    clock.advance(340 * DAY_MS);
    const record = await steps.read(held());
    expect(record.details).toMatchObject({ keyStatus: "valid", rotationState: "due" });
    expect(methods()).toEqual(["notice_paid_till"]);
    expect(api?.calls[0]?.get("auth_key")).toBe(current);
  });

  it("records a key CleanTalk refuses as invalid, without throwing, and notes it by fingerprint", async () => {
    const { steps, notes } = lifecycle(keyApi([], { account_exists: 1 }));
    const old = held();
    const record = await steps.read(old);
    expect(record.details).toMatchObject({ keyStatus: "invalid", rotationState: "invalid", fingerprint: old.details.fingerprint });
    expect(record.credentials).toEqual(old.credentials);
    expect(notes).toEqual([`key ${old.details.fingerprint} is no longer accepted by CleanTalk; the next \`pulumi up\` replaces it`]);
  });

  it('drops the dates of a key whose maxAge is "never"', async () => {
    const { steps } = lifecycle(keyApi([current], { account_exists: 1 }));
    const stale = { ...held(), maxAgeMs: null, renewBeforeMs: 0 };
    const record = await steps.read(stale);
    expect(record.details).not.toHaveProperty("expiresAt");
    expect(record.details).not.toHaveProperty("rotateAfter");
  });

  it("reads notice_paid_till's error_no 12 as invalid too", async () => {
    const { steps } = lifecycle(new MockApi(() => ({ body: { error_message: "Access key is not valid.", error_no: 12 } })));
    expect((await steps.read(held())).details.keyStatus).toBe("invalid");
  });

  it("a multi-site key is invalid as soon as one site's key is refused", async () => {
    const multi = keyPlan({ website: [A, B] });
    const record = held(multi);
    const sites = { [A]: { hostname: "a.example.com", authKey: current }, [B]: { hostname: "b.example.com", authKey: fresh } };
    const { steps } = lifecycle(keyApi([current], { account_exists: 1 }));
    expect((await steps.read({ ...record, credentials: { ...record.credentials, sites } })).details.keyStatus).toBe("invalid");
    expect(methods()).toEqual(["notice_paid_till", "notice_paid_till"]);
  });
});

describe("KeyLifecycle.delete", () => {
  it("forgets the key without a call, naming its fingerprint, never the key", () => {
    const { steps, notes } = lifecycle();
    const record = held();
    steps.delete(record);
    expect(notes).toEqual([`forgot key ${record.details.fingerprint}; revoke it in the CleanTalk dashboard if it leaked`]);
  });
});
