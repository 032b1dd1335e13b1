/**
 * The real engine in the loop: the Pulumi CLI (scripts/pulumi-cli.sh) on a
 * file:// backend, our serialised provider in Pulumi's dynamic-provider
 * process, and the emulator on loopback. Each step is checked through
 * `pulumi stack export` and the emulator's counters.
 */
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { keyFingerprint } from "../../provider";
import { accessKeys, expectSuccess, PulumiStack, stateWithoutCiphertexts } from "../support/pulumi-cli";

const program = path.join(__dirname, "programs", "key-lifecycle");
const reader = path.join(__dirname, "programs", "key-reader");
const SITE = { email: "ops@example.com", website: "https://example.com" };

jest.setTimeout(300_000);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

function everyIssuedValue(): string[] {
  const issued = emulator.issued();
  return [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes];
}

function leaksIn(text: string): string[] {
  return everyIssuedValue().filter((value) => text.includes(value));
}

/** The engine operations on one resource, in order, from `up --json`'s event stream. */
function resourceOps(eventStream: string, urnSuffix: string): string[] {
  return eventStream
    .split("\n")
    .filter((line) => line.includes("resourcePreEvent"))
    .map((line) => JSON.parse(line) as { resourcePreEvent: { metadata: { op: string; urn: string } } })
    .filter((e) => e.resourcePreEvent.metadata.urn.endsWith(urnSuffix))
    .map((e) => e.resourcePreEvent.metadata.op);
}

function sleepUntil(iso: string, marginMs: number): Promise<void> {
  const wait = new Date(iso).getTime() + marginMs - Date.now();
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
}

describe("a key through its life (default maxAge)", () => {
  let stack: PulumiStack;

  beforeAll(async () => {
    emulator.reset();
    stack = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, label: "first" } });
  });

  test("1. up creates a key, outputs are [secret], state holds no plaintext credential", async () => {
    const up = await stack.up();
    expectSuccess(up);
    expect(emulator.counters().totalKeysIssued).toBe(1);

    const outputs = await stack.outputs();
    expect(outputs.keyAuthKey).toBe("[secret]");
    expect(outputs.source).toBe("provisioned");
    const secretOutputs = await stack.outputs({ showSecrets: true });
    expect(outputs.fingerprint).toBe(keyFingerprint(String(secretOutputs.keyAuthKey)));
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);

    const raw = await stack.exportRaw();
    expect(everyIssuedValue()).toHaveLength(3);
    expect(leaksIn(raw)).toEqual([]);
    expect(leaksIn(up.stdout + up.stderr)).toEqual([]);
    const [key] = accessKeys(JSON.parse(raw));
    // authKey, userToken and passwordHash (and per-site keys) travel as one ciphertext.
    expect(key?.outputs?.credentials).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
    for (const name of ["authKey", "userToken", "passwordHash", "websites", "sites"]) expect(key?.outputs).not.toHaveProperty(name);
    expect(key?.outputs?.details).toEqual(expect.objectContaining({ fingerprint: outputs.fingerprint, source: "provisioned" }));
  });

  test("2. a second preview plans no change and makes no API call", async () => {
    const before = emulator.counters().requests.total;
    const preview = await stack.preview();
    expect(preview.raw.code).toBe(0);
    expect(preview.changeSummary).toEqual({ same: 3 });
    expect(emulator.counters().requests.total).toBe(before);
  });

  test("5a. changing label updates in place without a new key", async () => {
    const { fingerprint } = await stack.outputs();
    await stack.setConfig("label", "second");
    const preview = await stack.preview();
    expect(preview.steps.find((s) => s.urn.endsWith("::site"))?.op).toBe("update");
    // Preview cannot know an updated resource's outputs, so consumers of the
    // key may show as changing; the up itself must leave them alone.
    const up = await stack.up(["--json"]);
    expectSuccess(up);
    expect(resourceOps(up.stdout, "::site")).toEqual(["update"]);
    expect(resourceOps(up.stdout, "::app")).toEqual(["same"]);
    const outputs = await stack.outputs();
    expect(outputs.label).toBe("second");
    expect(outputs.fingerprint).toBe(fingerprint);
    expect(emulator.counters().totalKeysIssued).toBe(1);
  });

  test("5b. changing rotationTriggers rotates; an answer with the same key is refused and changes nothing", async () => {
    const { fingerprint } = await stack.outputs();
    await stack.setConfig("leak", "2026-11-22");
    // Within CleanTalk's same-key window get_api_key hands back the key in use.
    const before = stateWithoutCiphertexts(await stack.exportState());
    const refused = await stack.up();
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("handed back the key already in use");
    expect(stateWithoutCiphertexts(await stack.exportState())).toBe(before);

    // The emulator reissues once the site's key is older than this: CleanTalk's
    // key expiry, shortened.
    emulator.configure({ keyLifetimeMs: 1 });
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual(expect.objectContaining({ replace: 1 }));
    const up = await stack.up();
    expectSuccess(up);
    const outputs = await stack.outputs();
    expect(outputs.fingerprint).not.toBe(fingerprint);
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
    expect(emulator.counters().totalKeysIssued).toBe(2);
    emulator.configure({ keyLifetimeMs: 365 * 86_400_000 });
  });

  test("8. another stack reads the key through StackReference, as a secret", async () => {
    const readerStack = await PulumiStack.create({ program: reader, stack: "reader", backendDir: stack.backendDir, config: { producer: stack.referenceName } });
    const up = await readerStack.up();
    expectSuccess(up);
    const outputs = await readerStack.outputs();
    expect(outputs.authKey).toBe("[secret]");
    const producer = await stack.outputs({ showSecrets: true });
    expect((await readerStack.outputs({ showSecrets: true })).authKey).toBe(producer.keyAuthKey);
    expect(leaksIn(await readerStack.exportRaw())).toEqual([]);
  });

  test("6. refresh flags a key regenerated in the dashboard, and the next up converges", async () => {
    const dashboardKey = emulator.generateKey(SITE);
    const refresh = await stack.refresh();
    expectSuccess(refresh);
    const [flagged] = accessKeys(await stack.exportState());
    expect((flagged?.outputs?.details as { keyStatus?: string } | undefined)?.keyStatus).toBe("invalid");

    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual(expect.objectContaining({ replace: 1 }));
    const up = await stack.up();
    expectSuccess(up);
    const outputs = await stack.outputs();
    expect(outputs.keyStatus).toBe("valid");
    expect(outputs.fingerprint).toBe(keyFingerprint(dashboardKey));
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
    expect((await stack.preview()).changeSummary).toEqual({ same: 3 });
  });

  test("7. destroy empties the stack", async () => {
    const destroy = await stack.destroy();
    expectSuccess(destroy);
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
  });
});

