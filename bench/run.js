// @ts-check
/**
 * `npm run bench`: the provider against the floor every dynamic provider pays,
 * each pair measured side by side in one run and interleaved (A, B, B, A, …)
 * so machine noise hits both. Writes bench/RESULTS.md and the raw figures to
 * bench/.runs/<date>.json.
 *
 *   1. state size per key       (pulumi stack export)
 *   2. plan cost                (pulumi preview of N existing resources)
 *   3. provisioning throughput  (pulumi up creating N, 50 ms API latency)
 *   4. client overhead          (CleantalkClient vs bare undici, same Pool)
 *   5. provider start-up        (real dynamic-provider plugin over gRPC)
 *   6. the plugin               (state, up and preview: plugin vs dynamic provider vs floor)
 *
 * Knobs (environment): BENCH_RESOURCES (200), BENCH_ROUNDS (7), BENCH_LATENCY_MS (50),
 * BENCH_CLIENT_CALLS (10000), BENCH_STARTS (5), BENCH_KEEP=1 keeps the projects (under the OS temp dir),
 * BENCH_ONLY=plugin runs §6 alone and replaces only that section of RESULTS.md; BENCH_ONLY=up runs
 * the `up`s of §3 alone (keys, floor and stored floor) and prints their ratios without touching
 * RESULTS.md, to check a change's effect on `up` with more rounds (e.g. BENCH_ROUNDS=15).
 * Requires `npm run build` (the npm script runs it first).
 */
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { PulumiStack, pulumiVersion, REPO_ROOT, WORK_ROOT } = require("./lib/pulumi-stack");
const { startEmulatorProcess } = require("./lib/emulator-process");
const { execFileSync } = require("node:child_process");
const { measureStart } = require("./lib/provider-startup");
const { machine, loadSnapshot } = require("./lib/machine");
const { fixed, median, medianInterval, pairedRatio, roundRatios } = require("./lib/stats");
const { pluginSection, spliceSection, writeResults } = require("./lib/results");
const { comparePlugin } = require("./lib/plugin-comparison");
const { analysis } = require("./lib/analysis");
const { keepSections } = require("./lib/kept-sections");
const { stateBytes } = require("./lib/state-bytes");
const { cpuByRole } = require("./lib/cpu-by-role");

const intEnv = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
};
const N = intEnv("BENCH_RESOURCES", 200);
const ROUNDS = intEnv("BENCH_ROUNDS", 7);
const LATENCY_MS = intEnv("BENCH_LATENCY_MS", 50);
const CLIENT_CALLS = intEnv("BENCH_CLIENT_CALLS", 10_000);
const STARTS = intEnv("BENCH_STARTS", 5);
const KEYS_PROGRAM = path.join(__dirname, "programs", "keys");
const MINIMAL_PROGRAM = path.join(__dirname, "programs", "minimal");
const KEY_TYPE = "pulumi-nodejs:dynamic/cleantalk:AccessKey";
const MINIMAL_TYPE = "pulumi-nodejs:dynamic/bench:Minimal";
// As many properties as a CleantalkAccessKey of bench/programs/keys registers:
// its inputs email and website, and the outputs credentials and details.
const WIDE_PROPS = 4;

const log = (/** @type {string} */ message) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(0)}s] ${message}`);
const t0 = performance.now();

/** Runs the steps in order on even rounds and reversed on odd ones, so none always goes first. */
async function interleave(/** @type {number} */ round, /** @type {(() => Promise<void>)[]} */ steps) {
  for (const step of round % 2 === 0 ? steps : [...steps].reverse()) await step();
}

/** @param {number} round @param {() => Promise<void>} a @param {() => Promise<void>} b */
const pair = (round, a, b) => interleave(round, [a, b]);

/**
 * The serialised shim as Pulumi builds it, for the current SDK and for the
 * floor, measured without a deployment (what a shim change would save).
 */
async function shimSizes() {
  const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
  const serializedProvider = require("../dist/sdk/serialized-provider");
  const minimal = {
    async create() {
      return { id: "fixed", outs: {} };
    },
  };
  const { compactShim } = require("./lib/compact-shim");
  const text = async (/** @type {unknown} */ provider) => Buffer.byteLength((await serializeFunction(() => provider, { allowSecrets: true })).text);
  return { current: await text(serializedProvider), minimal: await text(minimal), compact: await text(compactShim) };
}

/** `BENCH_ONLY=plugin`: §6 alone, spliced into the RESULTS.md of the last full run. */
async function pluginOnly() {
  const info = machine(pulumiVersion());
  log(`§6 alone: ${N} resources, ${ROUNDS} rounds`);
  mkdirSync(WORK_ROOT, { recursive: true });
  const emulator = await startEmulatorProcess();
  /** @type {any} */
  let plugin;
  try {
    plugin = await comparePlugin({ emulator, N, ROUNDS, LATENCY_MS, log });
  } finally {
    await emulator.stop();
    if (process.env.BENCH_KEEP !== "1") rmSync(WORK_ROOT, { recursive: true, force: true });
  }
  const runsDir = path.join(__dirname, ".runs");
  mkdirSync(runsDir, { recursive: true });
  writeFileSync(path.join(runsDir, `${info.date.replace(/[:.]/g, "-")}-plugin.json`), `${JSON.stringify({ machine: info, plugin }, null, 2)}\n`);
  const resultsFile = path.join(__dirname, "RESULTS.md");
  writeFileSync(resultsFile, spliceSection(readFileSync(resultsFile, "utf8"), pluginSection(plugin, { date: info.date, alone: true })));
  log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s: §6 of bench/RESULTS.md`);
}

