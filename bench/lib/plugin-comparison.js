// @ts-check
/**
 * §6 of bench/RESULTS.md: the same N keys through the resource provider
 * plugin, through the dynamic provider, and N resources of the floor (the
 * empty dynamic provider), side by side in each round:
 *
 *   - state bytes per key (pulumi stack export, as in §1);
 *   - `pulumi up` creating N, with the emulator's latency on every API call
 *     and the floor sleeping as long in create (as in §3);
 *   - `pulumi preview` of the N existing, with no latency, counting API calls (as in §2).
 *
 * The plugin runs as users install it: packed by scripts/plugin-tarball.js
 * and installed with `pulumi plugin install … --file` into a PULUMI_HOME the
 * plugin stacks share. Its program is Node.js like the other two, so the
 * comparison is of providers, not languages: bench/programs/plugin-keys
 * declares the keys with the generated Node.js SDK (plugin/sdk/nodejs,
 * compiled here), which registers every output property as each generated
 * SDK does.
 */
const { execFileSync } = require("node:child_process");
const { copyFileSync, mkdirSync, rmSync } = require("node:fs");
const path = require("node:path");
const { PulumiStack, pulumiCliBin, REPO_ROOT, WORK_ROOT } = require("./pulumi-stack");
const { stateBytes } = require("./state-bytes");
const { median, pairedRatio } = require("./stats");

const PROGRAMS = path.join(__dirname, "..", "programs");
const DYNAMIC_KEY_TYPE = "pulumi-nodejs:dynamic/cleantalk:AccessKey";
const PLUGIN_KEY_TYPE = "cleantalk:index:AccessKey";
const MINIMAL_TYPE = "pulumi-nodejs:dynamic/bench:Minimal";
const SIDES = /** @type {const} */ (["plugin", "dynamic", "floor"]);

/**
 * Packs and installs the plugin, and builds the Node.js SDK, under the bench's
 * work directory. Returns what a plugin stack needs.
 */
function preparePlugin() {
  const work = path.join(WORK_ROOT, "plugin");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const tarball = execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "plugin-tarball.js"), "--out", work], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const home = path.join(work, "pulumi-home");
  const { version } = require(path.join(REPO_ROOT, "package.json"));
  execFileSync(path.join(pulumiCliBin(), "pulumi"), ["plugin", "install", "resource", "cleantalk", version, "--file", tarball, "--non-interactive"], {
    env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // As the SDK would be published: its compiled files with its package.json beside them.
  const sdkSource = path.join(REPO_ROOT, "plugin", "sdk", "nodejs");
  const sdk = path.join(work, "sdk-nodejs");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(sdkSource, "tsconfig.json"), "--outDir", sdk], { stdio: "inherit" });
  copyFileSync(path.join(sdkSource, "package.json"), path.join(sdk, "package.json"));
  // Ambient plugins are ignored so that a `pulumi-resource-cleantalk` on PATH cannot stand in for the installed one.
  return { env: { PULUMI_HOME: home, PULUMI_IGNORE_AMBIENT_PLUGINS: "true" }, packages: { "@pulumi-cleantalk/cleantalk": sdk } };
}

/**
 * Runs the steps in order on even rounds and reversed on odd ones, so none always goes first.
 * @param {number} round @param {(() => Promise<void>)[]} steps
 */
async function interleave(round, steps) {
  for (const step of round % 2 === 0 ? steps : [...steps].reverse()) await step();
}

/**
 * @param {{ emulator: { url: string, control: any }, N: number, ROUNDS: number, LATENCY_MS: number, log: (message: string) => void }} options
 */
