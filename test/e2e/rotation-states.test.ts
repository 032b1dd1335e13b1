/**
 * Each row of the README's rotation table, on the real engine, with the
 * emulator in its documented default mode: for a site the account already
 * has, get_api_key hands back the same key or account_exists, never a new one.
 * The one test that needs the emulator's reissue-after-expiry assumption says
 * so in its name.
 *
 * States are reached the way a user reaches them: maxAge and renewBefore are
 * settings that update a key in place, so shortening them moves a key that is
 * a few seconds old into its due window or past its expiry, without waiting
 * eleven months.
 */
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { type StoredDetails, storedDetailsSchema } from "../../provider";
import { diagnosticsOf, engineOps, sleep } from "../support/cli-output";
import { accessKeys, type CliResult, expectSuccess, keyAndConsumerState, PulumiStack, type StackExport, type StateResource } from "../support/pulumi-cli";

const program = path.join(__dirname, "programs", "key-lifecycle");

jest.setTimeout(300_000);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

let sequence = 0;
/** A stack with a site of its own, so tests sharing the emulator never meet. */
async function stackFor(name: string, config: Record<string, string> = {}): Promise<{ stack: PulumiStack; site: { email: string; website: string } }> {
  sequence++;
  const site = { email: `owner-${name}@example.org`, website: `https://${name}-${sequence}.example.org` };
  const stack = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, ...site, ...config } });
  return { stack, site };
}

function calls(method: "get_api_key" | "notice_paid_till"): number {
  return emulator.counters().requests[method] ?? 0;
}

function issuedLeaks(text: string): string[] {
  const issued = emulator.issued();
  return [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes].filter((value) => text.includes(value));
}

/** A key's stored `details` output (not secret), parsed by the provider's own schema. */
function detailsOf(resource: StateResource | undefined): StoredDetails {
  return storedDetailsSchema.parse(resource?.outputs?.details);
}

/** Shortens the key's life so that, created a few seconds ago, it is due now and for the next hour. */
async function makeDue(stack: PulumiStack): Promise<CliResult> {
  await sleep(2_100);
  await stack.setConfig("maxAge", "1h");
  await stack.setConfig("renewBefore", "59m58s");
  return stack.up();
}

describe("current", () => {
  test("preview plans nothing and makes no API call", async () => {
    const { stack } = await stackFor("current");
    expectSuccess(await stack.up());
    const before = emulator.counters().requests.total;
    const preview = await stack.preview();
    expect(preview.raw.code).toBe(0);
    expect(preview.changeSummary).toEqual({ same: 4 });
    expect(emulator.counters().requests.total).toBe(before);
    expect((await stack.outputs()).rotationState).toBe("current");
    expect(preview.raw.stdout).not.toContain("KEY_DUE");
  });
});