/**
 * The stacks §3 compares, each with N resources: keys against the emulator at `apiUrl` (a fresh
 * account and site per key, from `runId`), and the floor, plain, wide (`props`) or storing a key's
 * state (the "stored floor": the empty provider registering a key's properties and returning its
 * state). The floor's create sleeps as long as the emulator's latency.
 */
const sideStacks = {
  keys: (/** @type {string} */ apiUrl, /** @type {string} */ runId, /** @type {Record<string, string>} */ env = {}) =>
    PulumiStack.create({ program: KEYS_PROGRAM, config: { count: String(N), runId, "cleantalk:apiUrl": apiUrl }, env }),
  floor: (/** @type {Record<string, string>} */ config = {}, /** @type {Record<string, string>} */ env = {}) =>
    PulumiStack.create({ program: MINIMAL_PROGRAM, config: { count: String(N), ...config }, env: { BENCH_CREATE_SLEEP_MS: String(LATENCY_MS), ...env } }),
  storedFloor: () =>
    PulumiStack.create({
      program: MINIMAL_PROGRAM,
      config: { count: String(N), stored: "key" },
      env: { BENCH_CREATE_SLEEP_MS: String(LATENCY_MS) },
      packages: { "bench-stored-key-provider": path.join(__dirname, "programs", "stored-key-provider") },
    }),
};

/** `BENCH_ONLY=up`: the pair of §3 alone, ratios printed and kept in .runs, RESULTS.md untouched. */
async function upOnly() {
  const info = machine(pulumiVersion());
  log(`§3 alone: ${N} resources, ${ROUNDS} rounds`);
  mkdirSync(WORK_ROOT, { recursive: true });
  const emulator = await startEmulatorProcess();
  const upMs = { keys: /** @type {number[]} */ ([]), minimal: /** @type {number[]} */ ([]), stored: /** @type {number[]} */ ([]) };
  try {
    await emulator.control.configure({ latencyMs: LATENCY_MS });
    for (let round = 0; round < ROUNDS; round++) {
      const keys = await sideStacks.keys(emulator.url, `up${round}-${Date.now()}`);
      const minimal = await sideStacks.floor();
      const stored = await sideStacks.storedFloor();
      await interleave(round, [
        async () => upMs.keys.push((await keys.up()).ms),
        async () => upMs.minimal.push((await minimal.up()).ms),
        async () => upMs.stored.push((await stored.up()).ms),
      ]);
      const last = (/** @type {number[]} */ runs) => fixed((runs.at(-1) ?? 0) / 1000);
      log(`round ${round + 1}: keys ${last(upMs.keys)} s, floor ${last(upMs.minimal)} s, stored floor ${last(upMs.stored)} s`);
    }
  } finally {
    await emulator.stop();
    if (process.env.BENCH_KEEP !== "1") rmSync(WORK_ROOT, { recursive: true, force: true });
  }
  const ratios = roundRatios(upMs.keys, upMs.minimal);
  const [low, high] = medianInterval(ratios);
  const [storedLow, storedHigh] = medianInterval(roundRatios(upMs.stored, upMs.minimal));
  const runsDir = path.join(__dirname, ".runs");
  mkdirSync(runsDir, { recursive: true });
  writeFileSync(path.join(runsDir, `${info.date.replace(/[:.]/g, "-")}-up.json`), `${JSON.stringify({ machine: info, N, ROUNDS, upMs }, null, 2)}\n`);
  log(
    `up ${N} keys ÷ floor: median of per-round ratios ${fixed(pairedRatio(upMs.keys, upMs.minimal))}× (95% interval ${fixed(low)}–${fixed(high)}×); ` +
      `medians ${fixed(median(upMs.keys) / 1000)} s vs ${fixed(median(upMs.minimal) / 1000)} s; ratios ${ratios.map((r) => fixed(r)).join(", ")}`,
  );
  log(
    `stored floor ÷ floor: ${fixed(pairedRatio(upMs.stored, upMs.minimal))}× (95% interval ${fixed(storedLow)}–${fixed(storedHigh)}×); ` +
      `keys ÷ stored floor: ${fixed(pairedRatio(upMs.keys, upMs.stored))}×`,
  );
}