async function comparePlugin({ emulator, N, ROUNDS, LATENCY_MS, log }) {
  const plugin = preparePlugin();
  const counted = async () => (await emulator.control.counters()).requests.total ?? 0;
  /** @type {Record<typeof SIDES[number], PulumiStack[]>} */
  const stacks = { plugin: [], dynamic: [], floor: [] };
  /** @type {Record<typeof SIDES[number], number[]>} */
  const upMs = { plugin: [], dynamic: [], floor: [] };
  const apiCallsPerUp = { plugin: /** @type {number[]} */ ([]), dynamic: /** @type {number[]} */ ([]) };

  await emulator.control.configure({ latencyMs: LATENCY_MS });
  for (let round = 0; round < ROUNDS; round++) {
    const runId = `p${round}-${Date.now()}`;
    const apiUrl = { "cleantalk:apiUrl": emulator.url };
    const created = {
      plugin: await PulumiStack.create({
        program: path.join(PROGRAMS, "plugin-keys"),
        config: { count: String(N), runId: `${runId}-plugin`, ...apiUrl },
        env: plugin.env,
        packages: plugin.packages,
      }),
      dynamic: await PulumiStack.create({ program: path.join(PROGRAMS, "keys"), config: { count: String(N), runId: `${runId}-dynamic`, ...apiUrl } }),
      floor: await PulumiStack.create({
        program: path.join(PROGRAMS, "minimal"),
        config: { count: String(N) },
        env: { BENCH_CREATE_SLEEP_MS: String(LATENCY_MS) },
      }),
    };
    for (const side of SIDES) stacks[side].push(created[side]);
    await interleave(
      round,
      SIDES.map((side) => async () => {
        const before = await counted();
        const result = await created[side].up();
        upMs[side].push(result.ms);
        if (side !== "floor") apiCallsPerUp[side].push((await counted()) - before);
        log(`§6 up ${N} (${side}): ${(result.ms / 1000).toFixed(1)} s`);
      }),
    );
  }

  // No injected latency: a preview that called the API would show in the counters, not hide in the clock.
  await emulator.control.configure({ latencyMs: 0 });
  /** @type {Record<typeof SIDES[number], number[]>} */
  const previewMs = { plugin: [], dynamic: [], floor: [] };
  const previewApiCalls = { plugin: 0, dynamic: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    await interleave(
      round,
      SIDES.map((side) => async () => {
        const before = await counted();
        const result = await stacks[side][round].preview();
        if (!/unchanged/.test(result.stdout) || /to create|to update|to replace|to delete/.test(result.stdout))
          throw new Error(`preview of existing ${side} resources planned changes:\n${result.stdout.slice(-2000)}`);
        if (side !== "floor") previewApiCalls[side] += (await counted()) - before;
        previewMs[side].push(result.ms);
        log(`§6 preview ${N} (${side}): ${(result.ms / 1000).toFixed(1)} s`);
      }),
    );
  }

  const withoutText = (/** @type {any} */ bytes) => ({ ...bytes, providerText: undefined });
  const state = {
    plugin: withoutText(stateBytes(await stacks.plugin[0].exportRaw(), PLUGIN_KEY_TYPE)),
    dynamic: withoutText(stateBytes(await stacks.dynamic[0].exportRaw(), DYNAMIC_KEY_TYPE)),
    floor: withoutText(stateBytes(await stacks.floor[0].exportRaw(), MINIMAL_TYPE)),
  };
  log(
    `§6 state: plugin ${state.plugin.perResourceBytes.toFixed(0)} B/key, dynamic ${state.dynamic.perResourceBytes.toFixed(0)} B, floor ${state.floor.perResourceBytes.toFixed(0)} B`,
  );

  /** The three ratios of one measurement, each the median of per-round ratios. */
  const ratios = (/** @type {Record<typeof SIDES[number], number[]>} */ ms) => ({
    pluginToDynamic: pairedRatio(ms.plugin, ms.dynamic),
    pluginToFloor: pairedRatio(ms.plugin, ms.floor),
    dynamicToFloor: pairedRatio(ms.dynamic, ms.floor),
  });
  return {
    settings: { N, ROUNDS, LATENCY_MS },
    state: {
      ...state,
      pluginToDynamic: state.plugin.perResourceBytes / state.dynamic.perResourceBytes,
      pluginToFloor: state.plugin.perResourceBytes / state.floor.perResourceBytes,
      dynamicToFloor: state.dynamic.perResourceBytes / state.floor.perResourceBytes,
    },
    up: { ms: upMs, apiCallsPerUp, ratios: ratios(upMs), medians: Object.fromEntries(SIDES.map((side) => [side, median(upMs[side])])) },
    preview: {
      ms: previewMs,
      apiCalls: previewApiCalls,
      ratios: ratios(previewMs),
      medians: Object.fromEntries(SIDES.map((side) => [side, median(previewMs[side])])),
    },
  };
}

module.exports = { comparePlugin };
