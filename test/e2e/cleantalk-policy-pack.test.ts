/**
 * The package's policy pack, installed as a user installs it
 * (node_modules/pulumi-cleantalk/policy from the packed files), judging the
 * keyring program through `pulumi preview --policy-pack` with our CLI.
 * Resource policies judge a key's inputs at preview; stack policies its
 * recorded outputs (README "Policy pack").
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { storedDetailsSchema } from "../../provider/schema/stored-key";
import { sleep } from "../support/cli-output";
import { installPackage } from "../support/installed-package";
import { type EngineEvent, expectSuccess, PulumiStack } from "../support/pulumi-cli";

const program = path.join(__dirname, "programs", "keyring");
const KEY_TYPE = "pulumi-nodejs:dynamic/cleantalk:AccessKey";

jest.setTimeout(600_000);

let emulator: RunningEmulator;
/**
 * What the pack reported in every preview of this file, and the text previews
 * users read, for the leak scan at the end. Not the raw event stream:
 * Pulumi's streaming JSON preview carries the Node SDK's debug log of each
 * RegisterResource answer, secrets in plain text, with or without a pack.
 */
const outputs: string[] = [];
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

const email = "policy@example.org";
let sequence = 0;
function website(name: string): string {
  sequence++;
  return `https://${name}-${sequence}.policy.example.org`;
}

interface Finding {
  readonly policy: string;
  readonly level: string;
  readonly resource: string;
  /** The first line of what the policy reported (the engine puts the policy's description before it). */
  readonly message: string;
}

async function stackWith(name: string): Promise<{ stack: PulumiStack; pack: string }> {
  const stack = await PulumiStack.create({ program, stack: name, config: { "cleantalk:apiUrl": emulator.url, email } });
  return { stack, pack: installPackage(stack.workDir).policyPack };
}

/** `pulumi preview --policy-pack`, optionally with a `--policy-pack-config` file: exit code, findings and the pack's summaries. */
async function preview(
  stack: PulumiStack,
  pack: string,
  config?: object,
  extra: readonly string[] = [],
): Promise<{ code: number; findings: Finding[]; events: EngineEvent[] }> {
  const args = ["--policy-pack", pack, ...extra];
  if (config !== undefined) {
    const file = path.join(stack.workDir, `policy-config-${sequence++}.json`);
    writeFileSync(file, JSON.stringify(config));
    args.push("--policy-pack-config", file);
  }
  const { raw, events } = await stack.previewEvents(args);
  outputs.push(events.flatMap(({ policyEvent: e }) => (e === undefined ? [] : [e.message])).join("\n"));
  const findings = events.flatMap(({ policyEvent: e }) =>
    e === undefined || e.policyPackName !== "pulumi-cleantalk"
      ? []
      : [{ policy: e.policyName, level: e.enforcementLevel, resource: e.resourceUrn?.split("::").pop() ?? "", message: e.message.split("\n")[1] ?? "" }],
  );
  return { code: raw.code, findings, events };
}

async function setKeys(stack: PulumiStack, keys: Record<string, unknown>): Promise<void> {
  await stack.setConfig("keys", JSON.stringify(keys));
}

