/**
 * Upgrading from a pre-release build. Its state layout (every output flat,
 * defaults stored) is written with `pulumi stack import` from a real stack's
 * export, then the real engine plans and applies: the key must not rotate,
 * no API call may be made, and the state must come out in today's layout.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { accessKeys, expectSuccess, PulumiStack, type StackExport, type StateResource } from "../support/pulumi-cli";

jest.setTimeout(300_000);

const program = path.join(__dirname, "programs", "key-lifecycle");
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

// `--show-secrets` exports a secret as {sig, plaintext: "<json>"}; import encrypts it again.
const plain = (value: unknown): unknown => JSON.parse(String((value as { plaintext: string }).plaintext));
const secret = (value: unknown) => ({ [SECRET_SIG]: SECRET_VALUE, plaintext: JSON.stringify(value) });

/** The key's state as the pre-release builds wrote it. */
function toLegacy(key: StateResource): StateResource {
  const inputs = key.inputs ?? {};
  const outputs = key.outputs ?? {};
  const credentials = plain(outputs.credentials) as { authKey: string; userToken?: string; passwordHash?: string };
  const details = outputs.details as Record<string, unknown>;
  const defaults = { productName: "anti-spam", maxAge: "365d", renewBefore: "30d", rotationTriggers: {} };
  const website = outputs.website as string[];
  const hostname = new URL(String(website[0])).hostname;
  const { credentials: _c, details: _d, ...echo } = outputs;
  return {
    ...key,
    inputs: { ...inputs, ...defaults },
    outputs: {
      ...echo,
      ...defaults,
      authKey: secret(credentials.authKey),
      ...(credentials.userToken === undefined ? {} : { userToken: secret(credentials.userToken) }),
      ...(credentials.passwordHash === undefined ? {} : { passwordHash: secret(credentials.passwordHash) }),
      websites: secret({ [String(website[0])]: { hostname, authKey: credentials.authKey } }),
      hostnames: [hostname],
      ...details,
      keyStatus: "valid",
      authKeySupplied: false,
    },
    additionalSecretOutputs: ["authKey", "userToken", "passwordHash", "websites"],
  } as StateResource;
}

test("a stack written by a pre-release build plans an in-place update, keeps its key, and is rewritten in today's layout", async () => {
  const stack = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url } });
  expectSuccess(await stack.up());
  const before = await stack.outputs();

  const exported = JSON.parse((await stack.mustRun(["stack", "export", "--show-secrets"])).stdout) as StackExport;
  const legacy = {
    ...exported,
    deployment: {
      ...exported.deployment,
      resources: (exported.deployment.resources ?? []).map((r) => (r.type === "pulumi-nodejs:dynamic/cleantalk:AccessKey" ? toLegacy(r) : r)),
    },
  };
  const file = path.join(stack.workDir, "legacy-state.json");
  writeFileSync(file, JSON.stringify(legacy), { mode: 0o600 });
  const importResult = await stack.run(["stack", "import", "--file", file]);
  // The file holds the key in plain text: gone as soon as it is imported.
  rmSync(file);
  expectSuccess(importResult);
  const [imported] = accessKeys(await stack.exportState());
  expect(imported?.outputs).toHaveProperty("authKey");
  expect(imported?.outputs).not.toHaveProperty("details");

  const calls = emulator.counters().requests.total;
  const preview = await stack.preview();
  expect(preview.raw.code).toBe(0);
  const keyStep = preview.steps.find((step) => step.urn.endsWith("::site"));
  expect(keyStep?.op).toBe("update");
  expect(preview.steps.filter((step) => ["create", "replace", "create-replacement", "delete"].includes(step.op))).toEqual([]);

  expectSuccess(await stack.up());
  expect(emulator.counters().requests.total).toBe(calls);
  const after = await stack.outputs();
  expect(after.fingerprint).toBe(before.fingerprint);
  expect(after.rotateAfter).toBe(before.rotateAfter);
  expect(after.consumerFingerprint).toBe(before.fingerprint);
  const [rewritten] = accessKeys(await stack.exportState());
  expect(rewritten?.outputs?.credentials).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
  expect(rewritten?.outputs).not.toHaveProperty("authKey");
  expect(rewritten?.inputs).not.toHaveProperty("maxAge");

  expect((await stack.preview()).changeSummary).toEqual({ same: 3 });
  expectSuccess(await stack.destroy());
});