describe("age-based rotation (short maxAge, real time)", () => {
  test("3. preview plans the replacement once due; up creates before it deletes; the consumer gets the new key", async () => {
    emulator.reset();
    emulator.configure({ keyLifetimeMs: 1_000 });
    const stack = await PulumiStack.create({
      program,
      config: { "cleantalk:apiUrl": emulator.url, website: "https://age.example.com", maxAge: "8s", renewBefore: "2s" },
    });
    expectSuccess(await stack.up());
    const first = await stack.outputs();
    expect(emulator.counters().totalKeysIssued).toBe(1);

    await sleepUntil(String(first.rotateAfter), 500);
    const preview = await stack.preview();
    const keyStep = preview.steps.find((s) => s.urn.endsWith("::site"));
    expect(keyStep?.op).toBe("replace");
    expect(emulator.counters().totalKeysIssued).toBe(1);

    // With --json, `up` streams the engine's events, one JSON object per line.
    const up = await stack.up(["--json"]);
    expectSuccess(up);
    const second = await stack.outputs();
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.consumerFingerprint).toBe(second.fingerprint);
    expect(emulator.counters().totalKeysIssued).toBe(2);

    const ops = resourceOps(up.stdout, "::site");
    expect(ops.indexOf("create-replacement")).toBeGreaterThanOrEqual(0);
    expect(ops.indexOf("create-replacement")).toBeLessThan(ops.indexOf("delete-replaced"));
    expect(leaksIn(await stack.exportRaw())).toEqual([]);
    await stack.destroy();
  });
});

describe("a due rotation the API will not serve", () => {
  test("4. fails with the dashboard steps, leaves state as it was, then a dashboard key is adopted", async () => {
    emulator.reset();
    // No reissue and no phase 2: CleanTalk's answer for an account it already knows.
    emulator.configure({ keyLifetimeMs: 365 * 86_400_000, sameKeyWindowMs: 0 });
    const site = { email: "owner@example.org", website: "https://shop.example.org" };
    const stack = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, ...site, maxAge: "6s", renewBefore: "1s" } });
    expectSuccess(await stack.up());
    const first = await stack.outputs();
    await sleepUntil(String(first.rotateAfter), 500);

    const before = stateWithoutCiphertexts(await stack.exportState());
    const failed = await stack.up();
    expect(failed.code).not.toBe(0);
    const text = failed.stdout + failed.stderr;
    expect(text).toContain("account_exists");
    expect(text).toContain("Generate key");
    expect(text).toContain("pulumi config set --secret");
    expect(leaksIn(text)).toEqual([]);
    expect(text).not.toContain(site.email);
    expect(stateWithoutCiphertexts(await stack.exportState())).toBe(before);
    expect(await stack.outputs()).toEqual(first);

    const dashboardKey = emulator.generateKey(site);
    await stack.setConfig("authKey", dashboardKey, { secret: true });
    const adopted = await stack.up();
    expectSuccess(adopted);
    const outputs = await stack.outputs();
    expect(outputs.source).toBe("supplied");
    expect(outputs.fingerprint).toBe(keyFingerprint(dashboardKey));
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
    const raw = await stack.exportRaw();
    expect(raw).not.toContain(dashboardKey);
    await stack.destroy();
  });
});
