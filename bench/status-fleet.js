// @ts-check
/**
 * `npm run bench:status`: `pulumi-cleantalk status --all` over a fleet of
 * BENCH_STACKS stacks of BENCH_KEYS keys each (50 × 20 by default), as a
 * nightly job runs it: the built command (dist/cli) in its own process, from
 * a directory outside any project, against a file:// backend. Writes its own
 * section of bench/RESULTS.md (between the bench:status-fleet markers) and
 * the raw figures to bench/.runs/.
 *
 * The fleet is built once per run: one real `pulumi up` of BENCH_KEYS keys
 * against the emulator, then `pulumi stack export` of it and `stack init` +
 * `stack import` into each stack of a fresh backend, with the stack's own
 * name in every URN. Import goes through the CLI, so every stack holds state
 * the engine accepted, written where and how this Pulumi version writes it;
 * writing the backend's files directly would be faster but would tie the
 * bench to the file backend's private layout (meta.yaml, project-scoped
 * paths, the checkpoint envelope) and skip the CLI's validation.
 *
 * Measured per run: wall time of the command; its own peak RSS (preloaded
 * bench/lib/max-rss.js); the peak RSS of the command and the pulumi CLIs it
 * runs at once (sampled with ps every 100 ms). Then the same with `--check`
 * (one notice_paid_till per key) with BENCH_LATENCY_MS added by the emulator
 * to every request.
 *
 * Knobs (environment): BENCH_STACKS (50), BENCH_KEYS (20), BENCH_STATUS_RUNS (5),
 * BENCH_CHECK_RUNS (3), BENCH_LATENCY_MS (50). Requires `npm run build`.
 * `node bench/status-fleet.js --render bench/.runs/status-<date>.json` rewrites
 * the section from a saved run without measuring again.
 */
const { execFile, spawn } = require("node:child_process");
const { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { PulumiStack, pulumiVersion, REPO_ROOT } = require("./lib/pulumi-stack");
const { startEmulatorProcess } = require("./lib/emulator-process");
const { machine, loadSnapshot } = require("./lib/machine");
const { median, fixed } = require("./lib/stats");
const { watchTree } = require("./lib/process-tree");
const { replaceSection } = require("./lib/kept-sections");

const intEnv = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
};
const STACKS = intEnv("BENCH_STACKS", 50);
const KEYS = intEnv("BENCH_KEYS", 20);
const RUNS = intEnv("BENCH_STATUS_RUNS", 5);
const CHECK_RUNS = intEnv("BENCH_CHECK_RUNS", 3);
const LATENCY_MS = intEnv("BENCH_LATENCY_MS", 50);
const SETUP_CONCURRENCY = 4;
const CLI = path.join(REPO_ROOT, "dist", "cli", "index.js");
const KEYS_PROGRAM = path.join(__dirname, "programs", "keys");

/**
 * The goals, from what a user of the fleet view needs, set before measuring:
 * - a nightly CI job over a thousand keys finishes well inside a minute:
 *   30 s for `status --all`, which reads state only;
 * - it fits a small CI runner beside other jobs: the command itself under
 *   150 MiB, and with the pulumi CLIs it runs at once under 512 MiB;
 * - `--check` is bounded by CleanTalk's latency, not by the fleet's size
 *   times it: under 60 s for a thousand keys at 50 ms per call.
 */
const GOALS = { wallMs: 30_000, ownMiB: 150, treeMiB: 512, checkWallMs: 60_000 };

const t0 = performance.now();
const log = (/** @type {string} */ message) => console.error(`[bench:status ${((performance.now() - t0) / 1000).toFixed(0)}s] ${message}`);

/**
 * `pulumi <args>` with the fleet's environment; rejects on a non-zero exit.
 * @param {readonly string[]} args @param {NodeJS.ProcessEnv} env @param {string} cwd
 */
function pulumi(args, env, cwd) {
  return new Promise((resolve, reject) => {
    execFile("pulumi", [...args, "--non-interactive"], { env, cwd, maxBuffer: 256 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`pulumi ${args.join(" ")} failed: ${stderr.slice(-2000)}`));
    });
  });
}

