// @ts-check
/**
 * The "why" under each figure of RESULTS.md. Numbers from this run are filled
 * in; figures from the investigation (CPU profiles, A/B builds) are marked as
 * such, with how they were taken, because a normal run does not repeat them.
 */
const { median, fixed, medianInterval, roundRatios } = require("./stats");

/** The per-round ratios and the interval their median lies in, so a verdict near a goal reads as what it is. */
function spread(/** @type {readonly number[]} */ ours, /** @type {readonly number[]} */ floor) {
  const ratios = roundRatios(ours, floor);
  const [low, high] = medianInterval(ratios);
  return `Per-round ratios, sorted: ${ratios.map((ratio) => fixed(ratio)).join(", ")}; the median's 95% interval (order statistics): ${fixed(low)}–${fixed(high)}×.`;
}

/** Inline code in Markdown. */
const c = (/** @type {string} */ text) => `\`${text}\``;

/** @type {Record<string, string>} */
const ROLE_NAMES = { engine: "engine (pulumi)", provider: "provider host", program: "program", languageHost: "language host", emulator: "emulator" };

/**
 * The diagnostic pair's CPU per process, and which process the extra went to.
 * @param {{ keys?: Record<string, number>, minimal?: Record<string, number>, wallMs: { keys: number, minimal: number } } | undefined} cpu
 */
function cpuText(cpu) {
  if (cpu?.keys === undefined || cpu.minimal === undefined) return "";
  const { keys, minimal } = cpu;
  const roles = Object.keys(ROLE_NAMES).filter((role) => (keys[role] ?? 0) + (minimal[role] ?? 0) > 0);
  const delta = (/** @type {string} */ role) => (keys[role] ?? 0) - (minimal[role] ?? 0);
  const sum = (/** @type {Record<string, number>} */ side) => roles.reduce((total, role) => total + (side[role] ?? 0), 0);
  const largest = [...roles].sort((a, b) => delta(b) - delta(a))[0] ?? "engine";
  const parts = roles.map((role) => `${ROLE_NAMES[role]} ${fixed(keys[role] ?? 0)} s vs ${fixed(minimal[role] ?? 0)} s`);
  return [
    `CPU per process in one more pair of the same ${c("up")}s (diagnostic, sampled from /proc every 50 ms; wall ${fixed(cpu.wallMs.keys / 1000)} s vs ${fixed(cpu.wallMs.minimal / 1000)} s): ${parts.join(", ")}; in all ${fixed(sum(keys))} s vs ${fixed(sum(minimal))} s on 2 cores.`,
    `The largest share of the extra CPU is the ${ROLE_NAMES[largest]}'s (+${fixed(delta(largest))} s).`,
    `The engine's grows with the checkpoints above; the provider host's is loading zod and undici (§5), check and create for each key and the HTTP calls; the program's is registering the resources.`,
  ].join(" ");
}

/**
 * The stored floor: what a key's stored state costs an `up` without any provider work.
 * @param {any} up @param {any} st
 */
function storedText(up, st) {
  if (up.storedRatio === undefined || st.stored === undefined) return "";
  return [
    `The stored floor is the empty provider registering a key's properties and returning a key's state, field for field (${st.stored.perResourceBytes.toFixed(0)} B per resource in state, ours ${st.keys.perResourceBytes.toFixed(0)} B): it takes ${fixed(up.storedOverFloor)}× the floor, and ours ${fixed(up.storedRatio)}× it.`,
    `The first is the price of what a key stores, whichever provider stores it; the second, of our provider's work.`,
    `Much of the first is the one secret: in an investigation (a one-off A/B of 10 rounds, which a normal run does not repeat), the stored floor took 1.16× the floor with ${c("credentials")} secret and 1.105× without ${c("additionalSecretOutputs")}, and removing ${c("expiresAt")}, ${c("rotateAfter")} and ${c("source")} from the stored ${c("details")} changed nothing measurable (1.172× against 1.173×).`,
  ].join(" ");
}

