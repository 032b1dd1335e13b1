/**
 * The examples for the plugin, run as their READMEs say: examples/yaml and
 * examples/python, each a producer that owns one key and a consumer stack
 * that reads it through a StackReference, on one file:// backend, against
 * the emulator. (examples/go builds and vets in
 * test/integration/plugin-sdks.test.ts.)
 */
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { createLanguageStack, type ProgramLanguage } from "../support/language-hosts";
import { expectSuccess, type PulumiStack, REPO_ROOT } from "../support/pulumi-cli";

jest.setTimeout(300_000);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

function leaks(text: string): string[] {
  const issued = emulator.issued();
  return [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes].filter((value) => text.includes(value));
}

async function expectNoPlaintextCredential(stack: PulumiStack, ...texts: string[]): Promise<void> {
  expect(leaks([await stack.exportRaw(), ...texts].join("\n"))).toEqual([]);
}

describe.each<ProgramLanguage>(["yaml", "python"])("examples/%s", (language) => {
  const example = path.join(REPO_ROOT, "examples", language);
  const site = { email: `ops-${language}@example.com`, website: `https://${language}.shop.example.com` };
  let producer: PulumiStack;
  let consumer: PulumiStack;

  beforeAll(async () => {
    producer = await createLanguageStack({
      language,
      plugin: true,
      program: path.join(example, "producer"),
      stack: "dev",
      config: { "cleantalk:apiUrl": emulator.url, ...site },
    });
    consumer = await createLanguageStack({
      language,
      program: path.join(example, "consumer"),
      stack: "dev",
      backendDir: producer.backendDir,
      config: { producerStack: producer.referenceName },
    });
  });

  test("the producer's key reaches the consumer through a StackReference, a secret all the way", async () => {
    const up = await producer.up();
    expectSuccess(up);
    const outputs = await producer.outputs();
    expect(outputs).toMatchObject({ authKey: "[secret]", rotationState: "current", fingerprint: expect.stringMatching(/^ctk_[0-9a-f]{10}$/) });
    // maxAge 365d, renewBefore 30d: due 335 days after it was obtained.
    const key = (await producer.exportState()).deployment.resources?.find((r) => r.type === "cleantalk:index:AccessKey");
    const createdAt = Date.parse(String(key?.outputs?.createdAt));
    expect(Date.parse(String(outputs.rotateAfter)) - createdAt).toBe(335 * 86_400_000);

    const consumed = await consumer.up();
    expectSuccess(consumed);
    expect(await consumer.outputs()).toEqual({ envLine: "[secret]", keyFingerprint: outputs.fingerprint });
    const authKey = String((await producer.outputs({ showSecrets: true })).authKey);
    expect((await consumer.outputs({ showSecrets: true })).envLine).toBe(`CLEANTALK_AUTH_KEY=${authKey}`);
    await expectNoPlaintextCredential(producer, up.stdout, up.stderr);
    await expectNoPlaintextCredential(consumer, consumed.stdout, consumed.stderr);
  });

  if (language === "python") {
    test("a dashboard key set as cleantalkAuthKey replaces the key, and the consumer's next up hands it on", async () => {
      const dashboardKey = emulator.generateKey(site);
      await producer.setConfig("cleantalkAuthKey", dashboardKey, { secret: true });
      expectSuccess(await producer.up());
      expect((await producer.outputs()).authKey).toBe("[secret]");
      expectSuccess(await consumer.up());
      expect((await consumer.outputs({ showSecrets: true })).envLine).toBe(`CLEANTALK_AUTH_KEY=${dashboardKey}`);
      await expectNoPlaintextCredential(producer);
      await expectNoPlaintextCredential(consumer);
    });
  }

  test("both stacks destroy cleanly", async () => {
    expectSuccess(await consumer.destroy());
    expectSuccess(await producer.destroy());
  });
});