/** @template T @param {readonly T[]} items @param {number} limit @param {(item: T) => Promise<void>} fn */
async function eachBounded(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(/** @type {T} */ (items[next++]));
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * One run of the command; its exit code, output, wall time and memory.
 * @param {readonly string[]} args @param {NodeJS.ProcessEnv} env @param {string} cwd
 */
async function measureStatus(args, env, cwd) {
  const rssFile = path.join(cwd, `max-rss-${Date.now()}`);
  const started = performance.now();
  const child = spawn(process.execPath, ["--require", path.join(__dirname, "lib", "max-rss.js"), CLI, "status", ...args], {
    cwd,
    env: { ...env, BENCH_MAX_RSS_FILE: rssFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tree = watchTree(/** @type {number} */ (child.pid));
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise((resolve) => child.on("close", resolve));
  const wallMs = performance.now() - started;
  const treeKiB = await tree.stop();
  const ownKiB = Number(readFileSync(rssFile, "utf8"));
  rmSync(rssFile, { force: true });
  return { code, stdout, stderr, wallMs, ownKiB, treeKiB };
}

async function main() {
  const info = machine(pulumiVersion());
  const load = { start: loadSnapshot() };
  log(`${info.cpuModel}, ${info.cores} cores, load ${load.start.loadAvg1m.toFixed(2)}; ${STACKS} stacks × ${KEYS} keys`);
  const emulator = await startEmulatorProcess();
  const work = mkdtempSync(path.join(tmpdir(), "pulumi-cleantalk-bench-status-"));
  /** @type {any} */
  const results = { machine: info, settings: { STACKS, KEYS, RUNS, CHECK_RUNS, LATENCY_MS }, load, goals: GOALS };
  try {
    // ------------------------------------------------------------ the fleet
    const setupStarted = performance.now();
    await emulator.control.configure({ latencyMs: 0 });
    const source = await PulumiStack.create({
      program: KEYS_PROGRAM,
      config: { count: String(KEYS), runId: `status-${Date.now()}`, "cleantalk:apiUrl": emulator.url },
    });
    await source.up();
    const exported = await source.exportRaw();
    const project = /** @type {string} */ (/urn:pulumi:bench::([^:]+)::/.exec(exported)?.[1]);
    const backendDir = path.join(work, "backend");
    mkdirSync(backendDir);
    const env = { ...source.env, PULUMI_BACKEND_URL: `file://${backendDir}` };
    const names = Array.from({ length: STACKS }, (_, i) => `fleet-${String(i).padStart(3, "0")}`);
    await eachBounded(names, SETUP_CONCURRENCY, async (name) => {
      // The stack's own name in every URN, as if its keys had been created there.
      const state = exported.replaceAll("urn:pulumi:bench::", `urn:pulumi:${name}::`).replaceAll(`::${project}-bench"`, `::${project}-${name}"`);
      const file = path.join(work, `${name}.json`);
      writeFileSync(file, state);
      await pulumi(["stack", "init", name], env, source.workDir);
      await pulumi(["stack", "import", "--stack", name, "--file", file], env, source.workDir);
      rmSync(file);
    });
    results.setupSeconds = (performance.now() - setupStarted) / 1000;
    results.stateBytesPerStack = Buffer.byteLength(exported);
    log(`fleet of ${STACKS} stacks ready in ${results.setupSeconds.toFixed(0)} s (${(results.stateBytesPerStack / 1024).toFixed(0)} KiB of state each)`);

    // A directory outside any project, as a nightly job's: every stack by its full name.
    const cwd = path.join(work, "job");
    mkdirSync(cwd);
    const expected = STACKS * KEYS;
    const verify = (/** @type {Awaited<ReturnType<typeof measureStatus>>} */ run, /** @type {boolean} */ checked) => {
      const document = JSON.parse(run.stdout);
      if (run.code !== 0 || document.summary.keys !== expected || document.summary.current !== expected || document.checked !== checked) {
        throw new Error(`status --all${checked ? " --check" : ""} did not report ${expected} current keys (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
      }
    };

    // ---------------------------------------------------------- status --all
    results.status = [];
    for (let run = 0; run < RUNS; run++) {
      const measured = await measureStatus(["--all", "--json"], env, cwd);
      verify(measured, false);
      results.status.push({ wallMs: measured.wallMs, ownKiB: measured.ownKiB, treeKiB: measured.treeKiB });
      log(
        `status --all: ${(measured.wallMs / 1000).toFixed(2)} s, own ${(measured.ownKiB / 1024).toFixed(0)} MiB, tree ${(measured.treeKiB / 1024).toFixed(0)} MiB`,
      );
    }
    load.afterStatus = loadSnapshot();

    // ------------------------------------------------------ status --check
    await emulator.control.configure({ latencyMs: LATENCY_MS });
    results.check = [];
    for (let run = 0; run < CHECK_RUNS; run++) {
      const before = (await emulator.control.counters()).requests.notice_paid_till ?? 0;
      const measured = await measureStatus(["--all", "--json", "--check"], env, cwd);
      verify(measured, true);
      const calls = ((await emulator.control.counters()).requests.notice_paid_till ?? 0) - before;
      results.check.push({ wallMs: measured.wallMs, ownKiB: measured.ownKiB, treeKiB: measured.treeKiB, calls });
      log(`status --all --check: ${(measured.wallMs / 1000).toFixed(2)} s, ${calls} calls, own ${(measured.ownKiB / 1024).toFixed(0)} MiB`);
    }
    load.end = loadSnapshot();
  } finally {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  }

  results.totalSeconds = (performance.now() - t0) / 1000;
  const runsDir = path.join(__dirname, ".runs");
  mkdirSync(runsDir, { recursive: true });
  writeFileSync(path.join(runsDir, `status-${info.date.replace(/[:.]/g, "-")}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeSection(results);
  log(`done in ${results.totalSeconds.toFixed(0)} s: bench/RESULTS.md, section "Fleet view"`);
}

/** Replaces this benchmark's section of bench/RESULTS.md, leaving the rest as it is. @param {any} results */
function writeSection(results) {
  const resultsFile = path.join(__dirname, "RESULTS.md");
  const previous = existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : "# Benchmark results\n";
  writeFileSync(resultsFile, replaceSection(previous, "status-fleet", section(results)));
}

/** @param {any} r */
function section(r) {
  const pick = (/** @type {any[]} */ runs, /** @type {string} */ field) => runs.map((x) => x[field]);
  const seconds = (/** @type {number} */ ms) => `${fixed(ms / 1000, 2)} s`;
  const mib = (/** @type {number} */ kib) => `${fixed(kib / 1024, 0)} MiB`;
  const list = (/** @type {any[]} */ runs, /** @type {string} */ field, /** @type {number} */ divisor, /** @type {number} */ digits) =>
    runs.map((x) => fixed(x[field] / divisor, digits)).join(", ");
  const wall = median(pick(r.status, "wallMs"));
  const check = median(pick(r.check, "wallMs"));
  const own = Math.max(...pick(r.status, "ownKiB"));
  const tree = Math.max(...pick(r.status, "treeKiB"));
  const checkOwn = Math.max(...pick(r.check, "ownKiB"));
  const checkTree = Math.max(...pick(r.check, "treeKiB"));
  const keys = r.settings.STACKS * r.settings.KEYS;
  const g = r.goals;
  const verdict = (/** @type {boolean} */ ok) => (ok ? "**met**" : "**missed**");
  const loads = Object.entries(r.load)
    .map(([phase, l]) => `${phase} ${fixed(/** @type {any} */ (l).loadAvg1m, 2)}`)
    .join("; ");
  const floor = (keys / 8) * r.settings.LATENCY_MS;
  const maxLoad = Math.max(...Object.values(r.load).map((l) => /** @type {any} */ (l).loadAvg1m));
  const underLoad =
    maxLoad > r.machine.cores
      ? `\n\n**This run was under load** (1-minute load average up to ${fixed(maxLoad, 2)} on ${r.machine.cores} cores, mostly other test runs on the same machine): wall times swing with it, memory does not.`
      : "";
  return `## Fleet view: \`pulumi-cleantalk status --all\`

Generated by \`npm run bench:status\` (bench/status-fleet.js) on ${r.machine.date}: ${r.machine.cpuModel}, ${r.machine.cores} cores, Node ${r.machine.node}, Pulumi ${r.machine.pulumi}; load (1-min average) ${loads}. Fleet: ${r.settings.STACKS} stacks × ${r.settings.KEYS} keys = ${keys} keys on a file:// backend, ${fixed(r.stateBytesPerStack / 1024, 0)} KiB of state per stack, built in ${fixed(r.setupSeconds, 0)} s (one real \`up\` of ${r.settings.KEYS} keys against the emulator, then \`stack export\`, and \`stack init\` + \`stack import\` into each stack with its own name in the URNs). The command is the built \`dist/cli/index.js\` in its own process, run from a directory outside any project as a nightly job runs it; it must report all ${keys} keys current (exit 0) or the run fails. Memory: the command's own peak RSS (\`process.resourceUsage().maxRSS\`, preloaded), and the peak of the command plus the pulumi CLIs it runs at once (\`ps\` every 100 ms).${underLoad}

| | \`status --all\` | \`status --all --check\` | Goal | |
|---|---|---|---|---|
| Wall time (median of ${r.status.length} / ${r.check.length} runs) | ${seconds(wall)} | ${seconds(check)} (${keys} notice_paid_till calls, ${r.settings.LATENCY_MS} ms latency) | ≤ ${seconds(g.wallMs)} / ≤ ${seconds(g.checkWallMs)} | ${verdict(wall <= g.wallMs && check <= g.checkWallMs)} |
| Peak RSS of the command (max of the runs) | ${mib(own)} | ${mib(checkOwn)} | ≤ ${g.ownMiB} MiB | ${verdict(Math.max(own, checkOwn) / 1024 <= g.ownMiB)} |
| Peak RSS with the pulumi CLIs in flight | ${mib(tree)} | ${mib(checkTree)} | ≤ ${g.treeMiB} MiB | ${verdict(Math.max(tree, checkTree) / 1024 <= g.treeMiB)} |

Runs: \`status --all\` ${list(r.status, "wallMs", 1000, 2)} s, own ${list(r.status, "ownKiB", 1024, 0)} MiB, with the CLIs ${list(r.status, "treeKiB", 1024, 0)} MiB; \`--check\` ${list(r.check, "wallMs", 1000, 2)} s (${r.check.map((/** @type {any} */ x) => x.calls).join(", ")} API calls), own ${list(r.check, "ownKiB", 1024, 0)} MiB, with the CLIs ${list(r.check, "treeKiB", 1024, 0)} MiB.

**Why.** Goals: a nightly job over a thousand keys must end well inside a minute and fit a small CI runner beside other jobs; \`--check\` must be bounded by CleanTalk's latency, not by the fleet's size times it. The command reads each stack with one \`pulumi stack export\` (without \`--show-secrets\`, so nothing is decrypted), three at a time. Each export is the Go CLI starting, opening the backend and printing the stack's state, so the wall time is about ${r.settings.STACKS} / 3 exports, and most of the memory is those three CLIs (about ${mib((tree - own) / 3)} each, from the two peaks); the command itself is Node, zod and one export per slot (undici, about 20 MiB, is loaded only for \`--check\`). With \`--check\` each stack's keys are checked as soon as its export arrives, eight calls in flight across all stacks, while the next exports run: ${keys} / 8 × ${r.settings.LATENCY_MS} ms = ${seconds(floor)} is the floor from latency alone, and the exports (now decrypting, with \`--show-secrets\`) run beside it.

**Changes made for these results.** Exports run three at a time instead of four: with four, \`--check\` peaked at 502–524 MiB with the CLIs (over the goal), and three were as fast in back-to-back runs at similar load (\`status --all\` medians 6.98 s with four, 6.27 s with three). Each stack's keys are checked as soon as its export arrives instead of after all exports (\`--check\`: 22.2 s → the figure above), and its revealed state is dropped once checked. undici is loaded only for \`--check\` (the command's own peak without it: 94 → 78 MiB).`;
}

const renderIndex = process.argv.indexOf("--render");
if (renderIndex >= 0) {
  const file = process.argv[renderIndex + 1];
  if (file === undefined) throw new Error("--render needs a bench/.runs/status-*.json file");
  writeSection(JSON.parse(readFileSync(file, "utf8")));
} else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
