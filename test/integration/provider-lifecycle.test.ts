import { type RunningEmulator, startEmulator } from "../../emulator";
import {
  type CleantalkClient,
  CleantalkError,
  createDynamicProvider,
  type DynamicProvider,
  dynamicProvider,
  IncompleteKeyError,
  type KeyRecord,
  keyFingerprint,
  keyRecordCodec,
  ProviderRuntime,
  UNKNOWN_VALUE,
} from "../../provider";
import { hostnamesOf } from "../../provider/domain/site-keys";
import { EngineReplay, failed, PreviewRefused, type StoredResource, succeeded } from "../support/engine-replay";
import { apiRequests, emulatorClient, issuedSecrets, uniqueAccount } from "../support/provider-emulator";
import { DAY_MS, errorTexts, fakeKey, fakeToken, rejectionOf, TestClock } from "../support/provider-fixtures";

const MINUTE_MS = 60_000;
const START = "2025-03-01T00:00:00.000Z";

type Program = Record<string, unknown>;

/**
 * The provider as the engine drives it, against the emulator in its DEFAULT (documented) mode:
 * for a site the account already has, get_api_key hands back the same key for ten minutes,
 * then account_exists, and never a new key; keys stop validating after 365 days. One clock
 * drives both the provider and the emulator.
 */