/** @param {any} r */
function analysis(r) {
  const s = r.settings;
  const st = r.state;
  const up = r.provisioning;
  const plan = r.plan;
  const client = r.client;
  const start = r.startup;
  const keysPer = st.keys.perResourceBytes;
  const floorPer = st.minimal.perResourceBytes;
  const ncKeys = median(up.upNoCheckpointMs.keys);
  const ncMin = median(up.upNoCheckpointMs.minimal);
  const cpuClient = median(client.cpuMicrosPerCall.client);
  const cpuBare = median(client.cpuMicrosPerCall.bare);

  const state = [
    `**Why.** The provider is stored as a ${c("require")} of the package, not as its functions: the package exports the file holding the provider object (${c("pulumi-cleantalk/dist/sdk/serialized-provider.js")}), and Pulumi's closure serialiser emits a ${c("require")} for the ${c("module.exports")} of a file inside ${c("node_modules")} (runtime/closure/createClosure.js, captureModuleAsync): ${st.keys.providerTextBytes} B of text, ${st.keys.providerInStateBytes} B in state (inputs and outputs), against ${st.minimal.providerInStateBytes} B for the floor's serialised function.`,
    `The key itself is stored lean, by one codec per stored shape (provider/schema/stored-key.ts): the inputs as check normalised them, echoed into the outputs (the dynamic-provider host hands diff only the old outputs), with settings at their defaults left out; ${c("credentials")}, one ciphertext for the key, token, hash and the fingerprint's salt; ${c("details")}, the key's non-secret facts, with ${c("keyStatus")}, ${c("rotationState")} and host names stored only when they say something. The SDK reads ${c("authKey")}, ${c("fingerprint")} and the other documented outputs from these two.`,
    `What remains above the floor is the ciphertext, the timestamps, the echoed email and site, and one more stack frame (the SDK's constructor; stackTrace ${st.keys.stackTraceBytes} B against ${st.minimal.stackTraceBytes} B).`,
    `Goal: ${fixed(keysPer / floorPer)}× and ${fixed(keysPer, 0)} B against ≤ 1.5× and < 8 KiB.`,
  ].join(" ");

  const planText = [
    `**Why.** Preview makes ${plan.apiCalls} API calls (check and diff are pure; the emulator's counters are read before and after).`,
    `What a fleet's preview costs beyond the floor is mostly per registered property in the program: @pulumi/pulumi's transferProperties makes four promises per property and stores ${c("new Error().stack")} on each for its promise-leak report.`,
    `A key registers ${s.WIDE_PROPS} properties (the inputs ${c("email")} and ${c("website")}, the outputs ${c("credentials")} and ${c("details")}), with those promise-leak stacks left empty while it registers (the SDK sets ${c("Error.stackTraceLimit")} to 0 around its ${c("super()")} call and restores it; not with ${c("PULUMI_DEBUG_PROMISE_LEAKS")} set). Measured without that: preview 1.26× and up 1.24× against the floor, both over their goals; it is the one change kept for them. Its other outputs are ${c("apply")}s on those two: the ones named like an input assigned in the constructor, the rest class getters built on first read (all of them eager cost preview 1.32×, up 1.30×).`,
    `Against the wide floor (the empty provider with the same ${s.WIDE_PROPS} properties) the ratio is ${fixed(plan.wideRatio)}×.`,
    spread(plan.previewMs.keys, plan.previewMs.minimal),
  ].join(" ");

  const upText = [
    `**Why.** One get_api_key per key, as expected, so the API latency is the same on both sides.`,
    `The engine writes a checkpoint of the whole stack after every step, so on a file backend its cost grows with N² and with what each resource stores: the lean state of §1 is what keeps it close to the floor's. With checkpoints switched off (${c("PULUMI_SKIP_CHECKPOINTS=true")}, one diagnostic run each, never for real stacks) the same ${c("up")} took ${fixed(ncKeys / 1000)} s vs ${fixed(ncMin / 1000)} s (${fixed(ncKeys / ncMin)}×).`,
    `Against the wide floor the ratio is ${fixed(up.wideRatio)}×.`,
    storedText(up, st),
    spread(up.upMs.keys, up.upMs.minimal),
    cpuText(up.cpuSeconds),
  ].join(" ");

  const clientText = [
    `**Why.** CPU per call in the calling process (median): client ${fixed(cpuClient, 1)} µs, bare ${fixed(cpuBare, 1)} µs.`,
    `The client calls its Pool's own ${c("request({ origin, path })")} with the origin and path computed once, where undici's top-level ${c("request(url, …)")}, the bare loop's, parses the URL on every call. Around it: form encoding, a whole-attempt deadline (an ${c("AbortController")} whose timer is cleared when the attempt ends; ${c("AbortSignal.timeout")}'s timers and signals live out the full 30 s, which at these rates cost about 20 µs per call and put the ratio near 0.8), the retry loop, and zod validation of the answer.`,
    client.callsPerSecond.pool
      ? `Its own cost shows against the third side, ${c("pool.request")} with nothing around it (the same transport call): ${fixed(median(client.callsPerSecond.pool), 0)} calls/s and ${fixed(median(client.cpuMicrosPerCall.pool), 1)} µs per call, so the client's work is about ${fixed(cpuClient - median(client.cpuMicrosPerCall.pool), 1)} µs per call and its throughput ${fixed(client.poolRatio)} of that call's.`
      : "",
    `Calls/s on a shared machine swing by ±30 % between rounds; CPU per call is the steadier figure.`,
  ]
    .filter((sentence) => sentence !== "")
    .join(" ");

  const startText = [
    `**Why.** Both pay the host's own start (node, @pulumi/pulumi, gRPC server: the spawn → port column).`,
    `The provider-specific part is loading our package on the first call: zod, undici and our modules.`,
    `The first-call ratio alone (${fixed(start.firstCheckRatio, 1)}×) compares against a floor that loads nothing; the engine waits for the total.`,
  ].join(" ");

  return { state, plan: planText, up: upText, client: clientText, start: startText };
}

module.exports = { analysis };
