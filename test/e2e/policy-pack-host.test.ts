/**
 * Policy packs through our Node language host: since Pulumi 3.221 the engine
 * starts a pack with the host's RunPlugin (kind "analyzer"), which
 * tools/pulumi-cli/cmd/pulumi-language-nodejs implements. A throwaway pack
 * with one mandatory and one advisory policy, installed the way this package
 * will ship its own (node_modules/<package>/policy), judges a one-widget
 * program through `pulumi preview --policy-pack` on the real engine.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { installPolicyPack } from "../support/policy-pack";
import { type EngineEvent, PulumiStack } from "../support/pulumi-cli";

const program = path.join(__dirname, "programs", "widget");
const fixture = path.join(__dirname, "policy-packs", "widget-rules");
const WIDGET_URN = "urn:pulumi:e2e::widget::pulumi-nodejs:dynamic/policy-fixture:Widget::widget";

jest.setTimeout(300_000);

let stack: PulumiStack;
let pack: string;
beforeAll(async () => {
  stack = await PulumiStack.create({ program });
  pack = installPolicyPack(stack.workDir, fixture, "widget-rules-package");
});

/** The program's one widget, with or without a label. */
async function widget(size: number, label?: string): Promise<void> {
  await stack.setConfig("size", String(size));
  if (label === undefined) await stack.removeConfig("label");
  else await stack.setConfig("label", label);
}

/** Each finding as policy, level and the message it reported (the engine puts the policy's description first). */
function violations(events: readonly EngineEvent[]): { policy: string; level: string; message: string }[] {
  return events.flatMap(({ policyEvent: e }) =>
    e === undefined ? [] : [{ policy: e.policyName, level: e.enforcementLevel, message: e.message.split("\n")[1] ?? "" }],
  );
}

test("a compliant program passes every policy and the preview succeeds", async () => {
  await widget(5, "blue");
  const { raw, events } = await stack.previewEvents(["--policy-pack", pack]);
  expect(raw.code).toBe(0);
  expect(violations(events)).toEqual([]);
  // Proof the pack judged the widget, rather than never having run.
  const summary = events.find((e) => e.policyAnalyzeSummaryEvent?.resourceUrn === WIDGET_URN)?.policyAnalyzeSummaryEvent;
  expect(summary?.policyPackName).toBe("widget-rules");
  expect([...(summary?.passed ?? [])].sort()).toEqual(["widget-label-required", "widget-size-limit"]);
});

test("an advisory violation is reported as a warning and the preview succeeds", async () => {
  await widget(5);
  const { raw, events } = await stack.previewEvents(["--policy-pack", pack]);
  expect(raw.code).toBe(0);
  expect(violations(events)).toEqual([{ policy: "widget-label-required", level: "advisory", message: "widget widget has no label" }]);
});

test("a mandatory violation fails the preview with the policy's message, which reads the stack's settings", async () => {
  await widget(50, "blue");
  const { raw, events } = await stack.previewEvents(["--policy-pack", pack]);
  expect(raw.code).not.toBe(0);
  expect(violations(events)).toEqual([
    { policy: "widget-size-limit", level: "mandatory", message: "widget widget in stack e2e has size 50, above the limit of 10" },
  ]);
});

test("the CLI shows the user both findings, each with its level, and fails", async () => {
  await widget(50);
  const result = await stack.run(["preview", "--policy-pack", pack]);
  expect(result.code).not.toBe(0);
  expect(result.stdout).toMatch(/\[mandatory\]\s+widget-size-limit/);
  expect(result.stdout).toContain("widget widget in stack e2e has size 50, above the limit of 10");
  expect(result.stdout).toMatch(/\[advisory\]\s+widget-label-required/);
  expect(result.stdout).toContain("widget widget has no label");
});

test("--policy-pack-config reaches the pack: a policy's settings and an enforcement level", async () => {
  await widget(50);
  const configFile = path.join(stack.workDir, "policy-config.json");
  writeFileSync(configFile, JSON.stringify({ "widget-size-limit": { maxSize: 100 }, "widget-label-required": "mandatory" }));
  const { raw, events } = await stack.previewEvents(["--policy-pack", pack, "--policy-pack-config", configFile]);
  expect(raw.code).not.toBe(0);
  expect(violations(events)).toEqual([{ policy: "widget-label-required", level: "mandatory", message: "widget widget has no label" }]);
});

test("a pack whose dependencies are not installed fails with what to run", async () => {
  await widget(5, "blue");
  // Outside any node_modules tree, nothing resolves @pulumi/pulumi for it.
  const outside = mkdtempSync(path.join(tmpdir(), "policy-pack-"));
  const bare = path.join(outside, "pack");
  cpSync(path.join(stack.workDir, pack), bare, { recursive: true });
  try {
    const result = await stack.run(["preview", "--policy-pack", bare]);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain(`the policy pack's dependencies are not installed: run \`npm install\` in ${bare}`);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});