describe("resource policies: a key's inputs, at preview", () => {
  let stack: PulumiStack;
  let pack: string;
  beforeAll(async () => {
    ({ stack, pack } = await stackWith("inputs"));
  });

  test("a compliant program passes every policy: defaults, a label, a dashboard key passed as a secret", async () => {
    await stack.setConfig("adoptKey", emulator.generateKey({ email, website: "https://adopted.policy.example.org" }), { secret: true });
    await setKeys(stack, {
      site: { website: website("site"), label: "contact forms" },
      adopted: { website: "https://adopted.policy.example.org", label: "adopted", authKeyFrom: "adoptKey", maxAge: "90d", renewBefore: "14d" },
    });
    const { code, findings, events } = await preview(stack, pack);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
    // Proof the pack judged each key, rather than never having run.
    for (const name of ["site", "adopted"]) {
      const summary = events.find((e) => e.policyAnalyzeSummaryEvent?.resourceUrn.endsWith(`${KEY_TYPE}::${name}`))?.policyAnalyzeSummaryEvent;
      expect(summary?.policyPackName).toBe("pulumi-cleantalk");
      expect(summary?.passed).toEqual(
        expect.arrayContaining(["cleantalk-max-age", "cleantalk-renew-before", "cleantalk-label-required", "cleantalk-authkey-secret"]),
      );
    }
  });

  test("maxAge over the limit or never fails (mandatory); the limit and the level are settings", async () => {
    await setKeys(stack, {
      long: { website: website("long"), label: "l", maxAge: "400d" },
      forever: { website: website("forever"), label: "f", maxAge: "never" },
    });
    const failed = await preview(stack, pack);
    expect(failed.code).not.toBe(0);
    // The engine registers the two keys concurrently: their findings come in either order.
    expect([...failed.findings].sort((a, b) => a.resource.localeCompare(b.resource))).toEqual([
      {
        policy: "cleantalk-max-age",
        level: "mandatory",
        resource: "forever",
        message: expect.stringMatching(/^key 'forever' has maxAge "never", so it is never rotated by age;/),
      },
      {
        policy: "cleantalk-max-age",
        level: "mandatory",
        resource: "long",
        message:
          "key 'long' has maxAge 400d, longer than the 365d this stack allows; set maxAge to 365d or less (CleanTalk keys are active for 365 days; a key kept longer stops working before Pulumi rotates it).",
      },
    ]);

    await setKeys(stack, { long: { website: website("long"), label: "l", maxAge: "400d" } });
    const raised = await preview(stack, pack, { "cleantalk-max-age": { maxAge: "500d" } });
    expect(raised).toMatchObject({ code: 0, findings: [] });
    const advisory = await preview(stack, pack, { "cleantalk-max-age": "advisory" });
    expect(advisory.code).toBe(0);
    expect(advisory.findings.map((f) => `${f.policy} ${f.level} ${f.resource}`)).toEqual(["cleantalk-max-age advisory long"]);
  });

  test("a key without a label warns (advisory) and the preview succeeds; made mandatory, it fails", async () => {
    await setKeys(stack, { unnamed: { website: website("unnamed") } });
    const warned = await preview(stack, pack);
    expect(warned.code).toBe(0);
    expect(warned.findings).toEqual([
      {
        policy: "cleantalk-label-required",
        level: "advisory",
        resource: "unnamed",
        message: "key 'unnamed' has no label; set label (e.g. \"production contact forms\") to say what the key is for.",
      },
    ]);
    const mandatory = await preview(stack, pack, { "cleantalk-label-required": "mandatory" });
    expect(mandatory.code).not.toBe(0);
    expect(mandatory.findings.map((f) => `${f.policy} ${f.level}`)).toEqual(["cleantalk-label-required mandatory"]);
  });

  test("a short renewBefore warns (advisory); the minimum and the level are settings", async () => {
    await setKeys(stack, { hasty: { website: website("hasty"), label: "h", renewBefore: "2d" } });
    const warned = await preview(stack, pack);
    expect(warned.code).toBe(0);
    expect(warned.findings).toEqual([
      {
        policy: "cleantalk-renew-before",
        level: "advisory",
        resource: "hasty",
        message:
          "key 'hasty' becomes due only 2d before it expires (renewBefore), less than the 7 days this stack asks for; set renewBefore to \"7d\" or more, so a new key is generated and rolled out while the old one still works.",
      },
    ]);
    expect(await preview(stack, pack, { "cleantalk-renew-before": { minimumDays: 1 } })).toMatchObject({ code: 0, findings: [] });
    const strict = await preview(stack, pack, { "cleantalk-renew-before": { enforcementLevel: "mandatory", minimumDays: 3 } });
    expect(strict.code).not.toBe(0);
    expect(strict.findings.map((f) => `${f.policy} ${f.level} ${f.message.includes("less than the 3 days")}`)).toEqual([
      "cleantalk-renew-before mandatory true",
    ]);
  });

  test("authKey registered as plain text (no SDK wrapping it) fails (mandatory) without the key in the message; through the SDK even plain config arrives as a secret", async () => {
    const plainKey = emulator.generateKey({ email, website: "https://plain.policy.example.org" });
    await stack.setConfig("plainKey", plainKey);
    await setKeys(stack, { unwrapped: { website: "https://plain.policy.example.org", label: "u", unwrappedAuthKeyFrom: "plainKey" } });
    const failed = await preview(stack, pack);
    expect(failed.code).not.toBe(0);
    expect(failed.findings).toEqual([
      {
        policy: "cleantalk-authkey-secret",
        level: "mandatory",
        resource: "unwrapped",
        message: expect.stringMatching(/^key 'unwrapped' receives authKey as plain text, which Pulumi would store and show unencrypted; pass it as a secret/),
      },
    ]);
    const advisory = await preview(stack, pack, { "cleantalk-authkey-secret": "advisory" });
    expect(advisory.code).toBe(0);
    expect(advisory.findings.map((f) => `${f.policy} ${f.level}`)).toEqual(["cleantalk-authkey-secret advisory"]);

    // The same plain config through the SDK: wrapped before the engine (and any policy) sees it.
    await setKeys(stack, { wrapped: { website: "https://plain.policy.example.org", label: "w", authKeyFrom: "plainKey" } });
    expect(await preview(stack, pack)).toMatchObject({ code: 0, findings: [] });
  });
});

/** The stack policies' findings only: the short test windows also draw cleantalk-renew-before's advice. */
function standing(findings: readonly Finding[]): string[] {
  return findings
    .filter((f) => f.policy === "cleantalk-due-keys" || f.policy === "cleantalk-no-expired-or-invalid-keys")
    .map((f) => `${f.policy} ${f.level} ${f.resource}`)
    .sort();
}

