/**
 * Faults on the wire, through the real engine: one fleet stack reused across
 * cases, one new key per case, the fault aimed at that key's get_api_key.
 * Transient faults must be retried into exactly one issued key; permanent
 * ones must fail the `up` with a message naming the failure, leave the state
 * as it was, and converge once the fault is gone.
 */
import { type FaultSpec, type RunningEmulator, startEmulator } from "../../emulator";
import { type CliResult, expectSuccess, PulumiStack } from "../support/pulumi-cli";
import {
  expectAccountedFor,
  FLEET_PROGRAM,
  fleetSites,
  getApiKeyCalls,
  keyState,
  leaksIn,
  outputOf,
  secretValues,
  siteLabel,
} from "../support/reliability-harness";

jest.setTimeout(300_000);

const EMAIL = "faults@example.com";

let emulator: RunningEmulator;
let stack: PulumiStack;
let count = 1;

beforeAll(async () => {
  emulator = await startEmulator();
  // A short deadline so the hang and trickle cases trip it in seconds.
  stack = await PulumiStack.create({
    program: FLEET_PROGRAM,
    config: { "cleantalk:apiUrl": emulator.url, "cleantalk:requestTimeout": "2s", email: EMAIL, count: String(count) },
  });
  expectSuccess(await stack.up());
});
afterAll(async () => {
  await emulator.stop();
});

/** Adds one key to the program; returns its site. */
async function addKey(): Promise<string> {
  count++;
  await stack.setConfig("count", String(count));
  return fleetSites(count)[count - 1] as string;
}

const GET_API_KEY = { methods: ["get_api_key"] };

interface TransientCase {
  readonly name: string;
  readonly faults: FaultSpec[];
  /** Text the provider's retry notice must show. */
  readonly notice?: string;
}

const transient: TransientCase[] = [
  { name: "HTTP 500", faults: [{ kind: "status", status: 500, count: 2, ...GET_API_KEY }] },
  { name: "HTTP 502 with a proxy's HTML page", faults: [{ kind: "malformed", status: 502, count: 2, ...GET_API_KEY }] },
  { name: "HTTP 503", faults: [{ kind: "status", status: 503, count: 2, ...GET_API_KEY }] },
  {
    name: "HTTP 429 with Retry-After: 1",
    faults: [{ kind: "status", status: 429, retryAfterSeconds: 1, count: 2, ...GET_API_KEY }],
    notice: "retrying in 1000 ms",
  },
  {
    name: "error_no 10 (Calls limit exceeded) in a 200",
    faults: [{ kind: "error", errorNo: 10, errorMessage: "Calls limit exceeded.", status: 200, count: 2, ...GET_API_KEY }],
    notice: "(RATE_LIMITED)",
  },
  { name: "connection reset before the answer", faults: [{ kind: "reset", count: 2, ...GET_API_KEY }], notice: "(NETWORK)" },
  { name: "connection reset after the key was issued (lost answer)", faults: [{ kind: "after-commit-reset", count: 1, ...GET_API_KEY }], notice: "(NETWORK)" },
  { name: "read timeout (server hangs)", faults: [{ kind: "hang", maxMs: 20_000, count: 1, ...GET_API_KEY }], notice: "(TIMEOUT)" },
  { name: "slow trickling body (past the deadline)", faults: [{ kind: "trickle", intervalMs: 100, count: 1, ...GET_API_KEY }], notice: "(TIMEOUT)" },
  { name: "truncated JSON", faults: [{ kind: "truncate", count: 2, ...GET_API_KEY }], notice: "(SCHEMA_MISMATCH)" },
  { name: "truncated body, connection closed mid-way", faults: [{ kind: "truncate", abortConnection: true, count: 1, ...GET_API_KEY }] },
  {
    name: "malformed JSON",
    faults: [{ kind: "malformed", status: 200, body: '{"data": {auth_key: nope', contentType: "application/json", count: 2, ...GET_API_KEY }],
    notice: "(SCHEMA_MISMATCH)",
  },
];

describe("transient faults are retried and the key is issued exactly once", () => {
  test.each(transient)("$name", async ({ faults, notice }) => {
    const site = await addKey();
    const before = emulator.counters();
    const callsBefore = getApiKeyCalls(emulator);
    for (const fault of faults) emulator.injectFault(fault);

    const up = await stack.up();
    expectSuccess(up);

    const after = emulator.counters();
    const injected = faults.reduce((n, f) => n + (f.count ?? 1), 0);
    expect(emulator.faults()).toEqual([]); // every injected fault fired
    expect(after.faultsInjected - before.faultsInjected).toBe(injected);
    expect(getApiKeyCalls(emulator) - callsBefore).toBe(injected + 1);
    expect(after.keysIssued[siteLabel(site)]).toBe(1);
    expect(after.totalKeysIssued).toBe(count);
    if (notice !== undefined) expect(outputOf(up)).toContain(notice);
    expect(leaksIn(outputOf(up), [...secretValues(emulator), EMAIL])).toEqual([]);
  });

  test("every key is accounted for after all transient cases", async () => {
    await expectAccountedFor(stack, emulator, fleetSites(count));
  });
});

interface PermanentCase {
  readonly name: string;
  readonly fault: FaultSpec;
  /** Stack config for this case only. */
  readonly config?: Record<string, string>;
  /** get_api_key requests the failed up may make. */
  readonly attempts: number;
  readonly message: RegExp[];
}

const permanent: PermanentCase[] = [
  {
    name: "unexpected JSON shape",
    fault: { kind: "shape", count: 10, ...GET_API_KEY },
    attempts: 1,
    message: [/get_api_key answered in an unexpected shape/, /no key was taken from it/],
  },
  {
    name: "HTTP 200 with error_no 12",
    fault: { kind: "error", errorNo: 12, errorMessage: "Invalid access key.", status: 200, count: 10, ...GET_API_KEY },
    attempts: 1,
    message: [/API_ERROR: CleanTalk get_api_key refused the call: Invalid access key\. \(error_no 12\)/],
  },
  {
    name: "HTTP 503 beyond the retry budget (cleantalk:maxAttempts 2)",
    fault: { kind: "status", status: 503, count: 10, ...GET_API_KEY },
    config: { "cleantalk:maxAttempts": "2" },
    attempts: 2,
    message: [/answered HTTP 503/, /gave up after 2 attempts/, /run `pulumi up` again/],
  },
];

describe("permanent faults fail clearly, change nothing, and converge once cleared", () => {
  test.each(permanent)("$name", async ({ fault, config, attempts, message }) => {
    for (const [key, value] of Object.entries(config ?? {})) await stack.setConfig(key, value);
    const site = await addKey();
    const stateBefore = keyState(await stack.exportState());
    const callsBefore = getApiKeyCalls(emulator);
    emulator.injectFault(fault);

    let failed: CliResult;
    try {
      failed = await stack.up();
    } finally {
      emulator.clearFaults();
    }
    expect(failed.code).not.toBe(0);
    const text = outputOf(failed);
    for (const pattern of message) expect(text).toMatch(pattern);
    expect(leaksIn(text, [...secretValues(emulator), EMAIL])).toEqual([]);
    expect(getApiKeyCalls(emulator) - callsBefore).toBe(attempts);
    expect(emulator.counters().keysIssued[siteLabel(site)]).toBeUndefined();
    expect(keyState(await stack.exportState())).toBe(stateBefore);

    for (const key of Object.keys(config ?? {})) await stack.removeConfig(key);
    expectSuccess(await stack.up());
    await expectAccountedFor(stack, emulator, fleetSites(count));
  });
});
