/**
 * The package as a user installs it: the program is a project outside this
 * checkout with pulumi-cleantalk copied into its node_modules. There Pulumi
 * stores the provider as a `require` of the package (a few hundred bytes)
 * instead of its functions, and the dynamic-provider process must load it
 * from the project. Create, a no-op plan and a rotation go through that path.
 */
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
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

test("an installed package creates, plans without calls, and rotates a key; state holds a require, not the functions", async () => {
  const stack = await PulumiStack.create({ program, layout: "installed", config: { "cleantalk:apiUrl": emulator.url } });
  expectSuccess(await stack.up());
  const [key] = accessKeys(await stack.exportState());
  const providerText = String(key?.inputs?.__provider);
  expect(providerText).toContain('require("pulumi-cleantalk/dist/sdk/serialized-provider.js")');
  expect(providerText.length).toBeLessThan(600);
  const first = await stack.outputs();
  expect(first.keyAuthKey).toBe("[secret]");

  const calls = emulator.counters().requests.total;
  expect((await stack.preview()).changeSummary).toEqual({ same: 3 });
  expect(emulator.counters().requests.total).toBe(calls);

  emulator.configure({ keyLifetimeMs: 1 });
  await stack.setConfig("leak", "2026-11-22");
  expectSuccess(await stack.up());
  const second = await stack.outputs();
  expect(second.fingerprint).not.toBe(first.fingerprint);
  expect(second.consumerFingerprint).toBe(second.fingerprint);
  expect(emulator.counters().totalKeysIssued).toBe(2);
  expectSuccess(await stack.destroy());
});
