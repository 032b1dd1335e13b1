/**
 * Every program under examples/ (and the top-level quickstart) run as a user
 * would: the real Pulumi CLI on a file:// backend, against the emulator on
 * loopback. Each example uses its own account, so the examples do not see one
 * another's sites in the shared emulator.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { expectNoIssuedCredential } from "../support/emulator-expect";
import { accessKeys, expectSuccess, PulumiStack, REPO_ROOT, WORK_ROOT } from "../support/pulumi-cli";

const EXAMPLES = path.join(REPO_ROOT, "examples");
const DAY_MS = 86_400_000;

jest.setTimeout(300_000);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

function keysIssued(): number {
  return emulator.counters().totalKeysIssued;
}

function apiCalls(method?: string): number {
  const { requests } = emulator.counters();
  return (method === undefined ? requests.total : requests[method]) ?? 0;
}

describe("examples/multi-site", () => {
  test("one get_api_key call gives each site its own key, exported as a secret map", async () => {
    const stack = await PulumiStack.create({ program: path.join(EXAMPLES, "multi-site"), config: { "cleantalk:apiUrl": emulator.url } });
    const [issuedBefore, callsBefore] = [keysIssued(), apiCalls("get_api_key")];
    const up = await stack.up();
    expectSuccess(up);
    expect(keysIssued() - issuedBefore).toBe(3);
    expect(apiCalls("get_api_key") - callsBefore).toBe(1);

    const outputs = await stack.outputs();
    expect(outputs.siteKeys).toBe("[secret]");
    expect(outputs.hostnames).toEqual(["shop.example.com", "blog.example.com", "docs.example.com"]);
    expect(outputs.source).toBe("provisioned");
    const revealed = (await stack.outputs({ showSecrets: true })).siteKeys as Record<string, string>;
    expect(Object.keys(revealed).sort()).toEqual(["blog.example.com", "docs.example.com", "shop.example.com"]);
    expect(new Set(Object.values(revealed)).size).toBe(3);
    expect(emulator.issued().authKeys).toEqual(expect.arrayContaining(Object.values(revealed)));
    await expectNoIssuedCredential(emulator, stack, up.stdout, up.stderr);

    const calls = apiCalls();
    const preview = await stack.preview();
    expect(preview.raw.code).toBe(0);
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(apiCalls()).toBe(calls);
  });
});

describe("examples/rotation-policy", () => {
  test("the stack name picks the policy; after a leak a dashboard key with a leakDate replaces the key", async () => {
    const site = { email: "ops@example.com", website: "https://staging.example.com" };
    const stack = await PulumiStack.create({ program: path.join(EXAMPLES, "rotation-policy"), stack: "staging", config: { "cleantalk:apiUrl": emulator.url } });
    expectSuccess(await stack.up());
    const first = await stack.outputs();
    expect(first.authKey).toBe("[secret]");
    expect(first.rotationState).toBe("current");
    // Outputs give durations in their canonical form (largest exact unit).
    expect(first.policy).toEqual({ maxAge: "90d", renewBefore: "2w" });
    expect(Date.parse(String(first.rotateAfter)) - Date.parse(String(first.createdAt))).toBe((90 - 14) * DAY_MS);
    expect(Date.parse(String(first.expiresAt)) - Date.parse(String(first.rotateAfter))).toBe(14 * DAY_MS);

    // A leakDate alone: CleanTalk's API hands back the key in use, so the up fails and changes nothing.
    await stack.setConfig("leakDate", "2026-11-22");
    const refused = await stack.up();
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain("KEY_NOT_ROTATED: ");
    expect((await stack.outputs()).fingerprint).toBe(first.fingerprint);

    // The README's runbook: a key from the dashboard, then up.
    await stack.setConfig("cleantalkAuthKey", emulator.generateKey(site), { secret: true });
    const calls = apiCalls();
    const preview = await stack.preview();
    const keyStep = preview.steps.find((step) => step.urn.endsWith("::site"));
    expect(keyStep?.op).toBe("replace");
    expect(keyStep?.replaceReasons).toEqual(["rotationTriggers"]);
    expect(apiCalls()).toBe(calls);

    const issued = keysIssued();
    const up = await stack.up();
    expectSuccess(up);
    const second = await stack.outputs();
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.source).toBe("supplied");
    expect(keysIssued()).toBe(issued);
    expect(accessKeys(await stack.exportState())).toHaveLength(1);
    await expectNoIssuedCredential(emulator, stack, up.stdout, up.stderr);

    // The trigger value stays; nothing more to do.
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
  });
});

describe("examples/adopt-dashboard-key", () => {
  const site = { email: "owner@example.org", website: "https://shop.example.org" };

  test("a key generated in the dashboard is validated and adopted without get_api_key", async () => {
    const dashboardKey = emulator.generateKey(site);
    const stack = await PulumiStack.create({
      program: path.join(EXAMPLES, "adopt-dashboard-key"),
      config: { "cleantalk:apiUrl": emulator.url },
      secrets: { cleantalkAuthKey: dashboardKey },
    });
    const [issued, provisioning, validations] = [keysIssued(), apiCalls("get_api_key"), apiCalls("notice_paid_till")];
    const up = await stack.up();
    expectSuccess(up);
    expect(keysIssued()).toBe(issued);
    expect(apiCalls("get_api_key")).toBe(provisioning);
    expect(apiCalls("notice_paid_till")).toBe(validations + 1);

    const outputs = await stack.outputs();
    expect(outputs.authKey).toBe("[secret]");
    expect(outputs.source).toBe("supplied");
    expect(outputs.keyStatus).toBe("valid");
    expect(outputs.fingerprint).toMatch(/^ctk_[0-9a-f]{10}$/);
    expect((await stack.outputs({ showSecrets: true })).authKey).toBe(dashboardKey);
    await expectNoIssuedCredential(emulator, stack, up.stdout, up.stderr);

    // The dashboard generates another key: set it, up, and the resource is
    // replaced by one holding the new key.
    const nextKey = emulator.generateKey(site);
    await stack.setConfig("cleantalkAuthKey", nextKey, { secret: true });
    const rotate = await stack.up();
    expectSuccess(rotate);
    expect((await stack.outputs()).fingerprint).not.toBe(outputs.fingerprint);
    expect((await stack.outputs({ showSecrets: true })).authKey).toBe(nextKey);
    expect(accessKeys(await stack.exportState())).toHaveLength(1);
    await expectNoIssuedCredential(emulator, stack, rotate.stdout, rotate.stderr);
  });
});

describe("examples/consume-in-deployment", () => {
  test("the app's 0600 env file follows the producer's key across a rotation", async () => {
    const producer = await PulumiStack.create({
      program: path.join(EXAMPLES, "consume-in-deployment", "producer"),
      stack: "dev",
      config: { "cleantalk:apiUrl": emulator.url },
    });
    const app = await PulumiStack.create({
      program: path.join(EXAMPLES, "consume-in-deployment", "app"),
      stack: "dev",
      backendDir: producer.backendDir,
      config: { producerStack: producer.referenceName, envFile: "secrets/app.env" },
    });
    const envFile = path.join(app.workDir, "secrets", "app.env");
    const expectEnvFileHolds = async (): Promise<string> => {
      const key = String((await producer.outputs({ showSecrets: true })).authKey);
      expect(readFileSync(envFile, "utf8")).toContain(`CLEANTALK_AUTH_KEY=${key}\n`);
      expect(statSync(envFile).mode & 0o777).toBe(0o600);
      return key;
    };

    expectSuccess(await producer.up());
    const appUp = await app.up();
    expectSuccess(appUp);
    const firstKey = await expectEnvFileHolds();
    const appOutputs = await app.outputs();
    expect(appOutputs.envFilePath).toBe(envFile);
    expect(appOutputs.keyFingerprint).toBe((await producer.outputs()).fingerprint);
    await expectNoIssuedCredential(emulator, app, appUp.stdout, appUp.stderr);

    // A rotation as CleanTalk allows it: a key generated in the dashboard, adopted by the producer.
    await producer.setConfig("cleantalkAuthKey", emulator.generateKey({ email: "ops@example.com", website: "https://app.example.com" }), { secret: true });
    await producer.setConfig("leakDate", "2026-11-22");
    expectSuccess(await producer.up());
    // Until the app's next up, the file still holds the old key.
    expect(readFileSync(envFile, "utf8")).toContain(`CLEANTALK_AUTH_KEY=${firstKey}\n`);

    const appAgain = await app.up();
    expectSuccess(appAgain);
    const secondKey = await expectEnvFileHolds();
    expect(secondKey).not.toBe(firstKey);
    const after = await app.outputs();
    expect(after.keyFingerprint).toBe((await producer.outputs()).fingerprint);
    expect(after.keyFingerprint).not.toBe(appOutputs.keyFingerprint);
    expect(after.envFileDigest).not.toBe(appOutputs.envFileDigest);
    await expectNoIssuedCredential(emulator, app, appAgain.stdout, appAgain.stderr);
    await expectNoIssuedCredential(emulator, producer);
  });
});

describe("the top-level quickstart (Pulumi.yaml at the repository root)", () => {
  /** The root project with `main:` pointing at a copy of examples/quickstart, as PulumiStack copies whole directories. */
  function rootProgram(): string {
    mkdirSync(WORK_ROOT, { recursive: true });
    const dir = mkdtempSync(path.join(WORK_ROOT, "root-project-"));
    const project = readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8");
    expect(project).toMatch(/^main: examples\/quickstart\/?$/m);
    writeFileSync(path.join(dir, "Pulumi.yaml"), project.replace(/^main: .*$/m, "main: quickstart/"));
    cpSync(path.join(EXAMPLES, "quickstart"), path.join(dir, "quickstart"), { recursive: true });
    return dir;
  }

  test("the program provisions one key with secret outputs and a schedule", async () => {
    const stack = await PulumiStack.create({
      program: rootProgram(),
      stack: "quickstart",
      config: { "cleantalk:apiUrl": emulator.url, email: "quickstart@example.net" },
    });
    const issued = keysIssued();
    const up = await stack.up();
    expectSuccess(up);
    expect(keysIssued()).toBe(issued + 1);
    const outputs = await stack.outputs();
    expect(outputs.authKey).toBe("[secret]");
    expect(outputs.source).toBe("provisioned");
    expect(Date.parse(String(outputs.expiresAt)) - Date.parse(String(outputs.rotateAfter))).toBe(30 * DAY_MS);
    await expectNoIssuedCredential(emulator, stack, up.stdout, up.stderr);
    const calls = apiCalls();
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
    expect(apiCalls()).toBe(calls);
  });

  test("`npm start` (scripts/quickstart.js): up, a due key's warning, then rotate through the emulated dashboard", async () => {
    // A copy of the files the script uses, so the run neither reads nor
    // changes the developer's own quickstart stack in .work/quickstart.
    const sandbox = mkdtempSync(path.join(WORK_ROOT, "npm-start-"));
    for (const entry of ["Pulumi.yaml", "scripts", "tools/pulumi-cli", "examples/quickstart"]) {
      cpSync(path.join(REPO_ROOT, entry), path.join(sandbox, entry), { recursive: true, filter: (src) => path.basename(src) !== "bin" });
    }
    symlinkSync(path.join(REPO_ROOT, "dist"), path.join(sandbox, "dist"), "dir");
    // As on a developer's machine: scripts/pulumi-cli.sh finds the CLI in its
    // cache (built once by the test run's setup), not through a test-only PATH.
    const start = (command: string) =>
      new Promise<{ code: number; output: string }>((resolve) => {
        execFile(
          process.execPath,
          [path.join(sandbox, "scripts", "quickstart.js"), command],
          { cwd: sandbox, env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" }, timeout: 180_000 },
          (error, stdout, stderr) => resolve({ code: error === null ? 0 : 1, output: stdout + stderr }),
        );
      });

    const up = await start("up");
    expect(up.code).toBe(0);
    expect(up.output).toContain("authKey      [secret]");
    expect(up.output).toMatch(/source\s+provisioned/);
    const first = /fingerprint\s+(ctk_[0-9a-f]+)/.exec(up.output)?.[1];
    expect(first).toMatch(/^ctk_[0-9a-f]+$/);

    // `due` shortens the key's life: the up warns, names the way out, and asks CleanTalk nothing.
    const due = await start("due");
    expect(due.code).toBe(0);
    expect(due.output).toContain("KEY_DUE: ");
    expect(due.output).toContain("Generate key");
    expect(due.output).toMatch(/state\s+due \(0 days left\)/);
    expect(/fingerprint\s+(ctk_[0-9a-f]+)/.exec(due.output)?.[1]).toBe(first);

    const rotate = await start("rotate");
    expect(rotate.code).toBe(0);
    expect(rotate.output).toMatch(/source\s+supplied/);
    const second = /fingerprint\s+(ctk_[0-9a-f]+)/.exec(rotate.output)?.[1];
    expect(second).toMatch(/^ctk_[0-9a-f]+$/);
    expect(second).not.toBe(first);
    expect(rotate.output).toMatch(/state\s+current/);

    // The script's emulator persisted what it issued: none of it is in the state or the output.
    const issued = JSON.parse(readFileSync(path.join(sandbox, ".work", "quickstart", "emulator-state.json"), "utf8")) as unknown;
    const credentials = collectCredentials(issued);
    expect(credentials.length).toBeGreaterThan(0);
    const state = readStateFiles(path.join(sandbox, ".work", "quickstart", "state"));
    for (const credential of credentials) {
      expect(state).not.toContain(credential);
      expect(up.output + due.output + rotate.output).not.toContain(credential);
    }
  });
});

/** authKey / userToken / passwordHash values anywhere in the emulator's persisted state. */
function collectCredentials(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectCredentials(item, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (/^(authKey|userToken|passwordHash)$/.test(key) && typeof inner === "string") found.push(inner);
      else collectCredentials(inner, found);
    }
  }
  return found;
}

function readStateFiles(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"))
    .join("\n");
}
