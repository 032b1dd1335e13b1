/**
 * The runnable consumers of the key (examples/consume-in-deployment's env
 * file, in the key's own stack and behind a StackReference) follow a rotation
 * the way it happens with CleanTalk: a key generated in the dashboard, which
 * revokes the old one at once, set as the secret `authKey` and adopted by
 * `pulumi up`. The emulator runs in its default mode.
 */
import { chmodSync, closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { expectNoIssuedCredential } from "../support/emulator-expect";
import { expectSuccess, type PreviewStep, PulumiStack, REPO_ROOT, WORK_ROOT } from "../support/pulumi-cli";

const CONSUME_IN_DEPLOYMENT = path.join(REPO_ROOT, "examples", "consume-in-deployment");

jest.setTimeout(300_000);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

interface EnvFileSnapshot {
  readonly text: string;
  readonly variables: Record<string, string>;
  readonly mode: number;
  readonly inode: number;
}

function readEnvFile(file: string): EnvFileSnapshot {
  const text = readFileSync(file, "utf8");
  const variables = Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const stat = statSync(file);
  return { text, variables, mode: stat.mode & 0o777, inode: stat.ino };
}

/** The same-stack program, with the example's env-file.ts beside it as a user would copy it. */
function sameStackProgram(): string {
  mkdirSync(WORK_ROOT, { recursive: true });
  const dir = mkdtempSync(path.join(WORK_ROOT, "env-file-same-stack-src-"));
  cpSync(path.join(REPO_ROOT, "test", "e2e", "programs", "env-file-same-stack"), dir, { recursive: true });
  cpSync(path.join(CONSUME_IN_DEPLOYMENT, "app", "env-file.ts"), path.join(dir, "env-file.ts"));
  return dir;
}

/** The planned steps that would change something (a StackReference is read at every plan). */
function changes(steps: readonly PreviewStep[]): string[] {
  return steps.filter((step) => step.op !== "same" && step.op !== "read").map((step) => `${step.op} ${step.urn}`);
}

function stepOf(steps: readonly PreviewStep[], name: string): string | undefined {
  return steps.find((step) => step.urn.endsWith(`::${name}`))?.op;
}

describe("the env file in the key's own stack", () => {
  test("the up that adopts a dashboard key rewrites the file atomically, 0600", async () => {
    const site = { email: "same-stack@example.org", website: "https://same-stack.example.org" };
    const stack = await PulumiStack.create({
      program: sameStackProgram(),
      config: { "cleantalk:apiUrl": emulator.url, ...site, envFile: "secrets/app.env" },
    });
    const envFile = path.join(stack.workDir, "secrets", "app.env");

    const firstUp = await stack.up();
    expectSuccess(firstUp);
    const first = await stack.outputs({ showSecrets: true });
    const before = readEnvFile(envFile);
    expect(before.variables).toEqual({ CLEANTALK_AUTH_KEY: first.authKey, CLEANTALK_KEY_FINGERPRINT: first.fingerprint });
    expect(before.mode).toBe(0o600);

    // The dashboard's "Generate key": from now on only the new key works.
    const newKey = emulator.generateKey(site);
    await stack.setConfig("cleantalkAuthKey", newKey, { secret: true });
    const plan = await stack.preview();
    expect(stepOf(plan.steps, "site")).toBe("replace");
    expect(stepOf(plan.steps, "app-env")).toBe("update");

    // The app holds the file open across the rotation.
    const reader = openSync(envFile, "r");
    try {
      const rotation = await stack.up();
      expectSuccess(rotation);
      const second = await stack.outputs({ showSecrets: true });
      expect(second.authKey).toBe(newKey);
      expect(second.fingerprint).not.toBe(first.fingerprint);

      const after = readEnvFile(envFile);
      expect(after.variables).toEqual({ CLEANTALK_AUTH_KEY: newKey, CLEANTALK_KEY_FINGERPRINT: second.fingerprint });
      expect(after.mode).toBe(0o600);
      // Replaced by a rename, not rewritten in place: the path names a new
      // file, the open handle still reads the old one whole, and no temporary
      // file is left beside it.
      expect(after.inode).not.toBe(before.inode);
      expect(readFileSync(reader, "utf8")).toBe(before.text);
      expect(readdirSync(path.dirname(envFile))).toEqual(["app.env"]);
      await expectNoIssuedCredential(emulator, stack, firstUp.stdout, firstUp.stderr, rotation.stdout, rotation.stderr);
    } finally {
      closeSync(reader);
    }

    // The one up did everything: nothing is left for a second one.
    expect(changes((await stack.preview()).steps)).toEqual([]);
  });

  test("a file opened up by hand (chmod 0644) is written again with 0600", async () => {
    const site = { email: "chmod@example.org", website: "https://chmod.example.org" };
    const stack = await PulumiStack.create({ program: sameStackProgram(), config: { "cleantalk:apiUrl": emulator.url, ...site } });
    const envFile = path.join(stack.workDir, "app.env");
    expectSuccess(await stack.up());
    const written = readEnvFile(envFile);

    chmodSync(envFile, 0o644);
    expect(stepOf((await stack.preview()).steps, "app-env")).toBe("update");
    expectSuccess(await stack.up());
    const rewritten = readEnvFile(envFile);
    expect(rewritten.mode).toBe(0o600);
    expect(rewritten.text).toBe(written.text);
  });
});

describe("examples/consume-in-deployment: the app behind a StackReference", () => {
  test("the app's next up after the producer's writes the adopted key, atomically, 0600", async () => {
    const site = { email: "producer@example.org", website: "https://producer.example.org" };
    const producer = await PulumiStack.create({
      program: path.join(CONSUME_IN_DEPLOYMENT, "producer"),
      stack: "dev",
      config: { "cleantalk:apiUrl": emulator.url, ...site },
    });
    const app = await PulumiStack.create({
      program: path.join(CONSUME_IN_DEPLOYMENT, "app"),
      stack: "dev",
      backendDir: producer.backendDir,
      config: { producerStack: producer.referenceName, envFile: "secrets/app.env" },
    });
    const envFile = path.join(app.workDir, "secrets", "app.env");

    expectSuccess(await producer.up());
    const appUp = await app.up();
    expectSuccess(appUp);
    const first = await producer.outputs({ showSecrets: true });
    const before = readEnvFile(envFile);
    expect(before.variables).toEqual({ CLEANTALK_AUTH_KEY: first.authKey, CLEANTALK_KEY_FINGERPRINT: first.fingerprint });
    expect(before.mode).toBe(0o600);

    const newKey = emulator.generateKey(site);
    await producer.setConfig("cleantalkAuthKey", newKey, { secret: true });
    const producerUp = await producer.up();
    expectSuccess(producerUp);
    const second = await producer.outputs({ showSecrets: true });
    expect(second.authKey).toBe(newKey);
    expect(second.fingerprint).not.toBe(first.fingerprint);
    // Another stack: the file changes with the app's own up, not before.
    expect(readEnvFile(envFile).text).toBe(before.text);
    expect(stepOf((await app.preview()).steps, "app-env")).toBe("update");

    const appAgain = await app.up();
    expectSuccess(appAgain);
    const after = readEnvFile(envFile);
    expect(after.variables).toEqual({ CLEANTALK_AUTH_KEY: newKey, CLEANTALK_KEY_FINGERPRINT: second.fingerprint });
    expect(after.mode).toBe(0o600);
    expect(after.inode).not.toBe(before.inode);
    expect(readdirSync(path.dirname(envFile))).toEqual(["app.env"]);
    expect((await app.outputs()).keyFingerprint).toBe(second.fingerprint);
    expect(changes((await app.preview()).steps)).toEqual([]);

    await expectNoIssuedCredential(emulator, app, appUp.stdout, appUp.stderr, appAgain.stdout, appAgain.stderr);
    await expectNoIssuedCredential(emulator, producer, producerUp.stdout, producerUp.stderr);
  });
});
