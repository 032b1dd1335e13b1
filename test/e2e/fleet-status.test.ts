/**
 * `pulumi-cleantalk status` on a file:// backend: the command as a user runs
 * it (installed from the packed files, `npx` in the project), reading six
 * stacks whose keys are current, due, expired, invalid, regenerated in the
 * dashboard without a refresh, or absent (test/support/key-fleet.ts). The
 * emulator runs in its default mode. test/e2e/fleet-status-s3.test.ts runs
 * the same fleet on an S3 bucket.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { buildFleet, type Fleet } from "../support/key-fleet";
import { type CliResult, WORK_ROOT } from "../support/pulumi-cli";

jest.setTimeout(600_000);

let emulator: RunningEmulator;
let fleet: Fleet;
/**
 * Where a nightly job runs: no Pulumi project around, so `stack ls --all`
 * names every stack fully (inside a project it gives that project's stacks
 * by their short names, which `stack export` resolves there).
 */
let outside: string;
/** Every output of the command in this file, for the leak scan at the end. */
const outputs: CliResult[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  mkdirSync(WORK_ROOT, { recursive: true });
  fleet = await buildFleet({ emulator, backend: { backendDir: mkdtempSync(path.join(WORK_ROOT, "fleet-backend-")) }, tag: "file" });
  outside = mkdtempSync(path.join(tmpdir(), "fleet-status-cwd-"));
});
afterAll(async () => {
  await emulator?.stop();
});

/** `pulumi-cleantalk status <args>`, from outside any project unless a cwd is given. */
async function status(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  const result = await fleet.command(["status", ...args], { cwd: outside, ...options });
  outputs.push(result);
  return result;
}

/** The table's rows as "stack resource state days-left". */
function rowsOf(table: string): string[] {
  const lines = table.split("\n");
  const end = lines.indexOf("");
  return lines.slice(1, end).map((line) => {
    const cells = line.split(/\s{2,}/);
    return [cells[0], cells[1], cells[8], cells[9]].join(" ");
  });
}

function requests(): { total: number; notice: number } {
  const { requests } = emulator.counters();
  return { total: requests.total ?? 0, notice: requests.notice_paid_till ?? 0 };
}

test("status --all lists every key most urgent first, names the stack without keys, exits 1, and neither decrypts nor calls CleanTalk", async () => {
  const before = requests();
  // No passphrase: without --check nothing is decrypted, so none is needed.
  const result = await status(["--all"], { env: { PULUMI_CONFIG_PASSPHRASE: undefined } });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(1);
  const q = fleet.qualified;
  expect(rowsOf(result.stdout)).toEqual([
    `${q("invalid")} site invalid 364`,
    `${q("expired")} site expired -1`,
    `${q("due")} site due 0`,
    `${q("current")} site current 364`,
    `${q("regenerated")} site current 364`,
    `${q("current")} legacy current -`,
  ]);
  expect(result.stdout.split("\n")[0]).toMatch(/^STACK +RESOURCE +HOST NAMES +FINGERPRINT +SOURCE +CREATED +ROTATE AFTER +EXPIRES +STATE +DAYS LEFT$/);
  expect(result.stdout).toContain(`${q("invalid")}      site      site-invalid-file.example.org`);
  expect(result.stdout).toMatch(/\n6 stacks, 6 keys: 1 invalid, 1 expired, 1 due, 3 current\.\nNo keys: organization\/keyring\/empty\n$/);
  expect(requests()).toEqual(before);
});

test("--json is a document scripts can parse, with the same keys, states and exit code", async () => {
  const result = await status(["--all", "--json"]);
  expect(result.code).toBe(1);
  const document = JSON.parse(result.stdout);
  expect(document.summary).toEqual({ stacks: 6, keys: 6, invalid: 1, expired: 1, due: 1, current: 3 });
  expect(document.exitCode).toBe(1);
  expect(document.checked).toBe(false);
  expect(document.keys.map((k: { stack: string; resource: string; state: string }) => `${k.stack.split("/")[2]}/${k.resource}:${k.state}`)).toEqual([
    "invalid/site:invalid",
    "expired/site:expired",
    "due/site:due",
    "current/site:current",
    "regenerated/site:current",
    "current/legacy:current",
  ]);
  const legacy = document.keys.find((k: { resource: string }) => k.resource === "legacy");
  expect(legacy).toMatchObject({
    type: "pulumi-nodejs:dynamic/cleantalk:AccessKey",
    expiresAt: null,
    rotateAfter: null,
    daysLeft: null,
    label: "no rotation",
    source: "provisioned",
  });
  expect(legacy.fingerprint).toMatch(/^ctk_[0-9a-f]{10}$/);
  expect(document.stacks).toContainEqual({ stack: fleet.qualified("empty"), keys: 0 });
  expect(document.errors).toEqual([]);
});

