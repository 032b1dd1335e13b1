/**
 * The cleantalk plugin on the real engine, from a YAML program and from a
 * Python program (through the generated Python SDK), against the emulator in
 * its default mode. For each language, one key goes through its life as a
 * user's would: created; previewed with no change and no API call; rotated by
 * adopting a key generated in the dashboard (authKey as secret config);
 * refreshed after the dashboard regenerated it (recorded as invalid, refresh
 * exits 0); destroyed. The key is `[secret]` in the outputs and never in
 * plain text in exported state or CLI output. A due key warns (KEY_DUE,
 * through the engine's log, under the resource) from the Python program.
 *
 * The plugin runs as installed from its tarball (test/support/plugin.ts).
 */
import { copyFileSync } from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { diagnosticsOf, engineOps, sleep } from "../support/cli-output";
import { createLanguageStack, type ProgramLanguage } from "../support/language-hosts";
import { PLUGIN_KEY_TYPE } from "../support/plugin";
import { type CliResult, expectSuccess, type PulumiStack, type StackExport, type StateResource } from "../support/pulumi-cli";

jest.setTimeout(300_000);

const programs = path.join(__dirname, "programs");
const FINGERPRINT = /^ctk_[0-9a-f]{10}$/;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

function calls(method?: "get_api_key" | "notice_paid_till"): number {
  const { requests } = emulator.counters();
  return (method === undefined ? requests.total : requests[method]) ?? 0;
}

/** Every credential the emulator has handed out that appears in the text. */
function issuedLeaks(text: string): string[] {
  const issued = emulator.issued();
  return [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes].filter((value) => text.includes(value));
}

function keyOf(state: StackExport): StateResource | undefined {
  return (state.deployment.resources ?? []).find((r) => r.type === PLUGIN_KEY_TYPE);
}

/**
 * The YAML program once the user adopts a dashboard key: the same project with
 * a secret config value declared and passed as authKey. (The Python program
 * reads optional config, so it needs no change.)
 */
function adoptInYaml(stack: PulumiStack): void {
  copyFileSync(path.join(programs, "plugin-yaml-adopted", "Pulumi.yaml"), path.join(stack.workDir, "Pulumi.yaml"));
}

function expectNoLeak(...texts: string[]): void {
  expect(issuedLeaks(texts.join("\n"))).toEqual([]);
}

const languages: readonly { language: ProgramLanguage; program: string }[] = [
  { language: "yaml", program: "plugin-yaml" },
  { language: "python", program: "plugin-python" },
];

