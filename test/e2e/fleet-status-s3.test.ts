/**
 * `pulumi-cleantalk status` on an S3-compatible bucket, as teams that share
 * state keep it: moto's S3 server on loopback (test/support/s3-backend.ts),
 * the same six-stack fleet as test/e2e/fleet-status.test.ts.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { buildFleet, type Fleet } from "../support/key-fleet";
import type { CliResult } from "../support/pulumi-cli";
import { type S3Backend, startS3Backend } from "../support/s3-backend";

jest.setTimeout(600_000);

let emulator: RunningEmulator;
let s3: S3Backend;
let fleet: Fleet;
let outside: string;
const outputs: CliResult[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  s3 = await startS3Backend();
  fleet = await buildFleet({ emulator, backend: { backend: s3 }, tag: "s3" });
  outside = mkdtempSync(path.join(tmpdir(), "fleet-status-s3-cwd-"));
});
afterAll(async () => {
  await s3?.stop();
  await emulator?.stop();
});

async function status(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await fleet.command(["status", ...args], { cwd: outside, env });
  outputs.push(result);
  return result;
}

function states(document: { keys: { stack: string; resource: string; state: string }[] }): string[] {
  return document.keys.map((k) => `${k.stack.split("/")[2]}/${k.resource}:${k.state}`);
}

test("the stacks are in the bucket, and status --all reads every one of them: right states, most urgent first, exit 1", async () => {
  const objects = await s3.objectKeys();
  for (const name of ["current", "due", "expired", "invalid", "regenerated", "empty"]) expect(objects).toContain(`.pulumi/stacks/keyring/${name}.json`);

  const table = await status(["--all"]);
  expect(table.stderr).toBe("");
  expect(table.code).toBe(1);
  expect(table.stdout).toMatch(/\n6 stacks, 6 keys: 1 invalid, 1 expired, 1 due, 3 current\.\nNo keys: organization\/keyring\/empty\n$/);

  const json = await status(["--all", "--json"]);
  expect(json.code).toBe(1);
  expect(states(JSON.parse(json.stdout))).toEqual([
    "invalid/site:invalid",
    "expired/site:expired",
    "due/site:due",
    "current/site:current",
    "regenerated/site:current",
    "current/legacy:current",
  ]);
});

test("--check flags the key regenerated in the dashboard as invalid, without a refresh", async () => {
  const before = emulator.counters().requests.notice_paid_till ?? 0;
  const result = await status(["--all", "--check", "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(1);
  const document = JSON.parse(result.stdout);
  expect(states(document)).toEqual([
    "invalid/site:invalid",
    "regenerated/site:invalid",
    "expired/site:expired",
    "due/site:due",
    "current/site:current",
    "current/legacy:current",
  ]);
  expect(document.keys.find((k: { stack: string }) => k.stack.endsWith("/regenerated")).check).toEqual({ status: "invalid" });
  expect((emulator.counters().requests.notice_paid_till ?? 0) - before).toBe(6);
});

test("a bucket that cannot be reached is BACKEND_UNREACHABLE, exit 2", async () => {
  // The same bucket on a port nothing listens on.
  const url = s3.url.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:1");
  const result = await status(["--all"], { PULUMI_BACKEND_URL: url });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^BACKEND_UNREACHABLE: pulumi stack ls: the backend could not be read \(.*connection refused.*\)\. Fix: .+\n$/);
});

test("no credential the emulator ever issued appears in any output of the command", () => {
  const issued = emulator.issued();
  const secrets = [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes];
  expect(secrets.length).toBeGreaterThanOrEqual(7);
  const text = outputs.map((o) => o.stdout + o.stderr).join("\n");
  expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
});