describe("due", () => {
  let stack: PulumiStack;
  let site: { email: string; website: string };

  beforeAll(async () => {
    ({ stack, site } = await stackFor("due"));
    expectSuccess(await stack.up());
  });

  test("moving into the due window is recorded in place, without an API call", async () => {
    const apiCalls = calls("get_api_key");
    const up = await makeDue(stack);
    expectSuccess(up);
    expect(calls("get_api_key")).toBe(apiCalls);
    const outputs = await stack.outputs();
    expect(outputs.rotationState).toBe("due");
    expect(outputs.daysLeft).toBe(0);
    const [key] = accessKeys(await stack.exportState());
    expect(detailsOf(key).rotationState).toBe("due");
  });

  test("an up with one unrelated change exits 0, applies it, warns once about the due key and calls no API for it", async () => {
    const { fingerprint } = await stack.outputs();
    const before = { getApiKey: calls("get_api_key"), notice: calls("notice_paid_till") };
    await stack.setConfig("note", "second");
    const up = await stack.up();
    expectSuccess(up);
    expect(up.stdout).toMatch(/~ 1 updated\n\s+3 unchanged/);
    expect((await stack.outputs()).noteText).toBe("second");
    expect(calls("get_api_key")).toBe(before.getApiKey);
    expect(calls("notice_paid_till")).toBe(before.notice);

    const warnings = diagnosticsOf(up.stdout).filter((d) => d.message.includes("KEY_DUE"));
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning?.severity).toBe("warning");
    expect(warning?.resource).toContain("(site)");
    expect(warning?.message).toMatch(/^KEY_DUE: /);
    for (const part of [
      "'site'",
      new URL(site.website).hostname,
      String(fingerprint),
      "expires in less than a day",
      "Generate key",
      "pulumi config set --secret",
    ]) {
      expect(warning?.message).toContain(part);
    }
    expect(issuedLeaks(up.stdout + up.stderr)).toEqual([]);
  });

  test("a different authKey from the dashboard replaces it by adoption, and the consumer gets it in the same up", async () => {
    const first = await stack.outputs();
    const before = { getApiKey: calls("get_api_key"), notice: calls("notice_paid_till") };
    const dashboardKey = emulator.generateKey(site);
    await stack.setConfig("authKey", dashboardKey, { secret: true });
    await stack.setConfig("renewBefore", "10m");
    const up = await stack.up(["--json"]);
    expectSuccess(up);
    const ops = engineOps(up.stdout, "::site");
    expect(ops.indexOf("create-replacement")).toBeGreaterThanOrEqual(0);
    expect(ops.indexOf("create-replacement")).toBeLessThan(ops.indexOf("delete-replaced"));
    const outputs = await stack.outputs();
    expect(outputs.source).toBe("supplied");
    expect(outputs.fingerprint).not.toBe(first.fingerprint);
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
    expect(outputs.rotationState).toBe("current");
    expect((await stack.outputs({ showSecrets: true })).keyAuthKey).toBe(dashboardKey);
    expect(calls("get_api_key")).toBe(before.getApiKey);
    expect(calls("notice_paid_till")).toBe(before.notice + 1);
    expect(await stack.exportRaw()).not.toContain(dashboardKey);
  });
});

describe("expired", () => {
  test("the replacement asks get_api_key first and, given no new key, fails with KEY_EXPIRED and leaves the state as it was", async () => {
    const { stack, site } = await stackFor("expired");
    expectSuccess(await stack.up());
    await sleep(1_100);
    const before = keyAndConsumerState(await stack.exportState());
    const outputsBefore = await stack.outputs();
    await stack.setConfig("maxAge", "1s");

    const preview = await stack.preview();
    const step = preview.steps.find((s) => s.urn.endsWith("::site"));
    expect(step?.op).toBe("replace");
    expect(step?.replaceReasons).toEqual(["expiresAt"]);

    const apiCalls = calls("get_api_key");
    const failed = await stack.up();
    expect(failed.code).not.toBe(0);
    expect(calls("get_api_key")).toBe(apiCalls + 1);
    const errors = diagnosticsOf(failed.stdout).filter((d) => d.severity === "error" && d.resource.includes("(site)"));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^KEY_EXPIRED: /);
    expect(errors[0]?.message).toContain("Generate key");
    expect(keyAndConsumerState(await stack.exportState())).toBe(before);
    expect(await stack.outputs()).toEqual(outputsBefore);

    const dashboardKey = emulator.generateKey(site);
    await stack.setConfig("authKey", dashboardKey, { secret: true });
    await stack.setConfig("maxAge", "365d");
    expectSuccess(await stack.up());
    const outputs = await stack.outputs();
    expect(outputs.source).toBe("supplied");
    expect(outputs.rotationState).toBe("current");
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
  });

  test("needs the emulator's reissue-after-expiry assumption: with it, an expired key is replaced by the API's new key", async () => {
    emulator.configure({ reissueAfterExpiry: true, keyLifetimeMs: 1_000 });
    try {
      const { stack } = await stackFor("reissue");
      expectSuccess(await stack.up());
      const first = await stack.outputs();
      await sleep(1_100);
      await stack.setConfig("maxAge", "1s");
      expectSuccess(await stack.up());
      const second = await stack.outputs();
      expect(second.source).toBe("provisioned");
      expect(second.fingerprint).not.toBe(first.fingerprint);
      expect(second.consumerFingerprint).toBe(second.fingerprint);
    } finally {
      emulator.configure({ reissueAfterExpiry: false, keyLifetimeMs: 365 * 86_400_000 });
    }
  });
});

