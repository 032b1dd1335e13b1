/**
 * The examples for the plugin, run as their READMEs say: examples/yaml,
 * examples/python and examples/go, each a producer that owns one key and a
 * consumer stack that reads it through a StackReference, on one file://
 * backend, against the emulator. For Go, the test builds both programs
 * first (which also warms Go's build cache); the producer then runs as that
 * prebuilt binary, named in Pulumi.yaml (`runtime.options.binary`), and the
 * consumer as users run it by default, built by the language host.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { expectNoIssuedCredential } from "../support/emulator-expect";
import { createLanguageStack, type ProgramLanguage } from "../support/language-hosts";
import { expectSuccess, type PulumiStack, REPO_ROOT, WORK_ROOT } from "../support/pulumi-cli";

/** Compiling the Pulumi Go SDK cold takes minutes on 2 shared cores. */
const GO_BUILD_TIMEOUT_MS = 600_000;
jest.setTimeout(GO_BUILD_TIMEOUT_MS + 300_000);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

/** Builds examples/go's programs, as its go.mod pins them, into a directory of their own. */
async function buildGoExamples(): Promise<string> {
  const out = mkdtempSync(path.join(WORK_ROOT, "go-examples-"));
  const env = { ...process.env, GOFLAGS: "-mod=readonly", GOSUMDB: "off", GOTOOLCHAIN: "local" };
  await promisify(execFile)("go", ["build", "-o", `${out}${path.sep}`, "./..."], {
    cwd: path.join(REPO_ROOT, "examples", "go"),
    env,
    timeout: GO_BUILD_TIMEOUT_MS,
  });
  return out;
}

/**
 * A Go program of examples/go as a project of its own: its files with the
 * examples' go.mod and go.sum beside them, the SDK's `replace` made absolute
 * (the copy no longer sits two levels below the checkout's root).
 */
function goProject(program: string): string {
  const examples = path.join(REPO_ROOT, "examples", "go");
  const dir = mkdtempSync(path.join(WORK_ROOT, `go-${program}-`));
  for (const file of ["Pulumi.yaml", "main.go"]) copyFileSync(path.join(examples, program, file), path.join(dir, file));
  copyFileSync(path.join(examples, "go.sum"), path.join(dir, "go.sum"));
  const goMod = readFileSync(path.join(examples, "go.mod"), "utf8");
  if (!goMod.includes("=> ../../plugin/sdk/go")) throw new Error("examples/go/go.mod no longer replaces the SDK with ../../plugin/sdk/go");
  writeFileSync(path.join(dir, "go.mod"), goMod.replace("=> ../../plugin/sdk/go", `=> ${path.join(REPO_ROOT, "plugin", "sdk", "go")}`));
  return dir;
}

/** Names the prebuilt binary in the stack's copy of a Go program's Pulumi.yaml. */
function usePrebuilt(stack: PulumiStack, binary: string): void {
  const file = path.join(stack.workDir, "Pulumi.yaml");
  const project = readFileSync(file, "utf8");
  if (!/^runtime: go$/m.test(project)) throw new Error(`${file} no longer says "runtime: go"`);
  writeFileSync(file, project.replace(/^runtime: go$/m, `runtime:\n  name: go\n  options:\n    binary: ${binary}`));
}

describe.each<ProgramLanguage>(["yaml", "python", "go"])("examples/%s", (language) => {
  const example = path.join(REPO_ROOT, "examples", language);
  const site = { email: `ops-${language}@example.com`, website: `https://${language}.shop.example.com` };
  let producer: PulumiStack;
  let consumer: PulumiStack;

  beforeAll(async () => {
    const binaries = language === "go" ? await buildGoExamples() : undefined;
    producer = await createLanguageStack({
      language,
      plugin: true,
      program: path.join(example, "producer"),
      stack: "dev",
      config: { "cleantalk:apiUrl": emulator.url, ...site },
    });
    consumer = await createLanguageStack({
      language,
      program: language === "go" ? goProject("consumer") : path.join(example, "consumer"),
      stack: "dev",
      backendDir: producer.backendDir,
      config: { producerStack: producer.referenceName },
      // The host builds the Go consumer with the module versions its go.mod and go.sum pin.
      ...(language === "go" ? { env: { GOFLAGS: "-mod=readonly", GOSUMDB: "off", GOTOOLCHAIN: "local" } } : {}),
    });
    if (binaries !== undefined) usePrebuilt(producer, path.join(binaries, "producer"));
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
    await expectNoIssuedCredential(emulator, producer, up.stdout, up.stderr);
    await expectNoIssuedCredential(emulator, consumer, consumed.stdout, consumed.stderr);
  });

  if (language !== "yaml") {
    test("a dashboard key set as cleantalkAuthKey replaces the key, and the consumer's next up hands it on", async () => {
      const dashboardKey = emulator.generateKey(site);
      await producer.setConfig("cleantalkAuthKey", dashboardKey, { secret: true });
      expectSuccess(await producer.up());
      expect((await producer.outputs()).authKey).toBe("[secret]");
      expectSuccess(await consumer.up());
      expect((await consumer.outputs({ showSecrets: true })).envLine).toBe(`CLEANTALK_AUTH_KEY=${dashboardKey}`);
      await expectNoIssuedCredential(emulator, producer);
      await expectNoIssuedCredential(emulator, consumer);
    });
  }

  test("both stacks destroy cleanly", async () => {
    expectSuccess(await consumer.destroy());
    expectSuccess(await producer.destroy());
  });
});