async function main() {
  if (process.env.BENCH_ONLY === "plugin") return pluginOnly();
  if (process.env.BENCH_ONLY === "up") return upOnly();
  if (process.env.BENCH_ONLY !== undefined) throw new Error("BENCH_ONLY takes one of: plugin, up");
  const info = machine(pulumiVersion());
  const load = { start: loadSnapshot() };
  log(`${info.cpuModel}, ${info.cores} cores, load ${load.start.loadAvg1m.toFixed(2)}; ${N} resources, ${ROUNDS} rounds`);
  mkdirSync(WORK_ROOT, { recursive: true });
  const emulator = await startEmulatorProcess();
  /** @type {any} */
  const results = { machine: info, settings: { N, ROUNDS, LATENCY_MS, CLIENT_CALLS, STARTS, WIDE_PROPS }, load };
  try {
    // ---------------------------------------------------------- 3. provisioning
    await emulator.control.configure({ latencyMs: LATENCY_MS });
    /** @type {PulumiStack[]} */
    const keyStacks = [];
    /** @type {PulumiStack[]} */
    const minimalStacks = [];
    /** @type {PulumiStack[]} */
    const wideStacks = [];
    /** @type {PulumiStack[]} */
    const storedStacks = [];
    const upMs = {
      keys: /** @type {number[]} */ ([]),
      minimal: /** @type {number[]} */ ([]),
      wide: /** @type {number[]} */ ([]),
      stored: /** @type {number[]} */ ([]),
    };
    const apiCallsPerUp = /** @type {number[]} */ ([]);
    for (let round = 0; round < ROUNDS; round++) {
      const keys = await sideStacks.keys(emulator.url, `r${round}-${Date.now()}`);
      const minimal = await sideStacks.floor();
      const wide = await sideStacks.floor({ props: String(WIDE_PROPS) });
      const stored = await sideStacks.storedFloor();
      keyStacks.push(keys);
      minimalStacks.push(minimal);
      wideStacks.push(wide);
      storedStacks.push(stored);
      await interleave(round, [
        async () => {
          const before = (await emulator.control.counters()).requests.total ?? 0;
          const result = await keys.up();
          upMs.keys.push(result.ms);
          apiCallsPerUp.push(((await emulator.control.counters()).requests.total ?? 0) - before);
          log(`up ${N} keys: ${(result.ms / 1000).toFixed(1)} s`);
        },
        async () => {
          const result = await minimal.up();
          upMs.minimal.push(result.ms);
          log(`up ${N} minimal: ${(result.ms / 1000).toFixed(1)} s`);
        },
        async () => {
          const result = await wide.up();
          upMs.wide.push(result.ms);
          log(`up ${N} minimal, ${WIDE_PROPS} properties: ${(result.ms / 1000).toFixed(1)} s`);
        },
        async () => {
          const result = await stored.up();
          upMs.stored.push(result.ms);
          log(`up ${N} minimal storing a key's state: ${(result.ms / 1000).toFixed(1)} s`);
        },
      ]);
    }
    // Diagnostic, one round: the same pair with the engine's per-step checkpoint
    // writes switched off, to show how much of the gap is state size.
    const noCheckpoint = { PULUMI_SKIP_CHECKPOINTS: "true" };
    const upNoCheckpointMs = { keys: /** @type {number[]} */ ([]), minimal: /** @type {number[]} */ ([]) };
    {
      const keys = await sideStacks.keys(emulator.url, `nc-${Date.now()}`, noCheckpoint);
      const minimal = await sideStacks.floor({}, noCheckpoint);
      upNoCheckpointMs.keys.push((await keys.up()).ms);
      upNoCheckpointMs.minimal.push((await minimal.up()).ms);
      log(
        `up without checkpoints: keys ${((upNoCheckpointMs.keys[0] ?? 0) / 1000).toFixed(1)} s, minimal ${((upNoCheckpointMs.minimal[0] ?? 0) / 1000).toFixed(1)} s`,
      );
    }
    // Diagnostic, one round: the same pair again, with the CPU each process
    // spent, to show which side of the gap (engine, provider, program) grows.
    const cpuSeconds = await (async () => {
      const keys = await sideStacks.keys(emulator.url, `cpu-${Date.now()}`);
      const minimal = await sideStacks.floor();
      const ofKeys = await cpuByRole(() => keys.up());
      const ofMinimal = await cpuByRole(() => minimal.up());
      log(`up CPU by process: keys ${JSON.stringify(ofKeys.cpuSeconds)}, minimal ${JSON.stringify(ofMinimal.cpuSeconds)}`);
      return { keys: ofKeys.cpuSeconds, minimal: ofMinimal.cpuSeconds, wallMs: { keys: ofKeys.result.ms, minimal: ofMinimal.result.ms } };
    })();
    load.afterUp = loadSnapshot();
    results.provisioning = {
      upMs,
      apiCallsPerUp,
      upNoCheckpointMs,
      cpuSeconds,
      ratio: pairedRatio(upMs.keys, upMs.minimal),
      ratioOfMedians: median(upMs.keys) / median(upMs.minimal),
      wideRatio: pairedRatio(upMs.keys, upMs.wide),
      storedRatio: pairedRatio(upMs.keys, upMs.stored),
      storedOverFloor: pairedRatio(upMs.stored, upMs.minimal),
    };

    // ---------------------------------------------------------- 1. state size
    const keysState = stateBytes(await keyStacks[0].exportRaw(), KEY_TYPE);
    const minimalState = stateBytes(await minimalStacks[0].exportRaw(), MINIMAL_TYPE);
    const storedState = stateBytes(await storedStacks[0].exportRaw(), MINIMAL_TYPE);
    results.state = {
      keys: { ...keysState, providerText: undefined },
      minimal: { ...minimalState, providerText: undefined },
      stored: { ...storedState, providerText: undefined },
      ratio: keysState.perResourceBytes / minimalState.perResourceBytes,
      shim: await shimSizes(),
    };
    log(`state: ${keysState.perResourceBytes.toFixed(0)} B/key vs ${minimalState.perResourceBytes.toFixed(0)} B floor`);

    // ---------------------------------------------------------- 2. plan cost
    // No injected latency: a preview that called the API would show in the counters, not hide in the clock.
    await emulator.control.configure({ latencyMs: 0 });
    const previewMs = { keys: /** @type {number[]} */ ([]), minimal: /** @type {number[]} */ ([]), wide: /** @type {number[]} */ ([]) };
    const callsBefore = await emulator.control.counters();
    for (let round = 0; round < ROUNDS; round++) {
      await interleave(round, [
        async () => {
          const result = await keyStacks[round].preview();
          if (!/unchanged/.test(result.stdout) || /to create|to update|to replace|to delete/.test(result.stdout))
            throw new Error(`preview of existing keys planned changes:\n${result.stdout.slice(-2000)}`);
          previewMs.keys.push(result.ms);
          log(`preview ${N} keys: ${(result.ms / 1000).toFixed(1)} s`);
        },
        async () => {
          const result = await minimalStacks[round].preview();
          previewMs.minimal.push(result.ms);
          log(`preview ${N} minimal: ${(result.ms / 1000).toFixed(1)} s`);
        },
        async () => {
          const result = await wideStacks[round].preview();
          previewMs.wide.push(result.ms);
          log(`preview ${N} minimal, ${WIDE_PROPS} properties: ${(result.ms / 1000).toFixed(1)} s`);
        },
      ]);
    }
    const callsAfter = await emulator.control.counters();
    load.afterPreview = loadSnapshot();
    results.plan = {
      previewMs,
      apiCalls: (callsAfter.requests.total ?? 0) - (callsBefore.requests.total ?? 0),
      ratio: pairedRatio(previewMs.keys, previewMs.minimal),
      ratioOfMedians: median(previewMs.keys) / median(previewMs.minimal),
      wideRatio: pairedRatio(previewMs.keys, previewMs.wide),
    };

    // ---------------------------------------------------------- 5. start-up
    const keyInputs = JSON.parse(await keyStacks[0].exportRaw()).deployment.resources.find((/** @type {any} */ r) => r.type === KEY_TYPE).inputs;
    const startMs = { keys: /** @type {any[]} */ ([]), minimal: /** @type {any[]} */ ([]) };
    for (let round = 0; round < STARTS; round++) {
      await pair(
        round,
        async () => {
          startMs.keys.push(
            await measureStart({
              providerText: keysState.providerText,
              inputs: { email: keyInputs.email, website: keyInputs.website },
              config: { "cleantalk:apiUrl": emulator.url },
              cwd: keyStacks[0].workDir,
              env: keyStacks[0].env,
            }),
          );
        },
        async () => {
          startMs.minimal.push(
            await measureStart({ providerText: minimalState.providerText, inputs: {}, config: {}, cwd: minimalStacks[0].workDir, env: minimalStacks[0].env }),
          );
        },
      );
    }
    const pick = (/** @type {any[]} */ runs, /** @type {string} */ field) => runs.map((r) => r[field]);
    results.startup = {
      runs: startMs,
      ratio: pairedRatio(pick(startMs.keys, "totalMs"), pick(startMs.minimal, "totalMs")),
      ratioOfMedians: median(pick(startMs.keys, "totalMs")) / median(pick(startMs.minimal, "totalMs")),
      firstCheckRatio: pairedRatio(pick(startMs.keys, "firstCheckMs"), pick(startMs.minimal, "firstCheckMs")),
    };
    log(`start-up: ${median(pick(startMs.keys, "totalMs")).toFixed(0)} ms vs ${median(pick(startMs.minimal, "totalMs")).toFixed(0)} ms`);

    // ---------------------------------------------------------- 6. the plugin
    results.plugin = await comparePlugin({ emulator, N, ROUNDS, LATENCY_MS, log });
    load.afterPlugin = loadSnapshot();

    // ---------------------------------------------------------- 4. client
    const site = { email: "bench-client@example.com", website: "https://client.bench.example.com" };
    const authKey = await emulator.control.generateKey({ ...site, productName: "anti-spam" });
    const clientOptions = { url: emulator.url, authKey, hostname: "client.bench.example.com", calls: CLIENT_CALLS, concurrency: 32 };
    const clientRuns = { client: /** @type {number[]} */ ([]), bare: /** @type {number[]} */ ([]), pool: /** @type {number[]} */ ([]) };
    const clientCpu = { client: /** @type {number[]} */ ([]), bare: /** @type {number[]} */ ([]), pool: /** @type {number[]} */ ([]) };
    const measured = JSON.parse(
      execFileSync(process.execPath, [path.join(__dirname, "lib", "client-overhead.js"), JSON.stringify({ ...clientOptions, rounds: ROUNDS })], {
        encoding: "utf8",
        timeout: 600_000,
        stdio: ["ignore", "pipe", "inherit"],
      }),
    );
    for (const side of /** @type {const} */ (["client", "bare", "pool"])) {
      for (const run of measured[side]) {
        clientRuns[side].push(run.callsPerSecond);
        clientCpu[side].push(run.cpuMicrosPerCall);
      }
    }
    results.client = {
      callsPerSecond: clientRuns,
      cpuMicrosPerCall: clientCpu,
      ratio: pairedRatio(clientRuns.client, clientRuns.bare),
      ratioOfMedians: median(clientRuns.client) / median(clientRuns.bare),
      poolRatio: pairedRatio(clientRuns.client, clientRuns.pool),
    };
    log(`client: ${median(clientRuns.client).toFixed(0)}/s vs bare ${median(clientRuns.bare).toFixed(0)}/s`);
    load.end = loadSnapshot();
  } finally {
    await emulator.stop();
    if (process.env.BENCH_KEEP !== "1") rmSync(WORK_ROOT, { recursive: true, force: true });
  }
  results.totalSeconds = (performance.now() - t0) / 1000;
  const runsDir = path.join(__dirname, ".runs");
  mkdirSync(runsDir, { recursive: true });
  writeFileSync(path.join(runsDir, `${info.date.replace(/[:.]/g, "-")}.json`), `${JSON.stringify(results, null, 2)}\n`);
  results.analysis = analysis(results);
  const resultsFile = path.join(__dirname, "RESULTS.md");
  // Keep the sections other benchmarks own (bench/lib/kept-sections.js).
  writeFileSync(resultsFile, keepSections(writeResults(results), existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : ""));
  log(`done in ${results.totalSeconds.toFixed(0)} s: bench/RESULTS.md`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

module.exports = { REPO_ROOT };