describe("rotationTriggers changed", () => {
  test("within the same-key window KEY_NOT_ROTATED, after it ACCOUNT_EXISTS, state unchanged; a supplied key replaces", async () => {
    const { stack, site } = await stackFor("triggers");
    expectSuccess(await stack.up());
    const before = keyAndConsumerState(await stack.exportState());
    await stack.setConfig("leak", "2026-11-22");

    const sameKey = await stack.up();
    expect(sameKey.code).not.toBe(0);
    expect(diagnosticsOf(sameKey.stdout).filter((d) => d.severity === "error" && d.message.startsWith("KEY_NOT_ROTATED: "))).toHaveLength(1);
    expect(keyAndConsumerState(await stack.exportState())).toBe(before);

    emulator.advanceClock(11 * 60_000);
    const accountExists = await stack.up();
    expect(accountExists.code).not.toBe(0);
    const [refusal] = diagnosticsOf(accountExists.stdout).filter((d) => d.severity === "error" && d.resource.includes("(site)"));
    expect(refusal?.message).toMatch(/^ACCOUNT_EXISTS: /);
    expect(refusal?.message).toContain("add an alias");
    expect(keyAndConsumerState(await stack.exportState())).toBe(before);

    const dashboardKey = emulator.generateKey(site);
    await stack.setConfig("authKey", dashboardKey, { secret: true });
    expectSuccess(await stack.up());
    const outputs = await stack.outputs();
    expect(outputs.source).toBe("supplied");
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
  });
});

describe("invalid", () => {
  test("an adopted key regenerated in the dashboard: refresh exits 0 and records it, preview names it, up without a new key fails KEY_INVALID, with one adopts it", async () => {
    const { stack, site } = await stackFor("invalid-adopted");
    const firstKey = emulator.generateKey(site);
    await stack.setConfig("authKey", firstKey, { secret: true });
    expectSuccess(await stack.up());

    const regenerated = emulator.generateKey(site);
    const refresh = await stack.refresh();
    expectSuccess(refresh);
    const [flagged] = accessKeys(await stack.exportState());
    expect(detailsOf(flagged).keyStatus).toBe("invalid");
    expect(issuedLeaks(refresh.stdout + refresh.stderr)).toEqual([]);

    const preview = await stack.preview();
    const step = preview.steps.find((s) => s.urn.endsWith("::site"));
    expect(step?.op).toBe("replace");
    expect(step?.replaceReasons).toEqual(["keyStatus"]);

    // Past the same-key window CleanTalk's API answers account_exists: no new key to be had.
    emulator.advanceClock(11 * 60_000);
    const before = keyAndConsumerState(await stack.exportState());
    const failed = await stack.up();
    expect(failed.code).not.toBe(0);
    const errors = diagnosticsOf(failed.stdout).filter((d) => d.severity === "error" && d.resource.includes("(site)"));
    expect(errors.map((e) => e.message.split(":")[0])).toEqual(["KEY_INVALID"]);
    expect(keyAndConsumerState(await stack.exportState())).toBe(before);

    await stack.setConfig("authKey", regenerated, { secret: true });
    expectSuccess(await stack.up());
    const outputs = await stack.outputs();
    expect(outputs.keyStatus).toBe("valid");
    expect(outputs.rotationState).toBe("current");
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
    expect((await stack.outputs({ showSecrets: true })).keyAuthKey).toBe(regenerated);
  });

  test("a provisioned key regenerated in the dashboard: up takes the key CleanTalk hands back within its same-key window", async () => {
    const { stack, site } = await stackFor("invalid-provisioned");
    expectSuccess(await stack.up());
    const regenerated = emulator.generateKey(site);
    expectSuccess(await stack.refresh());
    expect(calls("get_api_key")).toBeGreaterThan(0);
    const up = await stack.up();
    expectSuccess(up);
    const outputs = await stack.outputs({ showSecrets: true });
    expect(outputs.keyAuthKey).toBe(regenerated);
    expect(outputs.keyStatus).toBe("valid");
    expect(outputs.source).toBe("existing-site");
    expect(outputs.consumerFingerprint).toBe(outputs.fingerprint);
    expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
  });
});

