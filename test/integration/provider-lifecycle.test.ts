import { type RunningEmulator, startEmulator } from "../../emulator";
import {
  type CheckedInputs,
  type CleantalkClient,
  CleantalkError,
  dynamicProvider,
  KeyIssuedButIncompleteError,
  KeyLifecycle,
  type KeyOutputs,
  keyFingerprint,
} from "../../provider";
import { hostnamesOf, siteKeys } from "../../provider/state/site-keys";
import { apiRequests, emulatorClient, issuedSecrets, uniqueAccount } from "../support/provider-emulator";
import { DAY_MS, errorTexts, fakeKey, rejectionOf, TestClock } from "../support/provider-fixtures";

const MINUTE_MS = 60_000;

/** One resource as the engine keeps it between plans. */
interface Stored {
  readonly id: string;
  readonly inputs: Record<string, unknown>;
  readonly outs: KeyOutputs;
}

describe("KeyLifecycle on the emulator", () => {
  let emulator: RunningEmulator;
  let client: CleantalkClient;
  const clock = new TestClock("2025-03-01T00:00:00.000Z");
  const lifecycle = new KeyLifecycle({ client: () => client, now: clock.now });

  beforeAll(async () => {
    emulator = await startEmulator();
    client = emulatorClient(emulator);
  });
  beforeEach(() => {
    emulator.reset();
    emulator.configure({ sameKeyWindowMs: 10 * MINUTE_MS, keyLifetimeMs: 365 * DAY_MS });
    clock.set("2025-03-01T00:00:00.000Z");
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  function checkOk(olds: Record<string, unknown>, news: Record<string, unknown>): CheckedInputs {
    const outcome = lifecycle.check(olds, news);
    expect(outcome.failures).toEqual([]);
    return outcome.inputs as unknown as CheckedInputs;
  }

  async function created(program: Record<string, unknown>): Promise<Stored> {
    const inputs = checkOk({}, program);
    const { id, outs } = await lifecycle.create(inputs);
    return { id, inputs: inputs as unknown as Record<string, unknown>, outs };
  }

  /** Counts the API requests a block makes. */
  async function requestsDuring(block: () => unknown): Promise<number> {
    const before = apiRequests(emulator);
    await block();
    return apiRequests(emulator) - before;
  }

  it("create provisions a key with its schedule and a non-secret id", async () => {
    const site = uniqueAccount("life");
    const { id, outs } = await created({ email: site.email, website: site.website, label: "forms" });
    const issued = emulator.issued();
    expect(issued.authKeys).toEqual([outs.credentials.authKey]);
    expect(outs).toMatchObject({
      email: site.email,
      website: [site.website],
      label: "forms",
      rotationBase: "2025-03-01T00:00:00.000Z",
      details: {
        source: "provisioned",
        createdAt: "2025-03-01T00:00:00.000Z",
        expiresAt: "2026-03-01T00:00:00.000Z",
        rotateAfter: "2026-01-30T00:00:00.000Z",
        fingerprint: keyFingerprint(outs.credentials.authKey),
      },
    });
    // One site: the per-site map is rebuilt, not stored.
    expect(outs.credentials.sites).toBeUndefined();
    // A valid key and host names that are the URL's are not stored, only read back.
    expect(outs.details).not.toHaveProperty("keyStatus");
    expect(outs.details).not.toHaveProperty("hostnames");
    expect(hostnamesOf(outs)).toEqual([site.hostname]);
    // Settings at their defaults are not stored.
    for (const setting of ["productName", "maxAge", "renewBefore", "rotationTriggers"]) expect(outs).not.toHaveProperty(setting);
    expect(siteKeys(outs)).toEqual({ [site.website]: { hostname: site.hostname, authKey: outs.credentials.authKey } });
    expect(outs.credentials.userToken).toBe(issued.userTokens[0]);
    expect(outs.credentials.passwordHash).toBe(issued.passwordHashes[0]);
    expect(typeof outs.details.serviceId).toBe("number");
    expect(id).toBe(`anti-spam/${site.hostname}/${outs.details.fingerprint}`);
    for (const secret of issuedSecrets(emulator)) expect(id).not.toContain(secret);
  });

  it("a no-op plan (check + diff) reports no changes and makes zero API calls", async () => {
    const site = uniqueAccount("life");
    const program = { email: site.email, website: site.website };
    const stored = await created(program);
    clock.advance(100 * DAY_MS);
    const calls = await requestsDuring(() => {
      const inputs = checkOk(stored.inputs, program);
      expect(inputs.rotationBase).toBe(stored.outs.rotationBase);
      expect(lifecycle.diff(stored.id, stored.outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    });
    expect(calls).toBe(0);
  });

  it("a due key is rotated: check marks it, diff replaces, create yields a different key", async () => {
    const site = uniqueAccount("life");
    const program = { email: site.email, website: site.website };
    const stored = await created(program);
    const before = JSON.stringify(stored.outs);

    clock.set(stored.outs.details.rotateAfter);
    // CleanTalk reissues a key for a site once the current one is past its life.
    emulator.configure({ keyLifetimeMs: 300 * DAY_MS });
    emulator.advanceClock(335 * DAY_MS);

    const inputs = checkOk(stored.inputs, program);
    expect(inputs.rotation).toEqual({ reason: "age", previousBase: stored.outs.rotationBase });
    expect(inputs.rotationBase).toBe(clock.now().toISOString());
    expect(lifecycle.diff(stored.id, stored.outs, inputs)).toEqual({ changes: true, replaces: ["rotateAfter"], deleteBeforeReplace: false });

    const next = await lifecycle.create(inputs);
    expect(next.outs.credentials.authKey).not.toBe(stored.outs.credentials.authKey);
    expect(next.outs.details.fingerprint).not.toBe(stored.outs.details.fingerprint);
    expect(next.id).not.toBe(stored.id);
    expect(next.outs.details.source).toBe("provisioned");
    expect(next.outs.details.rotateAfter).toBe(new Date(clock.now().getTime() + 335 * DAY_MS).toISOString());
    expect(next.outs).not.toHaveProperty("rotation");
    expect(JSON.stringify(stored.outs)).toBe(before);

    // The engine then plans against the new key: nothing to do.
    const after = checkOk(next.outs as unknown as Record<string, unknown>, program);
    expect(lifecycle.diff(next.id, next.outs, after).changes).toBe(false);
    expect((await lifecycle.read(next.id, next.outs)).props.details.keyStatus).toBeUndefined();
  });

  it("a rotationTriggers change forces a rotation", async () => {
    const site = uniqueAccount("life");
    const stored = await created({ email: site.email, website: site.website, rotationTriggers: { leak: "none" } });
    emulator.configure({ keyLifetimeMs: 1_000 });
    emulator.advanceClock(2_000);
    clock.advance(DAY_MS);

    const inputs = checkOk(stored.inputs, { email: site.email, website: site.website, rotationTriggers: { leak: "2025-03-02" } });
    expect(inputs.rotation?.reason).toBe("triggers");
    expect(lifecycle.diff(stored.id, stored.outs, inputs).replaces).toEqual(["rotationTriggers"]);
    const next = await lifecycle.create(inputs);
    expect(next.outs.credentials.authKey).not.toBe(stored.outs.credentials.authKey);
    expect(next.outs.rotationTriggers).toEqual({ leak: "2025-03-02" });
  });

  describe("a rotation CleanTalk will not serve", () => {
    async function dueRotation() {
      const site = uniqueAccount("life");
      const program = { email: site.email, website: site.website, rotationTriggers: { n: "1" } };
      const stored = await created(program);
      const snapshot = JSON.stringify(stored.outs);
      clock.advance(MINUTE_MS);
      const next = { ...program, rotationTriggers: { n: "2" } };
      const checked = checkOk(stored.inputs, next);
      expect(checked.rotation?.reason).toBe("triggers");
      expect(lifecycle.diff(stored.id, stored.outs, checked).replaces).toEqual(["rotationTriggers"]);
      // As the engine does for a replacement: check again without the old
      // inputs, then create with that result.
      const inputs = checkOk({}, next);
      expect(inputs.rotation).toBeUndefined();
      return { site, stored, snapshot, inputs };
    }

    it("phase 2 (same key again) → KEY_NOT_ROTATED with the dashboard steps; old outputs untouched", async () => {
      const { site, stored, snapshot, inputs } = await dueRotation();
      const error = await rejectionOf(lifecycle.create(inputs));
      expect(CleantalkError.isInstance(error) && error.code).toBe("KEY_NOT_ROTATED");
      const message = (error as Error).message;
      expect(message).toContain(site.hostname);
      expect(message).toContain('"Change the Access key" → "Generate key"');
      expect(message).toContain("pulumi config set --secret");
      for (const text of errorTexts(error)) for (const secret of [...issuedSecrets(emulator), site.email]) expect(text).not.toContain(secret);
      expect(JSON.stringify(stored.outs)).toBe(snapshot);
      expect(emulator.counters().totalKeysIssued).toBe(1);
    });

    it("phase 3 (account_exists) → ACCOUNT_EXISTS with the dashboard steps; old outputs untouched", async () => {
      const { site, stored, snapshot, inputs } = await dueRotation();
      emulator.advanceClock(11 * MINUTE_MS);
      const error = await rejectionOf(lifecycle.create(inputs));
      expect(CleantalkError.isInstance(error) && error.code).toBe("ACCOUNT_EXISTS");
      const message = (error as Error).message;
      expect(message).toContain(`account_exists for ${site.hostname}`);
      expect(message).toContain('"Generate key"');
      expect(message).toContain("Nothing was changed");
      expect(JSON.stringify(stored.outs)).toBe(snapshot);
    });

    it("the way out: generate a key in the dashboard and supply it as authKey", async () => {
      const { site, stored, inputs: _refused } = await dueRotation();
      const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
      const inputs = checkOk(stored.inputs, { email: site.email, website: site.website, rotationTriggers: { n: "2" }, authKey: dashboardKey });
      expect(inputs.rotation?.reason).toBe("triggers");
      expect(lifecycle.diff(stored.id, stored.outs, inputs).replaces).toEqual(["rotationTriggers"]);
      const next = await lifecycle.create(inputs);
      expect(next.outs).toMatchObject({ credentials: { authKey: dashboardKey }, details: { source: "supplied" } });
    });
  });

  it("adopts a dashboard key: validated with notice_paid_till, no get_api_key", async () => {
    const site = uniqueAccount("life");
    const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
    const { outs } = await created({ email: site.email, website: site.website, authKey: dashboardKey });
    expect(outs).toMatchObject({
      credentials: { authKey: dashboardKey },
      details: { source: "supplied" },
    });
    expect(outs.details).not.toHaveProperty("keyStatus");
    expect(hostnamesOf(outs)).toEqual([site.hostname]);
    expect(typeof outs.credentials.userToken).toBe("string");
    expect(outs.credentials).not.toHaveProperty("passwordHash");
    const counters = emulator.counters();
    expect(counters.requests.get_api_key).toBe(0);
    expect(counters.requests.notice_paid_till).toBe(1);
  });

  it("adopting a new dashboard key for an existing resource replaces it (reason adopt)", async () => {
    const site = uniqueAccount("life");
    const program = { email: site.email, website: site.website };
    const stored = await created(program);
    const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
    clock.advance(MINUTE_MS);
    const inputs = checkOk(stored.inputs, { ...program, authKey: dashboardKey });
    expect(inputs.rotation?.reason).toBe("adopt");
    expect(lifecycle.diff(stored.id, stored.outs, inputs).replaces).toEqual(["authKey"]);
    expect((await lifecycle.create(inputs)).outs.details.fingerprint).toBe(keyFingerprint(dashboardKey));
  });

  it("supplying the key already in use as authKey is refused by diff (KEY_NOT_ROTATED)", async () => {
    const site = uniqueAccount("life");
    const program = { email: site.email, website: site.website };
    const stored = await created(program);
    clock.advance(MINUTE_MS);
    const inputs = checkOk(stored.inputs, { ...program, authKey: stored.outs.credentials.authKey });
    const error = (() => {
      try {
        lifecycle.diff(stored.id, stored.outs, inputs);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(CleantalkError.isInstance(error) && error.code).toBe("KEY_NOT_ROTATED");
    expect((error as Error).message).not.toContain(stored.outs.credentials.authKey);
  });

  it("an invalid supplied key is refused as KEY_REJECTED without repeating it", async () => {
    const site = uniqueAccount("life");
    const wrong = fakeKey(`never-issued-${site.hostname}`);
    const inputs = checkOk({}, { email: site.email, website: site.website, authKey: wrong });
    const error = await rejectionOf(lifecycle.create(inputs));
    expect(CleantalkError.isInstance(error) && error.code).toBe("KEY_REJECTED");
    expect((error as Error).message).toContain(site.hostname);
    expect((error as Error).message).toContain("notice_paid_till valid: 0");
    for (const text of errorTexts(error)) expect(text).not.toContain(wrong);
    expect(emulator.counters().totalKeysIssued).toBe(0);
  });

  it("a key for another site is refused as KEY_REJECTED", async () => {
    const other = uniqueAccount("life");
    const otherKey = emulator.generateKey({ email: other.email, website: other.website });
    const site = uniqueAccount("life");
    const error = await rejectionOf(lifecycle.create(checkOk({}, { email: site.email, website: site.website, authKey: otherKey })));
    expect(CleantalkError.isInstance(error) && error.code).toBe("KEY_REJECTED");
  });

  it("refresh of a key regenerated in the dashboard flags it invalid, and the next plan rotates to the new key", async () => {
    const site = uniqueAccount("life");
    const program = { email: site.email, website: site.website };
    const stored = await created(program);
    const regenerated = emulator.generateKey({ email: site.email, website: site.website });

    const refreshed = await lifecycle.read(stored.id, stored.outs);
    expect(refreshed.props.details.keyStatus).toBe("invalid");
    expect(refreshed.props.credentials.authKey).toBe(stored.outs.credentials.authKey);
    expect(refreshed.inputs).toMatchObject({
      email: site.email,
      website: [site.website],
      rotationBase: stored.outs.rotationBase,
      keyInvalidated: stored.outs.details.fingerprint,
    });
    expect(refreshed.inputs).not.toHaveProperty("authKey");

    const inputs = checkOk(refreshed.inputs as unknown as Record<string, unknown>, program);
    expect(inputs.rotation).toMatchObject({ reason: "invalidated" });
    expect(inputs).not.toHaveProperty("keyInvalidated");
    expect(lifecycle.diff(stored.id, refreshed.props, inputs).replaces).toEqual(["keyStatus"]);

    // Within CleanTalk's same-key window get_api_key hands back the site's
    // current key: the dashboard's, not the one being replaced.
    const next = await lifecycle.create(inputs);
    expect(next.outs.credentials.authKey).toBe(regenerated);
    expect(next.outs.details.source).toBe("existing-site");
    expect(next.outs.details.keyStatus).toBeUndefined();
  });

  it("refresh of a valid key keeps it valid and returns no inputs", async () => {
    const site = uniqueAccount("life");
    const stored = await created({ email: site.email, website: site.website });
    const refreshed = await lifecycle.read(stored.id, stored.outs);
    expect(refreshed).toEqual({ id: stored.id, props: stored.outs });
  });

  it("update of label and maxAge recomputes the times without API calls", async () => {
    const site = uniqueAccount("life");
    const stored = await created({ email: site.email, website: site.website, label: "old" });
    clock.advance(10 * DAY_MS);
    let outs: KeyOutputs | undefined;
    const calls = await requestsDuring(() => {
      const inputs = checkOk(stored.inputs, { email: site.email, website: site.website, label: "new", maxAge: "200d" });
      expect(inputs.rotation).toBeUndefined();
      expect(lifecycle.diff(stored.id, stored.outs, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      outs = lifecycle.update(stored.id, stored.outs, inputs).outs;
    });
    expect(calls).toBe(0);
    expect(outs).toMatchObject({
      credentials: stored.outs.credentials,
      label: "new",
      maxAge: "200d",
      details: {
        fingerprint: stored.outs.details.fingerprint,
        createdAt: stored.outs.details.createdAt,
        expiresAt: "2025-09-17T00:00:00.000Z",
        rotateAfter: "2025-08-18T00:00:00.000Z",
      },
    });
    // Back to the defaults: the settings leave the echo and the times follow.
    if (outs === undefined) throw new Error("update returned nothing");
    const defaults = checkOk(stored.inputs, { email: site.email, website: site.website });
    expect(lifecycle.diff(stored.id, outs, defaults).changes).toBe(true);
    const reverted = lifecycle.update(stored.id, outs, defaults).outs;
    expect(reverted).not.toHaveProperty("maxAge");
    expect(reverted).not.toHaveProperty("label");
    expect(reverted.details.expiresAt).toBe(stored.outs.details.expiresAt);
    expect(lifecycle.diff(stored.id, reverted, defaults).changes).toBe(false);
  });

  it("update removing the label drops it from the outputs", async () => {
    const site = uniqueAccount("life");
    const stored = await created({ email: site.email, website: site.website, label: "old" });
    const inputs = checkOk(stored.inputs, { email: site.email, website: site.website });
    expect(lifecycle.update(stored.id, stored.outs, inputs).outs).not.toHaveProperty("label");
  });

  it("delete makes no API call", async () => {
    const site = uniqueAccount("life");
    const stored = await created({ email: site.email, website: site.website });
    expect(await requestsDuring(() => lifecycle.delete(stored.id, stored.outs))).toBe(0);
  });

  it("several sites on a new account: one create, a key per site", async () => {
    const a = uniqueAccount("life");
    const b = uniqueAccount("life");
    const { outs } = await created({ email: a.email, website: [a.website, b.website] });
    expect(hostnamesOf(outs)).toEqual([a.hostname, b.hostname]);
    expect(Object.keys(siteKeys(outs))).toEqual([a.website, b.website]);
    expect(outs.details.source).toBe("provisioned");
    expect(emulator.counters().totalKeysIssued).toBe(2);
  });

  it("several sites where one already has its key: the issued keys are kept (KeyIssuedButIncompleteError)", async () => {
    const a = uniqueAccount("life");
    const b = uniqueAccount("life");
    await created({ email: a.email, website: a.website });
    emulator.advanceClock(11 * MINUTE_MS);
    const inputs = checkOk({}, { email: a.email, website: [a.website, b.website] });
    const error = await rejectionOf(lifecycle.create(inputs));
    expect(error).toBeInstanceOf(KeyIssuedButIncompleteError);
    const incomplete = error as KeyIssuedButIncompleteError;
    expect(incomplete.properties.details.keyStatus).toBe("invalid");
    expect(Object.keys(siteKeys(incomplete.properties))).toEqual([b.website]);
    expect(incomplete.id).toContain(b.hostname);
    expect(incomplete.reasons.join(" ")).toContain(a.hostname);
    for (const secret of [...issuedSecrets(emulator), a.email]) expect(incomplete.message).not.toContain(secret);
  });
});

describe("dynamicProvider (the runtime the serialised shim delegates to)", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it("configure points it at the emulator; check/create/read/diff/update/delete work through it", async () => {
    await dynamicProvider.configure({ config: { get: (key: string) => ({ "cleantalk:apiUrl": emulator.url, "cleantalk:maxAttempts": "2" })[key] } });
    const site = uniqueAccount("runtime");
    const program = { email: site.email, website: site.website, __provider: "serialised provider text" };

    const checked = await dynamicProvider.check({}, program);
    expect(checked.failures).toEqual([]);
    const { id, outs } = await dynamicProvider.create(checked.inputs);
    expect(emulator.issued().authKeys).toEqual([outs.credentials.authKey]);

    const read = await dynamicProvider.read(id, outs as unknown as Record<string, unknown>);
    expect(read.props.details.keyStatus).toBeUndefined();

    const again = await dynamicProvider.check(checked.inputs, program);
    expect(await dynamicProvider.diff(id, outs as unknown as Record<string, unknown>, again.inputs)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });

    const relabelled = await dynamicProvider.check(checked.inputs, { ...program, label: "x" });
    const updated = await dynamicProvider.update(id, outs as unknown as Record<string, unknown>, relabelled.inputs);
    expect(updated.outs.label).toBe("x");

    const before = apiRequests(emulator);
    await dynamicProvider.delete(id, outs as unknown as Record<string, unknown>);
    expect(apiRequests(emulator)).toBe(before);
  });

  it("configure refuses an insecure endpoint", async () => {
    const error = await rejectionOf(
      dynamicProvider.configure({ config: { get: (key: string) => (key === "cleantalk:apiUrl" ? "http://api.example.com" : undefined) } }),
    );
    expect(CleantalkError.isInstance(error) && error.code).toBe("INSECURE_ENDPOINT");
  });
});