test("--check asks CleanTalk about every key: the key regenerated in the dashboard shows invalid without a refresh", async () => {
  const before = requests();
  const result = await status(["--all", "--check"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(1);
  const q = fleet.qualified;
  expect(rowsOf(result.stdout)).toEqual([
    `${q("invalid")} site invalid 364`,
    `${q("regenerated")} site invalid 364`,
    `${q("expired")} site expired -1`,
    `${q("due")} site due 0`,
    `${q("current")} site current 364`,
    `${q("current")} legacy current -`,
  ]);
  expect(result.stdout.split("\n")[0]).toMatch(/DAYS LEFT {2}CHECK$/);
  // One notice_paid_till per key and nothing else: checking changes no key.
  expect(requests()).toEqual({ total: before.total + 6, notice: before.notice + 6 });
});

test("--check without the passphrase, or with a wrong one, fails each stack with PASSPHRASE, exit 2", async () => {
  for (const env of [{ PULUMI_CONFIG_PASSPHRASE: undefined }, { PULUMI_CONFIG_PASSPHRASE: "not-the-passphrase" }]) {
    const result = await status(["--stack", fleet.qualified("due"), "--check"], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("1 stack (1 not read), 0 keys.\n");
    expect(result.stderr.split("\n")).toEqual([
      expect.stringMatching(/^PASSPHRASE: stack organization\/keyring\/due: .+ Fix: set PULUMI_CONFIG_PASSPHRASE/),
      "",
    ]);
  }
});

test("--stack reads the stacks named, by short name inside the project; no flag reads the selected stack", async () => {
  const project = fleet.stacks.current.workDir;
  const named = await status(["--stack", "due", "--stack", fleet.qualified("expired"), "--json"], { cwd: project });
  expect(named.code).toBe(1);
  expect(JSON.parse(named.stdout).keys.map((k: { stack: string; state: string }) => `${k.stack} ${k.state}`)).toEqual([
    `${fleet.qualified("expired")} expired`,
    "due due",
  ]);

  const selected = await status([], { cwd: project });
  expect(selected.code).toBe(0);
  expect(rowsOf(selected.stdout)).toEqual(["current site current 364", "current legacy current -"]);
});

test("npx pulumi-cleantalk status works in the project that installed the package", async () => {
  const result = await fleet.stacks.current.exec("npx", ["--no", "pulumi-cleantalk", "status", "--all", "--json"], {
    env: { npm_config_update_notifier: "false" },
  });
  outputs.push(result);
  expect(result.code).toBe(1);
  const document = JSON.parse(result.stdout);
  expect(document.summary.keys).toBe(6);
  // Inside the project, its stacks by their short names, as `pulumi stack ls --all` gives them there.
  expect(document.stacks.map((s: { stack: string }) => s.stack)).toEqual(["current", "due", "empty", "expired", "invalid", "regenerated"]);
});

test("clear one-line errors, code first: a missing stack, a backend that cannot be opened, a backend without stacks", async () => {
  const missing = await status(["--stack", "organization/keyring/nope"]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/^STACK_NOT_FOUND: the backend has no stack named organization\/keyring\/nope\. Fix: .+\n$/);

  const unreachable = await status(["--all"], { env: { PULUMI_BACKEND_URL: "file:///nonexistent/pulumi-state" } });
  expect(unreachable.code).toBe(2);
  expect(unreachable.stderr).toMatch(/^BACKEND_UNREACHABLE: pulumi stack ls: the backend could not be read \(.*nonexistent.*\)\. Fix: .+\n$/);

  const emptyBackend = mkdtempSync(path.join(WORK_ROOT, "fleet-empty-backend-"));
  const none = await status(["--all"], { env: { PULUMI_BACKEND_URL: `file://${emptyBackend}` } });
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/^NO_STACKS: the backend has no stacks, so there are no keys to report\. Fix: .+\n$/);

  const usage = await status(["--all", "--stack", "due"]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(/^USAGE: --all and --stack cannot be combined\./);
});

test("no credential the emulator ever issued appears in any output of the command", () => {
  const issued = emulator.issued();
  const secrets = [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes];
  expect(secrets.length).toBeGreaterThanOrEqual(7);
  const text = outputs.map((o) => o.stdout + o.stderr).join("\n");
  expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
});