let standingStack: PulumiStack;
let standingPack: string;

describe("stack policies: a key's recorded state", () => {
  let stack: PulumiStack;
  let pack: string;
  let expiresAt: number;
  const sites = { due: website("due"), expiring: website("expiring"), refused: website("refused"), bystander: website("bystander") };

  beforeAll(async () => {
    ({ stack, pack } = await stackWith("standing"));
    standingStack = stack;
    standingPack = pack;
    await stack.setConfig("refusedKey", emulator.generateKey({ email, website: sites.refused }), { secret: true });
    const keys = (shortened: boolean) => ({
      due: { website: sites.due, label: "d", ...(shortened ? { maxAge: "1h", renewBefore: "59m58s" } : {}) },
      expiring: { website: sites.expiring, label: "e", ...(shortened ? { maxAge: "25s", renewBefore: "24s" } : {}) },
      refused: { website: sites.refused, label: "r", authKeyFrom: "refusedKey" },
      bystander: { website: sites.bystander, label: "b" },
    });
    await setKeys(stack, keys(false));
    expectSuccess(await stack.up());
    // As in rotation-states.test.ts: keys a few seconds old, their life shortened in place.
    await sleep(2_100);
    await setKeys(stack, keys(true));
    expectSuccess(await stack.up());
    const state = await stack.exportState();
    const expiring = state.deployment.resources?.find((r) => r.urn.endsWith("::expiring"));
    expiresAt = Date.parse(storedDetailsSchema.parse(expiring?.outputs?.details).expiresAt ?? "");
    emulator.generateKey({ email, website: sites.refused });
    expectSuccess(await stack.refresh());
  });

  test("a due key is reported (advisory) with the dashboard steps, and the preview succeeds", async () => {
    const { code, findings } = await preview(stack, pack);
    expect(code).toBe(0);
    // The refused key is planned for replacement: it has no recorded state at preview, and is judged after the up.
    expect(standing(findings)).toEqual(["cleantalk-due-keys advisory due", "cleantalk-due-keys advisory expiring"]);
    const due = findings.find((f) => f.policy === "cleantalk-due-keys" && f.resource === "due");
    expect(due?.message).toMatch(/^KEY_DUE: the CleanTalk key of 'due' for due-\d+\.policy\.example\.org \(ctk_[0-9a-f]{10}\) expires in less than a day/);
  });

  test("expired and invalid keys a deployment leaves in place fail (mandatory); made advisory, they warn", async () => {
    const wait = expiresAt + 1_000 - Date.now();
    if (wait > 0) await sleep(wait);
    // A targeted preview leaves every other key as it is recorded.
    const target = ["--target", `urn:pulumi:standing::keyring::${KEY_TYPE}::bystander`];
    const failed = await preview(stack, pack, undefined, target);
    expect(failed.code).not.toBe(0);
    expect(standing(failed.findings)).toEqual([
      "cleantalk-due-keys advisory due",
      "cleantalk-no-expired-or-invalid-keys mandatory expiring",
      "cleantalk-no-expired-or-invalid-keys mandatory refused",
    ]);
    const byResource = Object.fromEntries(
      failed.findings.filter((f) => f.policy === "cleantalk-no-expired-or-invalid-keys").map((f) => [f.resource, f.message]),
    );
    expect(byResource.expiring).toMatch(
      /^key 'expiring' for expiring-\d+\.policy\.example\.org \(ctk_[0-9a-f]{10}\) expired less than a day ago, on \d{4}-\d{2}-\d{2}\.$/,
    );
    expect(byResource.refused).toMatch(
      /^key 'refused' for refused-\d+\.policy\.example\.org \(ctk_[0-9a-f]{10}\) is no longer accepted by CleanTalk \(recorded by the last refresh\)\.$/,
    );

    const advisory = await preview(stack, pack, { "cleantalk-no-expired-or-invalid-keys": "advisory" }, target);
    expect(advisory.code).toBe(0);
    expect(advisory.findings.filter((f) => f.policy === "cleantalk-no-expired-or-invalid-keys").map((f) => f.level)).toEqual(["advisory", "advisory"]);
  });
});

test("no credential the emulator issued appears in what the pack reports, nor in the preview users read", async () => {
  // The pack sees every key's credentials in plain text (stack policies get outputs, secrets unwrapped).
  const text = await standingStack.run(["preview", "--policy-pack", standingPack, "--target", `urn:pulumi:standing::keyring::${KEY_TYPE}::bystander`]);
  expect(text.stdout).toContain("cleantalk-no-expired-or-invalid-keys");
  outputs.push(text.stdout + text.stderr);
  const issued = emulator.issued();
  const secrets = [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes];
  expect(secrets.length).toBeGreaterThan(3);
  const all = outputs.join("\n");
  expect(secrets.filter((secret) => all.includes(secret))).toEqual([]);
});