describe("the provider runtime on the emulator, replaying the engine", () => {
  const clock = new TestClock(START);
  let emulator: RunningEmulator;
  let client: CleantalkClient;
  let provider: DynamicProvider;
  let engine: EngineReplay;
  const notes: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => clock.now().getTime() });
    client = emulatorClient(emulator);
  });
  beforeEach(async () => {
    emulator.reset();
    clock.set(START);
    // One provider process per test: its rotation ledger lives as long as one deployment.
    const runtime = new ProviderRuntime({ now: clock.now, env: {}, warn: (line) => notes.push(line), debug: (line) => notes.push(line) });
    provider = createDynamicProvider(runtime);
    await provider.configure({ config: { get: (key: string) => ({ "cleantalk:apiUrl": emulator.url, "cleantalk:maxAttempts": "2" })[key] } });
    engine = new EngineReplay(provider);
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  function program(site: { email: string; website: string }, extra: Program = {}): Program {
    return { email: site.email, website: site.website, ...extra };
  }

  async function created(inputs: Program): Promise<StoredResource> {
    return succeeded(await engine.create(inputs)).resource;
  }

  /** The stored outputs, decoded as the provider reads them. */
  function recordOf(resource: StoredResource): KeyRecord {
    return keyRecordCodec.parse(resource.outputs);
  }

  function storedDetails(resource: StoredResource): Record<string, unknown> {
    return resource.outputs.details as Record<string, unknown>;
  }

  function storedCredentials(resource: StoredResource): Record<string, unknown> {
    return resource.outputs.credentials as Record<string, unknown>;
  }

  /** API requests a block makes, per method. */
  async function requestsDuring<T>(block: () => Promise<T>): Promise<{ result: T; total: number; getApiKey: number; noticePaidTill: number }> {
    const before = emulator.counters().requests;
    const result = await block();
    const after = emulator.counters().requests;
    const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
    return { result, total: delta("total"), getApiKey: delta("get_api_key"), noticePaidTill: delta("notice_paid_till") };
  }

  function expectCode(error: unknown, code: string): CleantalkError {
    expect(CleantalkError.isInstance(error) && error.code).toBe(code);
    return error as CleantalkError;
  }

  function expectNoSecrets(error: unknown, extra: readonly string[] = []): void {
    for (const text of errorTexts(error)) for (const secret of [...issuedSecrets(emulator), ...extra]) expect(text).not.toContain(secret);
  }

  it("runs against the emulator's documented default: no new key through the API for a known site", () => {
    expect(emulator.config()).toMatchObject({ sameKeyWindowMs: 10 * MINUTE_MS, keyLifetimeMs: 365 * DAY_MS, reissueAfterExpiry: false });
    expect(emulator.clock().now).toBe(START);
  });

  it("create provisions a key with its schedule and a non-secret id, and stores it lean", async () => {
    const site = uniqueAccount("life");
    const stored = await created(program(site, { label: "forms" }));
    const { id, outputs, inputs } = stored;
    const issued = emulator.issued();
    const credentials = storedCredentials(stored);
    const authKey = credentials.authKey as string;
    const salt = credentials.salt as string;
    expect(issued.authKeys).toEqual([authKey]);
    expect(outputs).toMatchObject({
      email: site.email,
      website: [site.website],
      label: "forms",
      details: {
        source: "provisioned",
        createdAt: START,
        expiresAt: "2026-03-01T00:00:00.000Z",
        rotateAfter: "2026-01-30T00:00:00.000Z",
        fingerprint: keyFingerprint(authKey, salt),
      },
    });
    // The fingerprint is keyed with the secret salt, which lives in the secret credentials only.
    expect(salt.length).toBeGreaterThanOrEqual(16);
    expect(keyFingerprint(authKey, `${salt}x`)).not.toBe(storedDetails(stored).fingerprint);
    expect(JSON.stringify(outputs.details)).not.toContain(salt);
    // One site: the per-site map is rebuilt, not stored.
    expect(credentials).not.toHaveProperty("sites");
    // What decoding fills in is not stored: a valid status, the URL's host names, the state
    // while current, no pending sites, an exact creation time.
    for (const field of ["keyStatus", "hostnames", "rotationState", "pendingSites", "createdAtEstimated"]) expect(outputs.details).not.toHaveProperty(field);
    expect(hostnamesOf(outputs.website as string[], undefined)).toEqual([site.hostname]);
    // Settings at their defaults are not stored.
    for (const setting of ["productName", "maxAge", "renewBefore", "rotationTriggers", "platform"]) expect(outputs).not.toHaveProperty(setting);
    for (const setting of ["productName", "maxAge", "renewBefore", "rotationTriggers", "platform"]) expect(inputs).not.toHaveProperty(setting);
    const record = recordOf(stored);
    expect(record.credentials.sites).toEqual({ [site.website]: { hostname: site.hostname, authKey } });
    expect(record.details).toMatchObject({
      keyStatus: "valid",
      rotationState: "current",
      hostnames: [site.hostname],
      pendingSites: [],
      createdAtEstimated: false,
    });
    expect(credentials.userToken).toBe(issued.userTokens[0]);
    expect(credentials.passwordHash).toBe(issued.passwordHashes[0]);
    expect(typeof storedDetails(stored).serviceId).toBe("number");
    expect(id).toBe(`anti-spam/${site.hostname}/${storedDetails(stored).fingerprint}`);
    for (const secret of [...issuedSecrets(emulator), salt]) expect(id).not.toContain(secret);
  });

  it("current: a plan (check + diff) 100 days on reports no changes and makes zero API calls", async () => {
    const site = uniqueAccount("life");
    const stored = await created(program(site));
    clock.advance(100 * DAY_MS);
    const { result: plan, total } = await requestsDuring(() => engine.preview(stored, program(site)));
    expect(total).toBe(0);
    expect(plan.inputs).toEqual(stored.inputs);
    expect(plan.diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(plan.step).toBe("same");
  });

  describe("due (rotateAfter ≤ now < expiresAt)", () => {
    it("is not replaced: one in-place update records rotationState, with no API call at all; later plans are quiet", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      const before = storedDetails(stored);
      clock.set(before.rotateAfter as string);

      const { result, total } = await requestsDuring(() => engine.up(stored, program(site)));
      const { step, resource: updated } = succeeded(result);
      expect(total).toBe(0);
      expect(step).toBe("update");
      expect(updated.id).toBe(stored.id);
      expect(updated.outputs.credentials).toEqual(stored.outputs.credentials);
      expect(storedDetails(updated)).toEqual({ ...before, rotationState: "due" });
      expect(recordOf(updated).details.rotationState).toBe("due");

      // Every later plan while due: nothing to do, no API call, until it expires.
      for (const days of [0, 10, 29]) {
        clock.set(new Date(Date.parse(before.rotateAfter as string) + days * DAY_MS));
        const { result: plan, total: calls } = await requestsDuring(() => engine.preview(updated, program(site)));
        expect(calls).toBe(0);
        expect(plan.diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
      }
      expect(emulator.counters().requests.get_api_key).toBe(1);
      expect(emulator.counters().totalKeysIssued).toBe(1);
    });

    it("a refresh while due keeps the key valid and records the state", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      clock.set(storedDetails(stored).rotateAfter as string);
      const { result: refreshed, noticePaidTill, getApiKey } = await requestsDuring(() => engine.refresh(stored));
      expect([noticePaidTill, getApiKey]).toEqual([1, 0]);
      expect(storedDetails(refreshed)).toEqual({ ...storedDetails(stored), rotationState: "due" });
      expect((await engine.preview(refreshed, program(site))).diff.changes).toBe(false);
    });

    it("with a different key supplied (generated in the dashboard): replaced by adoption, validated with notice_paid_till, no get_api_key", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      clock.set(storedDetails(stored).rotateAfter as string);
      const due = succeeded(await engine.up(stored, program(site))).resource;
      clock.advance(DAY_MS);
      const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });

      const plan = await engine.preview(due, program(site, { authKey: dashboardKey }));
      expect(plan.diff).toEqual({ changes: true, replaces: ["authKey"], deleteBeforeReplace: false });
      const { result, getApiKey, noticePaidTill } = await requestsDuring(() => engine.up(due, program(site, { authKey: dashboardKey })));
      const { step, resource: adopted } = succeeded(result);
      expect([step, getApiKey, noticePaidTill]).toEqual(["replace", 0, 1]);
      const record = recordOf(adopted);
      expect(record.credentials.authKey).toBe(dashboardKey);
      expect(record.details).toMatchObject({
        source: "supplied",
        createdAt: clock.now().toISOString(),
        expiresAt: new Date(clock.now().getTime() + 365 * DAY_MS).toISOString(),
        rotationState: "current",
        keyStatus: "valid",
        createdAtEstimated: false,
      });
      expect(record.details.fingerprint).toBe(keyFingerprint(dashboardKey, record.credentials.salt));
      expect(adopted.id).not.toBe(due.id);
      // The same program again: nothing to do.
      expect((await engine.preview(adopted, program(site, { authKey: dashboardKey }))).step).toBe("same");
    });
  });

  describe("expired (now ≥ expiresAt)", () => {
    it("with no new key from the API, the planned replacement fails KEY_EXPIRED after asking get_api_key; nothing is stored", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      const snapshot = JSON.stringify(stored);
      clock.set(storedDetails(stored).expiresAt as string);

      const plan = await engine.preview(stored, program(site));
      expect(plan.diff).toEqual({ changes: true, replaces: ["expiresAt"], deleteBeforeReplace: false });
      const { result, getApiKey } = await requestsDuring(() => engine.up(stored, program(site)));
      const { step, error, resource } = failed(result);
      expect(step).toBe("replace");
      expect(getApiKey).toBe(1);
      const refusal = expectCode(error, "KEY_EXPIRED");
      expect(refusal.message).toMatch(new RegExp(`^KEY_EXPIRED: The key for ${site.hostname} is past its maxAge and CleanTalk's API gave no new one`));
      expect(refusal.message).toContain('"Change the Access key" → "Generate key"');
      expect(refusal.message).toContain("pulumi config set --secret cleantalkAuthKey <new key>");
      expect(refusal.message).toContain('maxAge: "never"');
      // The engine shows a failed create's message only: it names no internal file.
      expect(refusal.message).not.toMatch(/provider\/|\.ts:\d/);
      expectNoSecrets(error, [site.email]);
      expect(JSON.stringify(resource)).toBe(snapshot);
      expect(emulator.counters().totalKeysIssued).toBe(1);
      // The next up decides again, and fails the same way.
      expectCode(failed(await engine.up(stored, program(site))).error, "KEY_EXPIRED");
    });

    it("a key CleanTalk hands back (phase 2: maxAge shorter than the same-key window) is not taken: KEY_EXPIRED", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site, { maxAge: "5m" }));
      expect(storedDetails(stored)).toMatchObject({ expiresAt: "2025-03-01T00:05:00.000Z", rotateAfter: "2025-03-01T00:03:45.000Z" });
      clock.advance(5 * MINUTE_MS);
      const { error, resource } = failed(await engine.up(stored, program(site, { maxAge: "5m" })));
      expectCode(error, "KEY_EXPIRED");
      expect(resource).toBe(stored);
      expect(emulator.counters().totalKeysIssued).toBe(1);
    });

    it("with the emulator's reissueAfterExpiry option (an assumption CleanTalk does not document), the replacement takes the new key", async () => {
      emulator.configure({ reissueAfterExpiry: true });
      try {
        const site = uniqueAccount("life");
        const stored = await created(program(site));
        const snapshot = JSON.stringify(stored);
        const old = recordOf(stored);
        clock.set(old.details.expiresAt ?? "");

        const { step, resource: next } = succeeded(await engine.up(stored, program(site)));
        expect(step).toBe("replace");
        const record = recordOf(next);
        expect(record.credentials.authKey).not.toBe(old.credentials.authKey);
        expect(emulator.issued().authKeys).toEqual([old.credentials.authKey, record.credentials.authKey]);
        expect(record.details.fingerprint).not.toBe(old.details.fingerprint);
        expect(next.id).not.toBe(stored.id);
        expect(record.details).toMatchObject({ source: "provisioned", createdAt: clock.now().toISOString(), createdAtEstimated: false });
        expect(record.details.rotateAfter).toBe(new Date(clock.now().getTime() + 335 * DAY_MS).toISOString());
        expect(JSON.stringify(stored)).toBe(snapshot);
        // The engine then plans against the new key: nothing to do, and a refresh finds it valid.
        expect((await engine.preview(next, program(site))).step).toBe("same");
        expect(recordOf(await engine.refresh(next)).details.keyStatus).toBe("valid");
      } finally {
        emulator.configure({ reissueAfterExpiry: false });
      }
    });

    it("a supplied key that is the one expiring supplies nothing: the API is asked, KEY_EXPIRED", async () => {
      const site = uniqueAccount("life");
      const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
      const stored = await created(program(site, { authKey: dashboardKey }));
      clock.set(storedDetails(stored).expiresAt as string);
      const { result, getApiKey, noticePaidTill } = await requestsDuring(() => engine.up(stored, program(site, { authKey: dashboardKey })));
      expectCode(failed(result).error, "KEY_EXPIRED");
      expect([getApiKey, noticePaidTill]).toEqual([1, 0]);
    });
  });

  describe("rotationTriggers changed (an explicit demand for a new key)", () => {
    async function demanded() {
      const site = uniqueAccount("life");
      const stored = await created(program(site, { rotationTriggers: { n: "1" } }));
      const snapshot = JSON.stringify(stored);
      clock.advance(MINUTE_MS);
      const next = program(site, { rotationTriggers: { n: "2" } });
      const plan = await engine.preview(stored, next);
      expect(plan.diff).toEqual({ changes: true, replaces: ["rotationTriggers"], deleteBeforeReplace: false });
      return { site, stored, snapshot, next };
    }

    it("within the same-key window CleanTalk hands back the key in use → KEY_NOT_ROTATED with the dashboard steps; state untouched", async () => {
      const { site, stored, snapshot, next } = await demanded();
      const { result, getApiKey } = await requestsDuring(() => engine.up(stored, next));
      const { error, resource } = failed(result);
      expect(getApiKey).toBe(1);
      const refusal = expectCode(error, "KEY_NOT_ROTATED");
      expect(refusal.message).toMatch(
        new RegExp(`^KEY_NOT_ROTATED: A new key was demanded for ${site.hostname}, but CleanTalk handed back the key already in use`),
      );
      expect(refusal.message).toContain('"Change the Access key" → "Generate key"');
      expect(refusal.message).toContain("pulumi config set --secret");
      expectNoSecrets(error, [site.email]);
      expect(JSON.stringify(resource)).toBe(snapshot);
      expect(emulator.counters().totalKeysIssued).toBe(1);
    });

    it("after the window (account_exists) → ACCOUNT_EXISTS with the dashboard steps; state untouched", async () => {
      const { site, stored, snapshot, next } = await demanded();
      clock.advance(11 * MINUTE_MS);
      const { error, resource } = failed(await engine.up(stored, next));
      const refusal = expectCode(error, "ACCOUNT_EXISTS");
      expect(refusal.message).toContain(`account_exists for ${site.hostname}`);
      expect(refusal.message).toContain('"Generate key"');
      expect(refusal.message).toContain("Nothing was changed");
      expect(refusal.message).toContain("pulumi state rename");
      expectNoSecrets(error, [site.email]);
      expect(JSON.stringify(resource)).toBe(snapshot);
    });

    it("the way out: a key generated in the dashboard, supplied with the new triggers, is adopted", async () => {
      const { site, stored, next } = await demanded();
      const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
      const plan = await engine.preview(stored, { ...next, authKey: dashboardKey });
      expect(plan.diff.replaces).toEqual(["rotationTriggers"]);
      const { resource } = succeeded(await engine.up(stored, { ...next, authKey: dashboardKey }));
      expect(recordOf(resource)).toMatchObject({ rotationTriggers: { n: "2" }, credentials: { authKey: dashboardKey }, details: { source: "supplied" } });
      expect(resource.outputs.rotationTriggers).toEqual({ n: "2" });
    });

    it("new triggers with the same supplied key are refused at check (preview), with no API call", async () => {
      const site = uniqueAccount("life");
      const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
      const stored = await created(program(site, { authKey: dashboardKey, rotationTriggers: { n: "1" } }));
      const { result, total } = await requestsDuring(() =>
        rejectionOf(engine.preview(stored, program(site, { authKey: dashboardKey, rotationTriggers: { n: "2" } }))),
      );
      expect(total).toBe(0);
      expect(result).toBeInstanceOf(PreviewRefused);
      const failures = (result as PreviewRefused).failures;
      expect(failures.map((f) => f.property)).toEqual(["authKey"]);
      expect(failures[0]?.reason.startsWith("KEY_NOT_ROTATED: ")).toBe(true);
      expect(failures[0]?.reason).not.toContain(dashboardKey);
    });
  });

  describe("invalid (a refresh found valid: 0 or error_no 12)", () => {
    async function regenerated() {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      clock.advance(MINUTE_MS);
      const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
      const { result: refreshed, noticePaidTill } = await requestsDuring(() => engine.refresh(stored));
      expect(noticePaidTill).toBe(1);
      return { site, stored, dashboardKey, refreshed };
    }

    it("refresh after a dashboard regeneration records keyStatus invalid without throwing; the next plan replaces it", async () => {
      const { site, stored, refreshed } = await regenerated();
      expect(refreshed.id).toBe(stored.id);
      expect(storedDetails(refreshed)).toEqual({ ...storedDetails(stored), keyStatus: "invalid", rotationState: "invalid" });
      expect(refreshed.outputs.credentials).toEqual(stored.outputs.credentials);
      expect(refreshed.inputs).toEqual(stored.inputs);
      expect(notes.some((line) => line.includes(`key ${storedDetails(stored).fingerprint} is no longer accepted`))).toBe(true);
      const { result: plan, total } = await requestsDuring(() => engine.preview(refreshed, program(site)));
      expect(total).toBe(0);
      expect(plan.diff).toEqual({ changes: true, replaces: ["keyStatus"], deleteBeforeReplace: false });
    });

    it("within the same-key window get_api_key hands back the dashboard's key (not the one replaced), which is taken", async () => {
      const { site, refreshed, dashboardKey } = await regenerated();
      const { resource } = succeeded(await engine.up(refreshed, program(site)));
      const record = recordOf(resource);
      expect(record.credentials.authKey).toBe(dashboardKey);
      expect(record.details).toMatchObject({ source: "existing-site", keyStatus: "valid", rotationState: "current", createdAtEstimated: true });
      expect(storedDetails(resource).createdAtEstimated).toBe(true);
      expect(storedDetails(resource)).not.toHaveProperty("keyStatus");
    });

    it("past the same-key window and with no key supplied: KEY_INVALID, state unchanged", async () => {
      const { site, refreshed } = await regenerated();
      clock.advance(11 * MINUTE_MS);
      const snapshot = JSON.stringify(refreshed);
      const { result, getApiKey } = await requestsDuring(() => engine.up(refreshed, program(site)));
      const { error, resource } = failed(result);
      expect(getApiKey).toBe(1);
      const refusal = expectCode(error, "KEY_INVALID");
      expect(refusal.message).toMatch(new RegExp(`^KEY_INVALID: CleanTalk no longer accepts the key for ${site.hostname}`));
      expect(refusal.message).toContain('"Generate key"');
      expectNoSecrets(error, [site.email]);
      expect(JSON.stringify(resource)).toBe(snapshot);
    });

    it("with the new key supplied: adopted (validated), valid again", async () => {
      const { site, refreshed, dashboardKey } = await regenerated();
      clock.advance(11 * MINUTE_MS);
      const plan = await engine.preview(refreshed, program(site, { authKey: dashboardKey }));
      expect(plan.diff.replaces).toEqual(["authKey"]);
      const { result, getApiKey, noticePaidTill } = await requestsDuring(() => engine.up(refreshed, program(site, { authKey: dashboardKey })));
      const record = recordOf(succeeded(result).resource);
      expect([getApiKey, noticePaidTill]).toEqual([0, 1]);
      expect(record.credentials.authKey).toBe(dashboardKey);
      expect(record.details).toMatchObject({ source: "supplied", keyStatus: "valid", rotationState: "current" });
    });

    it("an adopted key regenerated in the dashboard: refresh and the next plan (same authKey) do not throw; create fails KEY_INVALID; the newest key is adopted", async () => {
      const site = uniqueAccount("life");
      const first = emulator.generateKey({ email: site.email, website: site.website });
      const stored = await created(program(site, { authKey: first }));
      clock.advance(DAY_MS);
      const second = emulator.generateKey({ email: site.email, website: site.website });
      const refreshed = await engine.refresh(stored);
      expect(storedDetails(refreshed).keyStatus).toBe("invalid");
      const plan = await engine.preview(refreshed, program(site, { authKey: first }));
      expect(plan.diff.replaces).toEqual(["keyStatus"]);
      clock.advance(11 * MINUTE_MS);
      // The supplied key is the one being replaced, so it supplies nothing: the API is asked.
      const { result, getApiKey, noticePaidTill } = await requestsDuring(() => engine.up(refreshed, program(site, { authKey: first })));
      expectCode(failed(result).error, "KEY_INVALID");
      expect([getApiKey, noticePaidTill]).toEqual([1, 0]);
      const { resource } = succeeded(await engine.up(refreshed, program(site, { authKey: second })));
      expect(recordOf(resource).credentials.authKey).toBe(second);
    });

    it("notice_paid_till's error_no 12 counts as invalid: refresh records it without throwing", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      emulator.injectFault({ kind: "error", errorNo: 12, errorMessage: "Invalid key.", methods: ["notice_paid_till"] });
      const refreshed = await engine.refresh(stored);
      expect(storedDetails(refreshed)).toMatchObject({ keyStatus: "invalid", rotationState: "invalid" });
      expect(emulator.counters().faultsInjected).toBe(1);
      expect((await engine.preview(refreshed, program(site))).diff.replaces).toEqual(["keyStatus"]);
    });

    it("a key past CleanTalk's lifetime is found invalid by refresh (valid: 0, renew: 1)", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site, { maxAge: "never" }));
      clock.advance(365 * DAY_MS);
      expect(storedDetails(await engine.refresh(stored))).toMatchObject({ keyStatus: "invalid", rotationState: "invalid" });
    });

    it("refresh of a valid key keeps it valid and changes nothing", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      expect(await engine.refresh(stored)).toEqual(stored);
    });
  });

  it('maxAge "never": no dates, never due, no API call ten years on', async () => {
    const site = uniqueAccount("life");
    const stored = await created(program(site, { maxAge: "never" }));
    expect(stored.outputs.maxAge).toBe("never");
    expect(stored.inputs.maxAge).toBe("never");
    expect(storedDetails(stored)).not.toHaveProperty("expiresAt");
    expect(storedDetails(stored)).not.toHaveProperty("rotateAfter");
    clock.advance(10 * 365 * DAY_MS);
    const { result: plan, total } = await requestsDuring(() => engine.preview(stored, program(site, { maxAge: "never" })));
    expect(total).toBe(0);
    expect(plan.step).toBe("same");
    expect(recordOf(stored).details.rotationState).toBe("current");
  });

  it('switching a due key to maxAge "never" is an in-place update back to current, without an API call', async () => {
    const site = uniqueAccount("life");
    const stored = await created(program(site));
    clock.set(storedDetails(stored).rotateAfter as string);
    const { result, total } = await requestsDuring(() => engine.up(stored, program(site, { maxAge: "never" })));
    const { step, resource } = succeeded(result);
    expect([step, total]).toEqual(["update", 0]);
    expect(resource.outputs.maxAge).toBe("never");
    expect(storedDetails(resource)).not.toHaveProperty("expiresAt");
    expect(storedDetails(resource)).not.toHaveProperty("rotationState");
    expect(recordOf(resource).credentials.authKey).toBe(recordOf(stored).credentials.authKey);
  });

  describe("a key CleanTalk hands back (phase 2)", () => {
    it("a replacement the engine forces (no reason of ours; e.g. --replace) keeps the key's real createdAt", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      const old = recordOf(stored);
      clock.advance(5 * MINUTE_MS);
      const plan = await engine.preview(stored, program(site), { replace: true });
      expect(plan.diff.changes).toBe(false);
      const { step, resource } = succeeded(await engine.up(stored, program(site), { replace: true }));
      expect(step).toBe("replace");
      const record = recordOf(resource);
      expect(record.credentials.authKey).toBe(old.credentials.authKey);
      expect(record.details).toMatchObject({
        createdAt: START,
        expiresAt: old.details.expiresAt,
        rotateAfter: old.details.rotateAfter,
        createdAtEstimated: false,
        source: "existing-site",
      });
      expect(storedDetails(resource)).not.toHaveProperty("createdAtEstimated");
      expect(emulator.counters().totalKeysIssued).toBe(1);
    });

    it("a forced replacement after the window cannot get the key back: ACCOUNT_EXISTS, state unchanged", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      clock.advance(11 * MINUTE_MS);
      const { error, resource } = failed(await engine.up(stored, program(site), { replace: true }));
      expectCode(error, "ACCOUNT_EXISTS");
      expect(resource).toBe(stored);
    });

    it("a new resource handed back a key issued shortly before (an interrupted up) records createdAtEstimated", async () => {
      const site = uniqueAccount("life");
      const first = await client.getApiKey({ email: site.email, websites: [site.website], productName: "anti-spam" });
      expect(first.phase).toBe("issued");
      clock.advance(3 * MINUTE_MS);
      const stored = await created(program(site));
      const record = recordOf(stored);
      expect(record.credentials.authKey).toBe(emulator.issued().authKeys[0]);
      expect(record.credentials).not.toHaveProperty("passwordHash");
      expect(record.details).toMatchObject({ source: "existing-site", createdAt: clock.now().toISOString(), createdAtEstimated: true });
      expect(storedDetails(stored).createdAtEstimated).toBe(true);
      expect(emulator.counters().totalKeysIssued).toBe(1);
    });
  });

  describe("adopting a key from the dashboard (authKey)", () => {
    it("a new resource: validated with notice_paid_till, no get_api_key", async () => {
      const site = uniqueAccount("life");
      const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
      const { result, getApiKey, noticePaidTill } = await requestsDuring(() => engine.create(program(site, { authKey: dashboardKey })));
      const stored = succeeded(result).resource;
      expect([getApiKey, noticePaidTill]).toEqual([0, 1]);
      expect(stored.outputs).toMatchObject({ credentials: { authKey: dashboardKey }, details: { source: "supplied" } });
      expect(storedDetails(stored)).not.toHaveProperty("keyStatus");
      expect(recordOf(stored).details.hostnames).toEqual([site.hostname]);
      expect(typeof storedCredentials(stored).userToken).toBe("string");
      expect(storedCredentials(stored)).not.toHaveProperty("passwordHash");
      // The supplied key is kept in the inputs (the SDK sends it as a secret).
      expect(stored.inputs.authKey).toBe(dashboardKey);
    });

    it("a current key and a new dashboard key: replaced by adoption", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
      clock.advance(MINUTE_MS);
      const plan = await engine.preview(stored, program(site, { authKey: dashboardKey }));
      expect(plan.diff.replaces).toEqual(["authKey"]);
      const record = recordOf(succeeded(await engine.up(stored, program(site, { authKey: dashboardKey }))).resource);
      expect(record.details.fingerprint).toBe(keyFingerprint(dashboardKey, record.credentials.salt));
      expect(record.details.source).toBe("supplied");
    });

    it("supplying the key already in use changes nothing and calls nothing", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      clock.advance(MINUTE_MS);
      const inUse = recordOf(stored).credentials.authKey;
      const { result, total } = await requestsDuring(() => engine.up(stored, program(site, { authKey: inUse })));
      const { step, resource } = succeeded(result);
      expect([step, total]).toEqual(["same", 0]);
      expect(resource.outputs).toEqual(stored.outputs);
    });

    it("an invalid supplied key is refused as KEY_REJECTED without repeating it", async () => {
      const site = uniqueAccount("life");
      const wrong = fakeKey(`never-issued-${site.hostname}`);
      const { error, resource } = failed(await engine.create(program(site, { authKey: wrong })));
      expect(resource).toBeUndefined();
      const refusal = expectCode(error, "KEY_REJECTED");
      expect(refusal.message).toContain(site.hostname);
      expect(refusal.message).toContain("(notice_paid_till: not valid)");
      for (const text of errorTexts(error)) expect(text).not.toContain(wrong);
      expect(emulator.counters().totalKeysIssued).toBe(0);
    });

    it("a key for another site is refused as KEY_REJECTED", async () => {
      const other = uniqueAccount("life");
      const otherKey = emulator.generateKey({ email: other.email, website: other.website });
      const site = uniqueAccount("life");
      expectCode(failed(await engine.create(program(site, { authKey: otherKey }))).error, "KEY_REJECTED");
    });

    it("notice_paid_till's error_no 12 for a supplied key is a refusal (KEY_REJECTED), not an API error", async () => {
      const site = uniqueAccount("life");
      const dashboardKey = emulator.generateKey({ email: site.email, website: site.website });
      emulator.injectFault({ kind: "error", errorNo: 12, errorMessage: "Invalid key.", methods: ["notice_paid_till"] });
      expectCode(failed(await engine.create(program(site, { authKey: dashboardKey }))).error, "KEY_REJECTED");
    });
  });

  it("inputs still unknown at preview: an unknown identity plans a replacement, an unknown authKey an update; no API call", async () => {
    const site = uniqueAccount("life");
    const stored = await created(program(site));
    const { result, total } = await requestsDuring(async () => ({
      website: await engine.preview(stored, program(site, { website: UNKNOWN_VALUE })),
      authKey: await engine.preview(stored, program(site, { authKey: UNKNOWN_VALUE })),
    }));
    expect(total).toBe(0);
    expect(result.website.diff).toEqual({ changes: true, replaces: ["website"], deleteBeforeReplace: false });
    expect(result.authKey.diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(result.authKey.inputs.authKey).toBe(UNKNOWN_VALUE);
  });

  describe("in-place updates and delete", () => {
    it("update of label and maxAge recomputes the times without API calls", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site, { label: "old" }));
      clock.advance(10 * DAY_MS);
      expect((await engine.preview(stored, program(site, { label: "new", maxAge: "200d" }))).diff).toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
      const { result, total } = await requestsDuring(() => engine.up(stored, program(site, { label: "new", maxAge: "200d" })));
      const { step, resource: updated } = succeeded(result);
      expect([step, total]).toEqual(["update", 0]);
      expect(updated.outputs).toMatchObject({
        credentials: stored.outputs.credentials,
        label: "new",
        maxAge: "200d",
        details: {
          fingerprint: storedDetails(stored).fingerprint,
          createdAt: START,
          expiresAt: "2025-09-17T00:00:00.000Z",
          rotateAfter: "2025-08-18T00:00:00.000Z",
        },
      });
      // Back to the defaults: the settings leave the stored outputs and the times follow.
      const { step: again, resource: reverted } = succeeded(await engine.up(updated, program(site)));
      expect(again).toBe("update");
      expect(reverted.outputs).not.toHaveProperty("maxAge");
      expect(reverted.outputs).not.toHaveProperty("label");
      expect(storedDetails(reverted).expiresAt).toBe(storedDetails(stored).expiresAt);
      expect((await engine.preview(reverted, program(site))).step).toBe("same");
    });

    it("a maxAge that makes the key due now is an update recording it, not a replacement", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      clock.advance(100 * DAY_MS);
      const { step, resource } = succeeded(await engine.up(stored, program(site, { maxAge: "110d" })));
      expect(step).toBe("update");
      expect(storedDetails(resource)).toMatchObject({ rotationState: "due", expiresAt: "2025-06-19T00:00:00.000Z" });
    });

    it("delete makes no API call", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      const { total } = await requestsDuring(() => engine.destroy(stored));
      expect(total).toBe(0);
      expect(notes.some((line) => line.includes(`forgot key ${storedDetails(stored).fingerprint}`))).toBe(true);
    });
  });

  describe("several sites on one key", () => {
    it("a new account: one create, a key per site, the per-site map stored", async () => {
      const a = uniqueAccount("life");
      const b = uniqueAccount("life");
      const { result, getApiKey } = await requestsDuring(() => engine.create({ email: a.email, website: [a.website, b.website] }));
      const stored = succeeded(result).resource;
      expect(getApiKey).toBe(1);
      const record = recordOf(stored);
      expect(record.details.hostnames).toEqual([a.hostname, b.hostname]);
      expect(Object.keys(record.credentials.sites)).toEqual([a.website, b.website]);
      expect(storedCredentials(stored).sites).toEqual(record.credentials.sites);
      expect(record.credentials.authKey).toBe(record.credentials.sites[a.website]?.authKey);
      expect(record.details.source).toBe("provisioned");
      expect(emulator.counters().totalKeysIssued).toBe(2);
      expect(new Set(emulator.issued().authKeys)).toEqual(new Set(Object.values(record.credentials.sites).map((s) => s.authKey)));
    });

    it("per-site dashboard keys are adopted through an authKey map", async () => {
      const a = uniqueAccount("life");
      const b = uniqueAccount("life");
      const sites = { email: a.email, website: [a.website, b.website] };
      const stored = await created(sites);
      clock.advance(DAY_MS);
      const keyA = emulator.generateKey({ email: a.email, website: a.website });
      const keyB = emulator.generateKey({ email: a.email, website: b.website });
      const adopt = { ...sites, authKey: { [a.website]: keyA, [b.website]: keyB } };
      expect((await engine.preview(stored, adopt)).diff.replaces).toEqual(["authKey"]);
      const { result, getApiKey, noticePaidTill } = await requestsDuring(() => engine.up(stored, adopt));
      const record = recordOf(succeeded(result).resource);
      expect([getApiKey, noticePaidTill]).toEqual([0, 2]);
      expect(record.credentials.sites).toEqual({ [a.website]: { hostname: a.hostname, authKey: keyA }, [b.website]: { hostname: b.hostname, authKey: keyB } });
      expect(record.credentials.authKey).toBe(keyA);
      expect(record.details).toMatchObject({ source: "supplied", pendingSites: [] });
    });

    it("a key regenerated for one site is adopted with the map; the other site keeps its key", async () => {
      const a = uniqueAccount("life");
      const b = uniqueAccount("life");
      const sites = { email: a.email, website: [a.website, b.website] };
      const stored = await created(sites);
      const keyB = recordOf(stored).credentials.sites[b.website]?.authKey ?? "";
      clock.advance(DAY_MS);
      const keyA = emulator.generateKey({ email: a.email, website: a.website });
      const adopt = { ...sites, authKey: { [a.website]: keyA, [b.website]: keyB } };
      const { result, getApiKey } = await requestsDuring(() => engine.up(stored, adopt));
      const record = recordOf(succeeded(result).resource);
      expect(getApiKey).toBe(0);
      expect(record.credentials.sites).toEqual({ [a.website]: { hostname: a.hostname, authKey: keyA }, [b.website]: { hostname: b.hostname, authKey: keyB } });
    });

    it("a partial answer (one site past the same-key window): the issued keys are kept as an init failure; keys supplied for the pending sites converge in place", async () => {
      const a = uniqueAccount("life");
      const b = uniqueAccount("life");
      // The account already has site a (e.g. a plugin registered it).
      await client.getApiKey({ email: a.email, websites: [a.website], productName: "anti-spam" });
      clock.advance(11 * MINUTE_MS);
      const sites = { email: a.email, website: [a.website, b.website] };

      const { error, resource: recorded } = failed(await engine.create(sites));
      // The adapter hands the host the record and the reasons (ErrorResourceInitFailed).
      const init = error as { id: string; properties: Record<string, unknown>; reasons: string[]; message: string };
      expect(init.reasons).toHaveLength(1);
      expect(init.reasons[0]).toMatch(
        new RegExp(`^ACCOUNT_EXISTS: CleanTalk gave keys for some sites but answered account_exists for ${a.hostname}; the keys it gave are kept in state\\.`),
      );
      expect(init.message).toBe(init.reasons[0]);
      for (const text of [init.message, ...init.reasons]) for (const secret of [...issuedSecrets(emulator), a.email]) expect(text).not.toContain(secret);
      if (recorded === undefined) throw new Error("the engine recorded nothing");
      const partial = recordOf(recorded);
      const keyB = emulator.issued().authKeys[1];
      expect(partial.credentials.sites).toEqual({ [b.website]: { hostname: b.hostname, authKey: keyB } });
      expect(partial.credentials.authKey).toBe(keyB);
      expect(partial.details.pendingSites).toEqual([a.website]);
      expect(partial.details.hostnames).toEqual([a.hostname, b.hostname]);
      expect(partial.details.keyStatus).toBe("valid");
      expect(init.id).toBe(`anti-spam/${a.hostname}/${partial.details.fingerprint}`);
      expect(recorded.initErrors).toEqual(init.reasons);

      // An up without the missing keys: updated (init errors), fails the same way, keeps the keys.
      const again = failed(await engine.up(recorded, sites));
      expect(again.step).toBe("update");
      expect((again.error as { reasons: string[] }).reasons).toEqual(init.reasons);
      if (again.resource === undefined) throw new Error("the engine kept nothing");
      expect(recordOf(again.resource).credentials.sites).toEqual(partial.credentials.sites);
      expect(again.resource.initErrors).toEqual(init.reasons);
      expect(emulator.counters().totalKeysIssued).toBe(2);

      // Keys supplied for just the pending site: an in-place update, no replacement, no get_api_key.
      const keyA = emulator.generateKey({ email: a.email, website: a.website });
      const supplied = { ...sites, authKey: { [a.website]: keyA } };
      const plan = await engine.preview(recorded, supplied);
      expect(plan.diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      const { result, getApiKey, noticePaidTill } = await requestsDuring(() => engine.up(recorded, supplied));
      const { step, resource: complete } = succeeded(result);
      expect([step, getApiKey, noticePaidTill]).toEqual(["update", 0, 1]);
      expect(complete.id).toBe(recorded.id);
      const record = recordOf(complete);
      expect(record.credentials.sites).toEqual({ [a.website]: { hostname: a.hostname, authKey: keyA }, [b.website]: { hostname: b.hostname, authKey: keyB } });
      expect(record.details.pendingSites).toEqual([]);
      expect(storedDetails(complete)).not.toHaveProperty("pendingSites");
      expect(record.details.fingerprint).toBe(partial.details.fingerprint);
      // Converged: the same program plans nothing.
      expect((await engine.preview(complete, supplied)).step).toBe("same");
    });
  });

  describe("the rotation ledger refuses the replaced key, whatever phase it comes back in", () => {
    async function triggered(website: string | string[], email: string) {
      const stored = await created({ email, website, rotationTriggers: { n: "1" } });
      clock.advance(11 * MINUTE_MS);
      return { stored, next: { email, website, rotationTriggers: { n: "2" } }, old: recordOf(stored) };
    }

    it("phase 1 (a fresh-looking answer carrying the replaced key)", async () => {
      const site = uniqueAccount("life");
      const { stored, next, old } = await triggered(site.website, site.email);
      emulator.injectFault({
        kind: "shape",
        methods: ["get_api_key"],
        body: { data: { auth_key: old.credentials.authKey, password_hash: fakeToken("ledger-hash"), user_token: fakeToken("ledger-token"), service_id: 42 } },
      });
      const { error, resource } = failed(await engine.up(stored, next));
      expectCode(error, "KEY_NOT_ROTATED");
      expectNoSecrets(error);
      expect(resource).toBe(stored);
    });

    it("phase 2 (the same key again)", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site, { rotationTriggers: { n: "1" } }));
      clock.advance(MINUTE_MS);
      expectCode(failed(await engine.up(stored, program(site, { rotationTriggers: { n: "2" } }))).error, "KEY_NOT_ROTATED");
    });

    it("the multi-site form (one site's answer is a replaced key)", async () => {
      const a = uniqueAccount("life");
      const b = uniqueAccount("life");
      const { stored, next, old } = await triggered([a.website, b.website], a.email);
      emulator.injectFault({
        kind: "shape",
        methods: ["get_api_key"],
        body: {
          data: {
            account_exists: 1,
            websites: {
              [a.website]: { hostname: a.hostname, auth_key: fakeKey("fresh-for-a") },
              [b.website]: { hostname: b.hostname, auth_key: old.credentials.sites[b.website]?.authKey },
            },
          },
        },
      });
      const { error, resource } = failed(await engine.up(stored, next));
      const refusal = expectCode(error, "KEY_NOT_ROTATED");
      expect(refusal.message).toContain(b.hostname);
      expect(refusal.message).not.toContain(a.hostname);
      expect(resource).toBe(stored);
    });

    it("a supplied key that is the replaced one, for an invalid key", async () => {
      const site = uniqueAccount("life");
      const stored = await created(program(site));
      const inUse = recordOf(stored).credentials.authKey;
      emulator.injectFault({ kind: "error", errorNo: 12, errorMessage: "Invalid key.", methods: ["notice_paid_till"] });
      const refreshed = await engine.refresh(stored);
      // Within the window the API hands the same (refused) key back: not taken.
      const { error } = failed(await engine.up(refreshed, program(site, { authKey: inUse })));
      expectCode(error, "KEY_INVALID");
    });
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
    expect(checked.inputs).not.toHaveProperty("__provider");
    const { id, outs } = await dynamicProvider.create(checked.inputs);
    expect(emulator.issued().authKeys).toEqual([(outs.credentials as { authKey: string }).authKey]);

    const read = await dynamicProvider.read(id, outs);
    expect(read).toEqual({ id, props: outs });

    const again = await dynamicProvider.check(checked.inputs, program);
    expect(await dynamicProvider.diff(id, outs, again.inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });

    const relabelled = await dynamicProvider.check(checked.inputs, { ...program, label: "x" });
    expect(await dynamicProvider.diff(id, outs, relabelled.inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await dynamicProvider.update(id, outs, relabelled.inputs);
    expect(updated.outs.label).toBe("x");

    const before = apiRequests(emulator);
    await dynamicProvider.delete(id, outs);
    expect(apiRequests(emulator)).toBe(before);
  });

  it("configure never throws on an insecure endpoint; check reports it and create refuses it", async () => {
    await expect(
      dynamicProvider.configure({ config: { get: (key: string) => (key === "cleantalk:apiUrl" ? "http://api.example.com" : undefined) } }),
    ).resolves.toBeUndefined();
    const site = uniqueAccount("runtime");
    const checked = await dynamicProvider.check({}, { email: site.email, website: site.website });
    expect(checked.failures.map((f) => [f.property, f.reason.split(":")[0]])).toEqual([["", "INSECURE_ENDPOINT"]]);
    expect(checked.failures[0]?.reason).toContain("cleantalk:apiUrl");
    const error = await rejectionOf(dynamicProvider.create({ email: site.email, website: [site.website] }));
    expect(CleantalkError.isInstance(error) && error.code).toBe("INSECURE_ENDPOINT");
    // read refuses too, and hands the host a one-line pointer for its stderr copy.
    const refused = await rejectionOf(dynamicProvider.read("id", {}));
    expect(String(refused)).toBe("[pulumi-cleantalk] a key's refresh failed");
    expect((refused as Error).stack).toBe("INSECURE_ENDPOINT, see that key's own error");
  });

  it("an incomplete multi-site create: the runtime throws IncompleteKeyError, the adapter hands the host an init failure with the record", async () => {
    const a = uniqueAccount("runtime");
    const b = uniqueAccount("runtime");
    emulator.generateKey({ email: a.email, website: a.website });
    emulator.advanceClock(11 * MINUTE_MS);
    const runtime = new ProviderRuntime({ env: {}, warn: () => {} });
    runtime.configure({ get: (key: string) => (key === "cleantalk:apiUrl" ? emulator.url : undefined) });
    const checked = runtime.check({}, { email: a.email, website: [a.website, b.website] });
    const incomplete = await rejectionOf(runtime.create(checked.inputs));
    expect(incomplete).toBeInstanceOf(IncompleteKeyError);
    const { record, reasons } = incomplete as IncompleteKeyError;
    expect(record.details.pendingSites).toEqual([a.website]);
    expect(Object.keys(record.credentials.sites)).toEqual([b.website]);

    // b's key is now inside its same-key window: the adapter's create gets the same answer.
    const error = (await rejectionOf(createDynamicProvider(runtime).create(checked.inputs))) as {
      id?: string;
      properties?: Record<string, unknown>;
      reasons?: string[];
      message?: string;
    };
    expect(error).not.toBeInstanceOf(IncompleteKeyError);
    expect(error.id).toBe(`anti-spam/${a.hostname}/${keyRecordCodec.parse(error.properties).details.fingerprint}`);
    expect(keyRecordCodec.parse(error.properties)).toMatchObject({ credentials: { sites: record.credentials.sites }, details: { pendingSites: [a.website] } });
    expect(error.reasons).toEqual(reasons);
    expect(error.message).toBe(reasons.join("\n"));
  });
});