describe("age rotation off", () => {
  test('maxAge "never": no expiry, never due, no API call at preview', async () => {
    const { stack } = await stackFor("never", { maxAge: "never" });
    expectSuccess(await stack.up());
    const outputs = await stack.outputs();
    expect(outputs.rotationState).toBe("current");
    expect(outputs.expiresAt).toBeUndefined();
    expect(outputs.daysLeft).toBeUndefined();
    const before = emulator.counters().requests.total;
    expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
    expect(emulator.counters().requests.total).toBe(before);
  });
});

describe("several sites", () => {
  test("a partial get_api_key answer keeps the keys it gave, and converges in place once keys for the missing sites are supplied", async () => {
    sequence++;
    const email = `owner-multi-${sequence}@example.org`;
    const known = `https://known-${sequence}.example.org`;
    const fresh = `https://fresh-${sequence}.example.org`;
    // The account already has `known`, past CleanTalk's same-key window: get_api_key answers it with no key.
    const response = await fetch(emulator.url, { method: "POST", body: new URLSearchParams({ method_name: "get_api_key", email, website: known }) });
    expect(response.status).toBe(200);
    emulator.advanceClock(11 * 60_000);

    const stack = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, email, websites: JSON.stringify([known, fresh]) } });
    const partial = await stack.up();
    expect(partial.code).not.toBe(0);
    const [reason] = diagnosticsOf(partial.stdout).filter((d) => d.severity === "error" && d.resource.includes("(site)"));
    // The engine lists an initialisation failure's reasons as "* <reason>".
    expect(reason?.message).toContain("* ACCOUNT_EXISTS: ");
    expect(reason?.message).toContain(new URL(known).hostname);
    const [recorded] = accessKeys(await stack.exportState());
    expect(detailsOf(recorded).pendingSites).toEqual([known]);
    // The program's outputs are not written by a failed up: read the recorded key from the state itself.
    const [withSecrets] = accessKeys(JSON.parse((await stack.mustRun(["stack", "export", "--show-secrets"])).stdout) as StackExport);
    // `--show-secrets` writes a secret as { <signature>, plaintext: <its JSON> }.
    const { plaintext } = (withSecrets?.outputs?.credentials ?? { plaintext: "{}" }) as { plaintext: string };
    const credentials = JSON.parse(plaintext) as { sites: Record<string, { authKey: string }> };
    const freshKey = credentials.sites[fresh]?.authKey;
    expect(freshKey).toMatch(/^[a-z0-9]+$/);

    const dashboardKey = emulator.generateKey({ email, website: known });
    await stack.setConfig("authKeys", JSON.stringify({ [known]: dashboardKey }), { secret: true });
    const preview = await stack.preview();
    expect(preview.steps.find((s) => s.urn.endsWith("::site"))?.op).toBe("update");
    const converged = await stack.up(["--json"]);
    expectSuccess(converged);
    expect(engineOps(converged.stdout, "::site")).toEqual(["update"]);
    const outputs = await stack.outputs({ showSecrets: true });
    const keys = outputs.websiteKeys as Record<string, { authKey: string }>;
    expect(keys[known]?.authKey).toBe(dashboardKey);
    expect(keys[fresh]?.authKey).toBe(freshKey);
    expect(outputs.pendingSites).toEqual([]);
    expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
  });

  test("per-site dashboard keys replace a multi-site key by adoption", async () => {
    sequence++;
    const email = `owner-persite-${sequence}@example.org`;
    const sites = [`https://a-${sequence}.example.org`, `https://b-${sequence}.example.org`];
    const stack = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, email, websites: JSON.stringify(sites) } });
    expectSuccess(await stack.up());
    const first = await stack.outputs();
    const dashboardKeys = Object.fromEntries(sites.map((website) => [website, emulator.generateKey({ email, website })]));
    await stack.setConfig("authKeys", JSON.stringify(dashboardKeys), { secret: true });
    expectSuccess(await stack.up());
    const outputs = await stack.outputs({ showSecrets: true });
    expect(outputs.source).toBe("supplied");
    expect(outputs.fingerprint).not.toBe(first.fingerprint);
    const keys = outputs.websiteKeys as Record<string, { authKey: string }>;
    for (const website of sites) expect(keys[website]?.authKey).toBe(dashboardKeys[website]);
  });
});
