/**
 * What a person reads when something expected goes wrong, on the real CLI:
 * each error kind is one diagnostic of the resource (Pulumi's own progress
 * lines and its summary aside), it starts with its code and says what to do,
 * and the output holds no JavaScript stack frame, no path into this package
 * and no credential.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { type Diagnostic, diagnosticsOf, INTERNAL_PATH, STACK_FRAME } from "../support/cli-output";
import { type CliResult, expectSuccess, PulumiStack } from "../support/pulumi-cli";

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
async function stackFor(name: string, config: Record<string, string> = {}, secrets: Record<string, string> = {}) {
  sequence++;
  const site = { email: `errors-${name}@example.org`, website: `https://${name}-${sequence}.errors.example.org` };
  const stack = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, ...site, ...config }, secrets });
  return { stack, site };
}

/**
 * The checks every expected error passes: exactly one diagnostic of the key
 * carries the code (after Pulumi's own "has a problem:" prefix for preview's
 * input checks), it says what to do, and nothing in the whole output is a
 * stack frame, an internal path or a credential.
 */
function expectOneReadableError(result: CliResult, code: string, extraSecrets: readonly string[] = []): Diagnostic {
  expect(result.code).not.toBe(0);
  const output = result.stdout + result.stderr;
  const carrying = diagnosticsOf(result.stdout).filter((d) => d.message.includes(`${code}: `));
  expect(carrying).toHaveLength(1);
  const [diagnostic] = carrying as [Diagnostic];
  expect(diagnostic.severity).toBe("error");
  expect(diagnostic.resource).toBe("pulumi-nodejs:dynamic/cleantalk:AccessKey (site)");
  const ownText = diagnostic.message.replace(/^.*has a problem: /s, "").replace(/^1 error occurred:\n\t\* /, "");
  expect(ownText.startsWith(`${code}: `)).toBe(true);
  expect(ownText).toMatch(/\nFix:|; e\.g\. |; use |; remove |; give |; set /);
  expect(output).not.toMatch(STACK_FRAME);
  expect(output).not.toMatch(INTERNAL_PATH);
  const issued = emulator.issued();
  for (const secret of [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes, ...extraSecrets]) expect(output).not.toContain(secret);
  return diagnostic;
}

test("INVALID_INPUT at preview: one diagnostic naming the field and the fix", async () => {
  const { stack } = await stackFor("input", { label: "bad\tlabel" });
  const preview = await stack.run(["preview"]);
  const diagnostic = expectOneReadableError(preview, "INVALID_INPUT");
  expect(diagnostic.message).toContain("property label");
  expect(emulator.counters().requests.total).toBe(0);
});

test("INSECURE_ENDPOINT at preview: one diagnostic, no stack trace", async () => {
  const { stack } = await stackFor("insecure", { "cleantalk:apiUrl": "http://api.example.com" });
  const preview = await stack.run(["preview"]);
  const diagnostic = expectOneReadableError(preview, "INSECURE_ENDPOINT");
  expect(diagnostic.message).toContain("cleantalk:apiUrl");
});

test("KEY_NOT_ROTATED: a refused rotation reads as one diagnostic", async () => {
  const { stack } = await stackFor("refused");
  expectSuccess(await stack.up());
  await stack.setConfig("leak", "2026-11-22");
  const up = await stack.up();
  const diagnostic = expectOneReadableError(up, "KEY_NOT_ROTATED");
  expect(diagnostic.message).toContain("Generate key");
  if (process.env.CLEANTALK_E2E_TRANSCRIPT !== undefined) writeFileSync(process.env.CLEANTALK_E2E_TRANSCRIPT, up.stdout + up.stderr);
});

test("ACCOUNT_EXISTS: a site the account already has, past the same-key window", async () => {
  const { site } = await stackFor("exists-first");
  const first = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, ...site } });
  expectSuccess(await first.up());
  emulator.advanceClock(11 * 60_000);
  const second = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, ...site } });
  const diagnostic = expectOneReadableError(await second.up(), "ACCOUNT_EXISTS");
  expect(diagnostic.message).toContain("alias");
});

test("KEY_REJECTED: a supplied key CleanTalk does not accept", async () => {
  const wrongKey = "wrongkey7q2x9z4";
  const { stack } = await stackFor("rejected", {}, { authKey: wrongKey });
  expectOneReadableError(await stack.up(), "KEY_REJECTED", [wrongKey]);
});

test("RETRIES_EXHAUSTED: a rate limit that does not lift", async () => {
  const { stack } = await stackFor("rate", { "cleantalk:maxAttempts": "2" });
  emulator.injectFault({ kind: "error", errorNo: 10, errorMessage: "Calls limit exceeded.", count: 2 });
  const up = await stack.up();
  const diagnostic = expectOneReadableError(up, "RETRIES_EXHAUSTED");
  expect(diagnostic.message).toContain("RATE_LIMITED");
});

test("a refresh that cannot reach CleanTalk: one diagnostic of the resource, a pointer line and no stack on the stack's side", async () => {
  const { stack } = await stackFor("refresh", { "cleantalk:maxAttempts": "1" });
  expectSuccess(await stack.up());
  emulator.injectFault({ kind: "status", status: 503, count: 1 });
  const refresh = await stack.run(["refresh", "--yes", "--skip-preview"]);
  expectOneReadableError(refresh, "RETRIES_EXHAUSTED");
  // Pulumi's dynamic-provider host also prints a failed refresh on its stderr, shown under the stack: a pointer, not a copy.
  const stackSide = diagnosticsOf(refresh.stdout).filter((d) => d.resource.startsWith("pulumi:pulumi:Stack"));
  expect(stackSide.map((d) => d.message).join("\n")).toContain("[pulumi-cleantalk] a key's refresh failed: RETRIES_EXHAUSTED, see that key's own error");
  for (const diagnostic of stackSide) expect(diagnostic.message).not.toContain("Fix:");
});
