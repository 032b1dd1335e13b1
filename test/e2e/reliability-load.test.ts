/**
 * Load through the real engine: one `up` of 200 keys while a tenth of the
 * API's answers fail, and two stacks deploying at once against one emulator.
 * "Accounted for" means: one key per site in state, one key issued per site
 * at the emulator, each state key the emulator's current key for its site.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import { expectSuccess, PulumiStack } from "../support/pulumi-cli";
import {
  expectAccountedFor,
  exportWithSecrets,
  FLEET_PROGRAM,
  fleetSites,
  getApiKeyCalls,
  leaksIn,
  outputOf,
  secretValues,
  siteLabel,
  stateKeys,
} from "../support/reliability-harness";

jest.setTimeout(300_000);

const FLEET_SIZE = 200;
/** Generous for 2 cores; the measured figure is printed. */
const FLEET_BUDGET_MS = 150_000;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

test(`one up of ${FLEET_SIZE} keys with 10% of requests failing: all created, none twice, no orphans`, async () => {
  emulator.reset();
  const stack = await PulumiStack.create({
    program: FLEET_PROGRAM,
    config: { "cleantalk:apiUrl": emulator.url, count: String(FLEET_SIZE), email: "load@example.com" },
  });
  // Half the failures lose the request, half lose the answer after the key
  // was issued (the retry must get the same key back, not a second one).
  emulator.injectFault({ kind: "status", status: 503, fraction: 0.05, seed: 11 });
  emulator.injectFault({ kind: "after-commit-reset", fraction: 0.0527, seed: 12 });

  const started = Date.now();
  const up = await stack.up();
  const elapsedMs = Date.now() - started;
  emulator.clearFaults();
  expectSuccess(up);

  const counters = emulator.counters();
  const calls = getApiKeyCalls(emulator);
  console.log(
    `fleet: ${FLEET_SIZE} keys in ${(elapsedMs / 1000).toFixed(1)} s; get_api_key requests ${calls}, faults ${counters.faultsInjected} (${((100 * counters.faultsInjected) / calls).toFixed(1)}%)`,
  );
  expect(elapsedMs).toBeLessThan(FLEET_BUDGET_MS);
  // The faults really happened, at about the rate asked for.
  expect(counters.faultsInjected).toBeGreaterThanOrEqual(10);
  expect(calls).toBe(FLEET_SIZE + counters.faultsInjected);
  await expectAccountedFor(stack, emulator, fleetSites(FLEET_SIZE));
  expect(leaksIn(outputOf(up), secretValues(emulator))).toEqual([]);

  // Converged: a second preview plans nothing and calls nothing.
  const before = emulator.counters().requests.total;
  const preview = await stack.preview();
  expect(preview.raw.code).toBe(0);
  expect(preview.changeSummary).toEqual({ same: FLEET_SIZE + 1 });
  expect(emulator.counters().requests.total).toBe(before);
});

test("two stacks deploying at once against one emulator do not interfere", async () => {
  emulator.reset();
  const size = 25;
  const [blue, green] = await Promise.all(
    (["blue", "green"] as const).map((prefix) =>
      PulumiStack.create({
        program: FLEET_PROGRAM,
        stack: prefix,
        config: { "cleantalk:apiUrl": emulator.url, count: String(size), prefix, email: `${prefix}@example.com` },
      }),
    ),
  );
  if (blue === undefined || green === undefined) throw new Error("stacks not created");
  emulator.injectFault({ kind: "reset", fraction: 0.1, seed: 5 });

  const [blueUp, greenUp] = await Promise.all([blue.up(), green.up()]);
  emulator.clearFaults();
  expectSuccess(blueUp);
  expectSuccess(greenUp);

  const blueSites = fleetSites(size, "blue");
  const greenSites = fleetSites(size, "green");
  const counters = emulator.counters();
  expect(counters.totalKeysIssued).toBe(2 * size);
  for (const site of [...blueSites, ...greenSites]) expect(counters.keysIssued[siteLabel(site)]).toBe(1);
  // Each stack holds its own sites only, and keys are never shared between stacks.
  await expectAccountedFor(blue, emulator, blueSites, { alsoIssuedFor: greenSites });
  await expectAccountedFor(green, emulator, greenSites, { alsoIssuedFor: blueSites });
  const blueKeys = new Set(stateKeys(await exportWithSecrets(blue)).map((k) => k.authKey));
  const greenKeys = stateKeys(await exportWithSecrets(green)).map((k) => k.authKey);
  expect(greenKeys.filter((key) => blueKeys.has(key))).toEqual([]);
  expect(blueKeys.size + greenKeys.length).toBe(2 * size);
});
