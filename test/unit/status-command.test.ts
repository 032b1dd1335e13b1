import type { PulumiRunner } from "../../cli/pulumi-command";
import { runStatus } from "../../cli/status-command";
import { StatusError } from "../../cli/status-error";
import { keyResource, stackExport } from "../support/state-fixtures";

const now = new Date("2026-06-01T12:00:00.000Z");

/** A stand-in for the pulumi CLI: a backend of stacks, each an export or the failure its export meets. */
function backend(stacks: Record<string, Record<string, unknown> | StatusError>): { run: PulumiRunner; calls: string[][] } {
  const calls: string[][] = [];
  const run: PulumiRunner = async (args) => {
    calls.push([...args]);
    if (args[0] === "stack" && args[1] === "ls") return { stdout: JSON.stringify(Object.keys(stacks).map((name) => ({ name, resourceCount: 1 }))), stderr: "" };
    if (args[0] === "stack" && args[1] === "--show-name") return { stdout: "selected\n", stderr: "" };
    const name = args[args.indexOf("--stack") + 1] ?? "";
    const state = stacks[name];
    if (state === undefined) throw new StatusError("STACK_NOT_FOUND", `the backend has no stack named ${name}.`);
    if (StatusError.isInstance(state)) throw state;
    return { stdout: JSON.stringify(state), stderr: "" };
  };
  return { run, calls };
}

describe("runStatus", () => {
  it("--all reads every stack without secrets and lists their keys most urgent first", async () => {
    const { run, calls } = backend({
      "org/web/prod": stackExport([
        keyResource("org/web/prod", { name: "site", ageDays: 400 }, now),
        keyResource("org/web/prod", { name: "api", ageDays: 5 }, now),
      ]),
      "org/web/staging": stackExport([keyResource("org/web/staging", { name: "site", ageDays: 340 }, now)]),
      "org/web/empty": stackExport([]),
    });
    const { report, exitCode } = await runStatus({ selection: { kind: "all" }, json: false, check: false }, { run, now: () => now });
    expect(exitCode).toBe(1);
    expect(report.rows.map((r) => `${r.stack} ${r.resource} ${r.state}`)).toEqual([
      "org/web/prod site expired",
      "org/web/staging site due",
      "org/web/prod api current",
    ]);
    expect(report.stacks).toEqual([
      { stack: "org/web/empty", keys: 0 },
      { stack: "org/web/prod", keys: 2 },
      { stack: "org/web/staging", keys: 1 },
    ]);
    expect(calls.filter((args) => args.includes("export")).every((args) => !args.includes("--show-secrets"))).toBe(true);
  });

  it("a stack that cannot be read is reported, the others still are, and the exit code says the report is incomplete", async () => {
    const { run } = backend({
      "org/web/prod": stackExport([keyResource("org/web/prod", { name: "site" }, now)]),
      "org/web/locked": new StatusError("BACKEND_UNREACHABLE", "stack org/web/locked: the backend could not be read (refused)."),
    });
    const { report, exitCode } = await runStatus(
      { selection: { kind: "named", stacks: ["org/web/prod", "org/web/locked", "org/web/prod"] }, json: false, check: false },
      { run, now: () => now },
    );
    expect(exitCode).toBe(2);
    expect(report.rows.map((r) => r.resource)).toEqual(["site"]);
    expect(report.stacks.map((s) => ("error" in s ? `${s.stack}: ${s.error.code}` : `${s.stack}: ${s.keys}`))).toEqual([
      "org/web/prod: 1",
      "org/web/locked: BACKEND_UNREACHABLE",
    ]);
  });

  it("without a stack named, reads the project's selected stack", async () => {
    const { run, calls } = backend({ selected: stackExport([]) });
    const { report, exitCode } = await runStatus({ selection: { kind: "selected" }, json: false, check: false }, { run, now: () => now });
    expect(exitCode).toBe(0);
    expect(report.stacks).toEqual([{ stack: "selected", keys: 0 }]);
    expect(calls[0]).toEqual(["stack", "--show-name"]);
  });

  it("a backend without stacks is an error: a job pointed at the wrong backend must not pass", async () => {
    const { run } = backend({});
    const { report, exitCode } = await runStatus({ selection: { kind: "all" }, json: false, check: false }, { run, now: () => now });
    expect(exitCode).toBe(2);
    expect(report.errors.map((e) => e.code)).toEqual(["NO_STACKS"]);
  });

  it("an export that is not a deployment is reported without quoting it", async () => {
    const run: PulumiRunner = async (args) =>
      args[1] === "ls" ? { stdout: '[{"name":"s"}]', stderr: "" } : { stdout: '{"plaintext": "a-secret-value", "not": "a deployment"}', stderr: "" };
    const { report } = await runStatus({ selection: { kind: "all" }, json: false, check: false }, { run, now: () => now });
    const [stack] = report.stacks;
    expect(stack !== undefined && "error" in stack ? stack.error.message : "").toMatch(
      /^STATE_UNREADABLE: stack s: pulumi stack export printed no deployment this version reads/,
    );
    expect(JSON.stringify(report)).not.toContain("a-secret-value");
  });
});