describe.each(languages)("a $language program's key", ({ language, program }) => {
  const site = { email: `owner-${language}@example.org`, website: `https://${language}-lifecycle.example.org` };
  let stack: PulumiStack;
  let created: Record<string, unknown>;

  beforeAll(async () => {
    stack = await createLanguageStack({
      language,
      plugin: true,
      program: path.join(programs, program),
      config: { "cleantalk:apiUrl": emulator.url, ...site },
    });
  });

  test("up creates it through the plugin: its key is [secret] in the outputs and in no plain text", async () => {
    const before = calls("get_api_key");
    const up = await stack.up();
    expectSuccess(up);
    expect(calls("get_api_key")).toBe(before + 1);
    // No warning at all: neither from the provider nor about where the engine found the plugin.
    expect(diagnosticsOf(up.stdout).filter((d) => d.severity !== "info")).toEqual([]);

    created = await stack.outputs();
    expect(created).toMatchObject({
      authKey: "[secret]",
      websites: "[secret]",
      fingerprint: expect.stringMatching(FINGERPRINT),
      source: "provisioned",
      keyStatus: "valid",
      rotationState: "current",
      hostnames: [new URL(site.website).hostname],
    });
    const shown = await stack.outputs({ showSecrets: true });
    expect(emulator.issued().authKeys).toContain(shown.authKey);
    expectNoLeak(up.stdout, up.stderr, await stack.exportRaw());
  });

  test("preview plans no change and calls no API", async () => {
    const before = calls();
    const preview = await stack.preview();
    expectSuccess(preview.raw);
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(calls()).toBe(before);
    expectNoLeak(preview.raw.stdout, preview.raw.stderr);
  });

  test("a key generated in the dashboard, as secret config, replaces it by adoption, new key first", async () => {
    const dashboardKey = emulator.generateKey(site);
    await stack.setConfig("authKey", dashboardKey, { secret: true });
    if (language === "yaml") adoptInYaml(stack);

    const preview = await stack.preview();
    expectSuccess(preview.raw);
    const step = preview.steps.find((s) => s.urn.endsWith("::site"));
    expect(step?.op).toBe("replace");
    expect(step?.replaceReasons).toContain("authKey");

    const up = await stack.up(["--json"]);
    expectSuccess(up);
    const ops = engineOps(up.stdout, "::site");
    expect(ops.indexOf("create-replacement")).toBeGreaterThanOrEqual(0);
    expect(ops.indexOf("create-replacement")).toBeLessThan(ops.indexOf("delete-replaced"));

    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({ authKey: "[secret]", source: "supplied", keyStatus: "valid" });
    expect(outputs.fingerprint).toMatch(FINGERPRINT);
    expect(outputs.fingerprint).not.toBe(created.fingerprint);
    expect((await stack.outputs({ showSecrets: true })).authKey).toBe(dashboardKey);
    expectNoLeak(up.stdout, up.stderr, await stack.exportRaw());
  });

  test("refresh after the dashboard regenerated the key records it as invalid and exits 0; the next plan replaces it", async () => {
    emulator.generateKey(site);
    const refresh = await stack.refresh();
    expectSuccess(refresh);
    const key = keyOf(await stack.exportState());
    expect(key?.outputs?.keyStatus).toBe("invalid");
    expect(key?.outputs?.details).toMatchObject({ keyStatus: "invalid" });

    const preview = await stack.preview();
    expectSuccess(preview.raw);
    const step = preview.steps.find((s) => s.urn.endsWith("::site"));
    expect(step?.op).toBe("replace");
    expect(step?.replaceReasons).toContain("keyStatus");
    expectNoLeak(refresh.stdout, refresh.stderr, preview.raw.stdout, await stack.exportRaw());
  });

  test("destroy forgets the key and leaves no resource", async () => {
    const destroy = await stack.destroy();
    expectSuccess(destroy);
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
    expectNoLeak(destroy.stdout, destroy.stderr);
  });
});

describe("a due key, from the Python program", () => {
  const site = { email: "owner-due@example.org", website: "https://python-due.example.org" };
  let stack: PulumiStack;

  beforeAll(async () => {
    stack = await createLanguageStack({
      language: "python",
      plugin: true,
      program: path.join(programs, "plugin-python"),
      config: { "cleantalk:apiUrl": emulator.url, ...site },
    });
    expectSuccess(await stack.up());
  });

  /** Shortens the key's life so that, created a few seconds ago, it is due now and for the next hour. */
  async function makeDue(): Promise<CliResult> {
    await sleep(2_100);
    await stack.setConfig("maxAge", "1h");
    await stack.setConfig("renewBefore", "59m58s");
    return stack.up();
  }

  test("warns KEY_DUE under the key, through the engine's log, records the state in place and calls no API for it", async () => {
    const { fingerprint } = await stack.outputs();
    const before = calls();
    const up = await makeDue();
    expectSuccess(up);
    expect(calls()).toBe(before);

    const warnings = diagnosticsOf(up.stdout).filter((d) => d.message.includes("KEY_DUE"));
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning?.severity).toBe("warning");
    expect(warning?.resource).toBe(`${PLUGIN_KEY_TYPE} (site)`);
    expect(warning?.message).toMatch(/^KEY_DUE: /);
    for (const part of ["'site'", new URL(site.website).hostname, String(fingerprint), "Generate key", "pulumi config set --secret"]) {
      expect(warning?.message).toContain(part);
    }
    expect((await stack.outputs()).rotationState).toBe("due");
    expectNoLeak(up.stdout, up.stderr);
  });

  test("every later preview warns again, with no change planned and no API call", async () => {
    const before = calls();
    const preview = await stack.run(["preview"]);
    expectSuccess(preview);
    expect(calls()).toBe(before);
    expect(diagnosticsOf(preview.stdout).filter((d) => d.message.startsWith("KEY_DUE"))).toHaveLength(1);
    expect(preview.stdout).toMatch(/\n\s+2 unchanged\n/);
  });

  afterAll(async () => {
    expectSuccess(await stack.destroy());
  });
});
