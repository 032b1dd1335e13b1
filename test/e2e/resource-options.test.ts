/**
 * What a user can do to a key beyond its inputs, driven through the real CLI:
 * pass authKey as plain config by mistake, import, replace, forget and re-take.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { diagnosticsOf, STACK_FRAME } from "../support/cli-output";
import { accessKeys, expectSuccess, PulumiStack } from "../support/pulumi-cli";

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
function site(name: string): { email: string; website: string } {
  sequence++;
  return { email: `options-${name}@example.org`, website: `https://${name}-${sequence}.options.example.org` };
}

/** Every file of a file backend: the stack's checkpoint, its .bak, history and backups. */
function backendFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { file: path.relative(dir, file), text: readFileSync(file, "utf8") };
    });
}

/**
 * The program holds the key as a plain string (here from the environment:
 * a plain stack config value would be stored unencrypted by Pulumi itself, in
 * the config file and in the dynamic provider's record of the stack's config,
 * which no resource can prevent; the SDK warns about it).
 */
test("a dashboard key passed as a PLAIN string is stored and printed only as a secret, with a warning", async () => {
  const target = site("plain");
  const dashboardKey = emulator.generateKey(target);
  const stack = await PulumiStack.create({
    program,
    config: { "cleantalk:apiUrl": emulator.url, ...target },
    env: { CLEANTALK_E2E_PLAIN_AUTH_KEY: dashboardKey },
  });

  const up = await stack.run(["up", "--yes", "--diff"]);
  expectSuccess(up);
  expect((await stack.outputs()).source).toBe("supplied");
  expect(up.stdout).toContain("authKey");
  // With --diff the CLI prints diagnostics as plain lines on stderr; without it, under the resource.
  expect(up.stderr).toContain("warning: PLAIN_AUTH_KEY: authKey of 'site' was passed in plain text");
  const plainPreview = await stack.run(["preview"]);
  const warnings = diagnosticsOf(plainPreview.stdout).filter((d) => d.message.startsWith("PLAIN_AUTH_KEY: "));
  expect(warnings.map((w) => [w.severity, w.resource])).toEqual([["warning", "pulumi-nodejs:dynamic/cleantalk:AccessKey (site)"]]);
  await stack.setConfig("label", "changed");
  const preview = await stack.run(["preview", "--diff"]);
  expectSuccess(preview);
  const update = await stack.run(["up", "--yes", "--diff"]);
  expectSuccess(update);

  const [key] = accessKeys(await stack.exportState());
  expect(key?.inputs?.authKey).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
  expect(await stack.exportRaw()).not.toContain(dashboardKey);
  const files = backendFiles(stack.backendDir);
  // The history, backups and .bak files are there to be searched.
  expect(files.some((f) => f.file.includes("history"))).toBe(true);
  expect(files.some((f) => f.file.includes("backups"))).toBe(true);
  expect(files.filter((f) => f.text.includes(dashboardKey)).map((f) => f.file)).toEqual([]);
  for (const output of [up, plainPreview, preview, update]) expect(output.stdout + output.stderr).not.toContain(dashboardKey);
  expect((await stack.outputs({ showSecrets: true })).keyAuthKey).toBe(dashboardKey);
});

test("the import option is refused at construction with the adoption path, before anything is planned", async () => {
  const stack = await PulumiStack.create({
    program,
    config: { "cleantalk:apiUrl": emulator.url, ...site("import"), importId: "anti-spam/example.org/ctk_0000000000" },
  });
  const requests = emulator.counters().requests.total;
  const preview = await stack.run(["preview"]);
  expect(preview.code).not.toBe(0);
  const text = preview.stdout + preview.stderr;
  expect(text).toContain("IMPORT_UNSUPPORTED: CleantalkAccessKey 'site' cannot be imported");
  expect(text).toContain("authKey");
  expect(text).not.toMatch(STACK_FRAME);
  expect(emulator.counters().requests.total).toBe(requests);
});

test("a key CleanTalk hands back again, after `pulumi up --replace` or `pulumi state delete`, says its creation time is estimated", async () => {
  const target = site("retake");
  const stack = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, ...target } });
  expectSuccess(await stack.up());
  const first = await stack.outputs({ showSecrets: true });
  expect(first.createdAtEstimated).toBe(false);
  const [key] = accessKeys(await stack.exportState());
  const urn = String(key?.urn);

  // Replaced by the engine itself (no diff is asked): within CleanTalk's same-key window the same key comes back.
  expectSuccess(await stack.up(["--replace", urn]));
  const replaced = await stack.outputs({ showSecrets: true });
  expect(replaced.keyAuthKey).toBe(first.keyAuthKey);
  expect(replaced.source).toBe("existing-site");
  expect(replaced.createdAtEstimated).toBe(true);
  expect(Date.parse(String(replaced.createdAt))).toBeGreaterThanOrEqual(Date.parse(String(first.createdAt)));

  // Forgotten, then taken again: the same key, again of estimated age.
  expectSuccess(await stack.mustRun(["state", "delete", urn, "--target-dependents", "--yes"]));
  expectSuccess(await stack.up());
  const retaken = await stack.outputs({ showSecrets: true });
  expect(retaken.keyAuthKey).toBe(first.keyAuthKey);
  expect(retaken.source).toBe("existing-site");
  expect(retaken.createdAtEstimated).toBe(true);
  expect(emulator.counters().totalKeysIssued).toBe(1);
});
