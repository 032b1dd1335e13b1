/**
 * Crash safety with the real engine: `pulumi up` killed while creates are in
 * flight (emulator latency keeps several open at once), then the recovery
 * procedure in the README ("Recovering from an interrupted `pulumi up`").
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { accessKeys, type CliResult, expectSuccess, PulumiStack } from "../support/pulumi-cli";
import {
  expectAccountedFor,
  FLEET_PROGRAM,
  fleetSites,
  getApiKeyCalls,
  killTree,
  outputOf,
  processTree,
  repairCutCheckpoint,
  waitFor,
} from "../support/reliability-harness";

jest.setTimeout(300_000);

const KEYS = 20;
const LATENCY_MS = 400;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

interface PendingOperation {
  readonly type: string;
  readonly resource: { readonly urn: string };
}

/** Starts `pulumi up` and returns it with its process, once spawned. */
function startUp(stack: PulumiStack): { child: () => ChildProcess; done: Promise<CliResult> } {
  let child: ChildProcess | undefined;
  const done = stack.run(["up", "--yes", "--skip-preview"], { onSpawn: (c) => (child = c) });
  return {
    child: () => {
      if (child === undefined) throw new Error("pulumi up was not spawned");
      return child;
    },
    done,
  };
}

/** Once `n` get_api_key requests arrived: with 8 parallel creates, the second wave is in flight. */
const requestsArrived = (n: number) => () => getApiKeyCalls(emulator) >= n;

test(`SIGKILL mid-up: pending creates are recorded, and cancel → refresh --clear-pending-creates → up accounts for all ${KEYS} keys`, async () => {
  emulator.reset();
  emulator.configure({ latencyMs: LATENCY_MS });
  const stack = await PulumiStack.create({
    program: FLEET_PROGRAM,
    stack: "crash",
    config: { "cleantalk:apiUrl": emulator.url, count: String(KEYS), email: "crash@example.com" },
  });

  const up = startUp(stack);
  expect(await waitFor(requestsArrived(12), 60_000)).toBe(true);
  const killed = killTree(up.child());
  const crashed = await up.done;
  expect(crashed.code).not.toBe(0);
  // Nothing we started survives the kill (the plugins run in process groups of their own).
  expect(killed.length).toBeGreaterThanOrEqual(3);
  expect(await waitFor(() => killed.every((pid) => !alive(pid)), 5_000)).toBe(true);
  // Requests already at the emulator still complete there: CleanTalk keeps the keys it issued.
  await new Promise((resolve) => setTimeout(resolve, LATENCY_MS + 300));
  emulator.configure({ latencyMs: 0 });

  // Step 0: a kill during a checkpoint write can leave its sidecar empty
  // ("failed to load checkpoint: EOF"); remove it to get the last checkpoint back.
  const readable = await stack.run(["stack", "export"]);
  const repaired = readable.code === 0 ? [] : repairCutCheckpoint(stack);
  if (readable.code !== 0) expect(outputOf(readable)).toContain("failed to load checkpoint");

  // What the engine recorded: finished creates as resources, in-flight ones as pending "creating".
  const crashedState = await stack.exportState();
  const pending = (crashedState.deployment.pending_operations ?? []) as PendingOperation[];
  const recorded = accessKeys(crashedState).length;
  const issuedByCrashedRun = emulator.counters().totalKeysIssued;
  console.log(
    `crash: killed ${killed.length} processes; checkpoint repair: ${repaired.join(", ") || "not needed"}; ${recorded} keys recorded, ${pending.length} pending creates, ${issuedByCrashedRun} keys issued by the emulator`,
  );
  expect(pending.length).toBeGreaterThan(0);
  expect(pending.every((op) => op.type === "creating")).toBe(true);
  expect(recorded + pending.length).toBeLessThanOrEqual(KEYS);
  // Keys the emulator issued for sites whose create the engine never saw finish.
  expect(issuedByCrashedRun).toBeGreaterThan(recorded);

  // Step 1: the killed CLI left its lock behind; `up` refuses and names the fix.
  const locked = await stack.up();
  expect(locked.code).not.toBe(0);
  expect(outputOf(locked)).toMatch(/the stack is currently locked by 1 lock\(s\)[\s\S]*pulumi cancel/);
  expectSuccess(await stack.cancel());

  // Step 2: drop the pending creates (the keys behind them are fetched again by step 3).
  const refresh = await stack.run(["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
  expectSuccess(refresh);
  const cleared = await stack.exportState();
  expect(cleared.deployment.pending_operations ?? []).toEqual([]);
  expect(accessKeys(cleared)).toHaveLength(recorded);

  // Step 3: up creates the rest; a site whose key was issued during the crash gets that same key back.
  const callsBefore = getApiKeyCalls(emulator);
  expectSuccess(await stack.up());
  const after = emulator.counters();
  expect(getApiKeyCalls(emulator) - callsBefore).toBe(KEYS - recorded);
  expect(after.totalKeysIssued - issuedByCrashedRun).toBe(KEYS - issuedByCrashedRun);
  await expectAccountedFor(stack, emulator, fleetSites(KEYS));
  console.log(
    `crash: recovery fetched ${KEYS - recorded} keys, ${issuedByCrashedRun - recorded} of them the same keys the crashed run had obtained; total issued ${after.totalKeysIssued}`,
  );
});

test.each(["SIGINT", "SIGTERM"] as const)(
  "%s mid-up is graceful: in-flight creates finish and are recorded, no pending operations, no lock",
  async (signal) => {
    emulator.reset();
    emulator.configure({ latencyMs: LATENCY_MS });
    const stack = await PulumiStack.create({
      program: FLEET_PROGRAM,
      stack: `interrupt-${signal.toLowerCase()}`,
      config: { "cleantalk:apiUrl": emulator.url, count: String(KEYS), prefix: signal.toLowerCase(), email: "interrupt@example.com" },
    });

    const up = startUp(stack);
    expect(await waitFor(requestsArrived(4), 60_000)).toBe(true);
    const tree = processTree(up.child().pid as number);
    up.child().kill(signal);
    const interrupted = await up.done;
    expect(interrupted.code).not.toBe(0);
    expect(await waitFor(() => tree.every((pid) => !alive(pid)), 10_000)).toBe(true);
    emulator.configure({ latencyMs: 0 });

    const state = await stack.exportState();
    expect(state.deployment.pending_operations ?? []).toEqual([]);
    const recorded = accessKeys(state).length;
    // Every key the emulator issued made it into state before the CLI exited.
    expect(emulator.counters().totalKeysIssued).toBe(recorded);
    expect(recorded).toBeLessThan(KEYS);

    // No lock, no cancel: the next up simply finishes the job.
    expectSuccess(await stack.up());
    await expectAccountedFor(stack, emulator, fleetSites(KEYS, signal.toLowerCase()));
  },
);

/** Running (a zombie awaiting its reaper counts as gone: it holds no sockets or locks). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
