/**
 * The package as a user installs it: the program is a project outside this
 * checkout with pulumi-cleantalk copied into its node_modules. There Pulumi
 * stores the provider as a `require` of the package (a few hundred bytes)
 * instead of its functions, and the dynamic-provider process must load it
 * from the project. Create, a no-op plan and a rotation by adoption go through
 * that path.
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
  expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
  expect(emulator.counters().requests.total).toBe(calls);

  // A rotation by adoption: a key generated in the (emulated) dashboard.
  await stack.setConfig("authKey", emulator.generateKey({ email: "ops@example.com", website: "https://example.com" }), { secret: true });
  expectSuccess(await stack.up());
  const second = await stack.outputs();
  expect(second.fingerprint).not.toBe(first.fingerprint);
  expect(second.source).toBe("supplied");
  expect(second.consumerFingerprint).toBe(second.fingerprint);
  expect(emulator.counters().totalKeysIssued).toBe(1);
  expectSuccess(await stack.destroy());
});
