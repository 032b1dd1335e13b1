import { UNKNOWN_VALUE } from "../../provider/domain/unknown-values";
import { CleantalkError } from "../../provider/errors/cleantalk-error";
import { ProviderRuntime, resourceId } from "../../provider/runtime/provider-runtime";
import { keyPlanCodec, keyRecordCodec } from "../../provider/schema/stored-key";
import { DAY_MS, fakeKey, keyPlan, keyRecord, rejectionOf, TestClock, thrownBy } from "../support/provider-fixtures";

const CREATED = "2025-03-01T00:00:00.000Z";
const plan = keyPlan();
const record = keyRecord(plan, { authKey: fakeKey("current"), createdAt: CREATED });
/** What the engine hands diff: the stored outputs and the checked inputs, as stored. */
const olds = keyRecordCodec.encode(record) as Record<string, unknown>;
const news = keyPlanCodec.encode(plan) as Record<string, unknown>;

function runtime(clock = new TestClock(CREATED), env: NodeJS.ProcessEnv = {}) {
  const warnings: string[] = [];
  const provider = new ProviderRuntime({ now: clock.now, env, warn: (message) => warnings.push(message), debug: () => {} });
  provider.configure(undefined);
  return { provider, clock, warnings };
}

describe("ProviderRuntime.diff: stored values in, the engine's answer out", () => {
  it("reports no changes for the plan the key was created from", () => {
    const { provider } = runtime();
    expect(provider.diff(olds, news)).toMatchObject({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("ignores the __provider property and outputs-only fields", () => {
    const { provider } = runtime();
    expect(provider.diff({ ...olds, __provider: "serialised" }, { ...news, __provider: "serialised-other" }).changes).toBe(false);
  });

  it("changes is always a boolean and deleteBeforeReplace always false (create-before-delete)", () => {
    const { provider, clock } = runtime();
    clock.advance(340 * DAY_MS);
    const cases = [news, { ...news, label: "x" }, { ...news, email: "other@example.com" }, { ...news, authKey: fakeKey("dashboard") }];
    for (const next of cases) {
      const outcome = provider.diff(olds, next);
      expect(typeof outcome.changes).toBe("boolean");
      expect(outcome.deleteBeforeReplace).toBe(false);
      expect(outcome.changes).toBe(outcome.replaces.length + (outcome.change?.updates.length ?? 0) > 0);
    }
  });

  it("decides with the injected clock: a due key is an in-place update, an expired one a replacement", () => {
    const { provider, clock } = runtime();
    clock.advance(340 * DAY_MS);
    expect(provider.diff(olds, news)).toMatchObject({ changes: true, replaces: [], change: { state: "due", updates: ["rotationState"] } });
    clock.advance(30 * DAY_MS);
    expect(provider.diff(olds, news)).toMatchObject({ changes: true, replaces: ["expiresAt"], change: { reason: "expired" } });
  });

  it("hands back the decoded record, with the defaults filled", () => {
    const { provider } = runtime();
    expect(provider.diff(olds, news).record).toEqual(record);
  });

  it("with inputs still unknown at preview: an unknown identity field replaces, anything else may update", () => {
    const { provider } = runtime();
    expect(provider.diff(olds, { ...news, email: UNKNOWN_VALUE })).toMatchObject({ changes: true, replaces: ["email"], change: undefined });
    expect(provider.diff(olds, { ...news, website: ["https://example.com", UNKNOWN_VALUE], productName: UNKNOWN_VALUE })).toMatchObject({
      replaces: ["website", "productName"],
    });
    expect(provider.diff(olds, { ...news, label: UNKNOWN_VALUE })).toMatchObject({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("refuses stored state it cannot read with a plain Error naming the fields (a bug or a hand edit, not a user error)", () => {
    const { provider } = runtime();
    const error = thrownBy(() => provider.diff({ ...olds, credentials: { authKey: fakeKey("x") } }, news));
    expect(CleantalkError.isInstance(error)).toBe(false);
    expect((error as Error).message).toContain("the stored state of this key is unreadable (credentials.salt)");
    expect((error as Error).message).not.toContain(fakeKey("x"));
  });

  it("makes no API call: it answers even when the settings are refused", () => {
    const { provider } = runtime(new TestClock(CREATED), { CLEANTALK_MAX_ATTEMPTS: "abc" });
    expect(provider.diff(olds, news).changes).toBe(false);
  });
});

describe("ProviderRuntime.check", () => {
  it("adds refused settings to the input failures, naming where the value came from", () => {
    const { provider } = runtime(new TestClock(CREATED), { CLEANTALK_MAX_ATTEMPTS: "abc" });
    expect(provider.check({}, { email: "ops@example.com", website: "https://example.com" }).failures).toEqual([
      {
        // No property: the engine would print "property CLEANTALK_MAX_ATTEMPTS value {<nil>}" for a name that is no input.
        property: "",
        reason: expect.stringMatching(/^INVALID_INPUT: CLEANTALK_MAX_ATTEMPTS must be a whole number from 1 to 10; e\.g\. export CLEANTALK_MAX_ATTEMPTS=5$/),
      },
    ]);
  });

  it("reports an insecure endpoint as a failure with its code first", () => {
    const { provider } = runtime();
    provider.configure({ get: (name) => (name === "cleantalk:apiUrl" ? "http://api.example.com" : undefined) });
    const failures = provider.check({}, { email: "ops@example.com", website: "https://example.com" }).failures;
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe("");
    expect(failures[0]?.reason.startsWith("INSECURE_ENDPOINT: cleantalk:apiUrl http://api.example.com is refused")).toBe(true);
  });

  it("passes the lifecycle's outcome through when the settings are fine", () => {
    const { provider } = runtime();
    expect(provider.check({}, { email: "ops@example.com", website: "https://example.com" })).toEqual({ inputs: news, failures: [] });
  });
});

describe("ProviderRuntime: steps that would call CleanTalk", () => {
  it("create, read and update fail with the refused setting before any call", async () => {
    const { provider } = runtime(new TestClock(CREATED), { CLEANTALK_REQUEST_TIMEOUT: "0s" });
    for (const step of [provider.create(news), provider.read(olds), provider.update(olds, { ...news, label: "x" })]) {
      const error = await rejectionOf(step);
      expect(CleantalkError.isInstance(error)).toBe(true);
      expect((error as CleantalkError).message).toMatch(/^INVALID_INPUT: CLEANTALK_REQUEST_TIMEOUT: /);
    }
  });

  it("a refused configure keeps failing: it never falls back to the default endpoint", async () => {
    const { provider } = runtime();
    provider.configure({ get: (name) => (name === "cleantalk:apiUrl" ? "https://u:p@api.example.com" : undefined) });
    expect(((await rejectionOf(provider.create(news))) as CleantalkError).code).toBe("INSECURE_ENDPOINT");
    expect(((await rejectionOf(provider.read(olds))) as CleantalkError).code).toBe("INSECURE_ENDPOINT");
  });

  it("delete forgets the key without a call, and tolerates state it cannot read", () => {
    const { provider } = runtime();
    expect(provider.delete(olds)).toBeUndefined();
    expect(provider.delete({ nonsense: true })).toBeUndefined();
  });
});

describe("resourceId", () => {
  it("is product, first host name and fingerprint: public values only", () => {
    expect(resourceId(record)).toBe(`anti-spam/example.com/${record.details.fingerprint}`);
    expect(resourceId(record)).not.toContain(record.credentials.authKey);
  });
});
