/**
 * The real engine in the loop: the Pulumi CLI (scripts/pulumi-cli.sh) on a
 * file:// backend, our serialised provider in Pulumi's dynamic-provider
 * process, and the emulator on loopback. Each step is checked through
 * `pulumi stack export` and the emulator's counters.
 */
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { engineOps } from "../support/cli-output";
import { issuedCredentialsIn } from "../support/emulator-expect";
import { accessKeys, expectSuccess, keyAndConsumerState, PulumiStack } from "../support/pulumi-cli";

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
  return issuedCredentialsIn(emulator, text);
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
    // The consumer fingerprints the key it received with the credentials' salt, as the key does.
    expect(outputs.fingerprint).toMatch(/^ctk_[0-9a-f]{10}$/);
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
    expect(preview.changeSummary).toEqual({ same: 4 });
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
    expect(engineOps(up.stdout, "::site")).toEqual(["update"]);
    expect(engineOps(up.stdout, "::app")).toEqual(["same"]);
    const outputs = await stack.outputs();
    expect(outputs.label).toBe("second");
    expect(outputs.fingerprint).toBe(fingerprint);
    expect(emulator.counters().totalKeysIssued).toBe(1);
  });

  test("5b. changing rotationTriggers demands a new key: the same key handed back is refused and changes nothing; a dashboard key is adopted", async () => {
    const { fingerprint } = await stack.outputs();
    await stack.setConfig("leak", "2026-11-22");
    // Within CleanTalk's same-key window get_api_key hands back the key in use.
    const before = keyAndConsumerState(await stack.exportState());
    const refused = await stack.up();
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("KEY_NOT_ROTATED: ");
    expect(keyAndConsumerState(await stack.exportState())).toBe(before);

    const dashboardKey = emulator.generateKey(SITE);
    await stack.setConfig("authKey", dashboardKey, { secret: true });
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual(expect.objectContaining({ replace: 1 }));
    const up = await stack.up();
    expectSuccess(up);
    const outputs = await stack.outputs();
    expect(outputs.fingerprint).not.toBe(fingerprint);
    expect(outputs.source).toBe("supplied");
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
    expect(emulator.counters().totalKeysIssued).toBe(1);
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

  test("6. refresh flags a key regenerated in the dashboard, and the next up adopts the new one", async () => {
    const dashboardKey = emulator.generateKey(SITE);
    const refresh = await stack.refresh();
    expectSuccess(refresh);
    const [flagged] = accessKeys(await stack.exportState());
    expect((flagged?.outputs?.details as { keyStatus?: string } | undefined)?.keyStatus).toBe("invalid");

    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual(expect.objectContaining({ replace: 1 }));
    await stack.setConfig("authKey", dashboardKey, { secret: true });
    const up = await stack.up();
    expectSuccess(up);
    const outputs = await stack.outputs();
    expect(outputs.keyStatus).toBe("valid");
    expect((await stack.outputs({ showSecrets: true })).keyAuthKey).toBe(dashboardKey);
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
    expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
  });

  test("7. destroy empties the stack", async () => {
    const destroy = await stack.destroy();
    expectSuccess(destroy);
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
  });
});
