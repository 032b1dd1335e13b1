// @ts-check
/**
 * Client overhead: the provider's CleantalkClient against a bare undici loop
 * on the same emulator endpoint, with the same Pool settings (the ones
 * CleantalkClient builds for itself) and the same number of calls in flight.
 * Both send notice_paid_till for one valid key (the call `pulumi refresh`
 * makes per site) and read the JSON answer; the client adds what it is for:
 * form encoding, per-attempt deadline, retry loop, zod validation.
 */
const { performance } = require("node:perf_hooks");
const { Pool, request } = require("undici");
const { CleantalkClient, DEFAULT_TIMEOUTS } = require("../../dist/provider");

const WARM_UP_CALLS = 2_000;
const POOL_OPTIONS = { connect: { timeout: DEFAULT_TIMEOUTS.connectMs }, keepAliveTimeout: 10_000, connections: 32 };

/**
 * Runs `calls` calls of `once` with `concurrency` in flight; returns calls/s.
 * @param {number} calls
 * @param {number} concurrency
 * @param {() => Promise<void>} once
 */
async function drive(calls, concurrency, once) {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (next < calls) {
      next++;
      await once();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // CPU of this process per call: the client's own cost, steadier than calls/s on a shared machine.
  return { callsPerSecond: (calls * 1000) / ms, ms, cpuMicrosPerCall: (used.user + used.system) / calls };
}

/**
 * @param {{ url: string, authKey: string, hostname: string, calls: number, concurrency: number }} options
 */
async function measureClient(options) {
  const client = new CleantalkClient({ baseUrl: new URL(options.url) });
  try {
    // Warm-up: open the pool's connections and let V8 optimise, outside the clock.
    const call = async () => {
      const answer = await client.noticePaidTill({ authKey: options.authKey, pathToCms: options.hostname, productId: 1 });
      if (answer.valid !== 1) throw new Error("client: key not valid");
    };
    await drive(WARM_UP_CALLS, options.concurrency, call);
    return await drive(options.calls, options.concurrency, call);
  } finally {
    await client.close();
  }
}

/**
 * A loop with no client around the request: one Pool as the client builds it,
 * the same form body, `body.json()`. `send` is the undici call under test.
 * @param {{ url: string, authKey: string, hostname: string, calls: number, concurrency: number }} options
 * @param {string} label
 * @param {(pool: import("undici").Pool, url: URL, init: { method: "POST", headers: Record<string, string>, body: string }) => Promise<import("undici").Dispatcher.ResponseData>} send
 */
async function measureBare(options, label, send) {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, POOL_OPTIONS);
  const body = new URLSearchParams({ method_name: "notice_paid_till", auth_key: options.authKey, path_to_cms: options.hostname, product_id: "1" }).toString();
  const init = { method: /** @type {const} */ ("POST"), headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body };
  try {
    const call = async () => {
      const response = await send(pool, url, init);
      const json = /** @type {any} */ (await response.body.json());
      if (json?.data?.valid !== 1) throw new Error(`${label}: key not valid`);
    };
    await drive(WARM_UP_CALLS, options.concurrency, call);
    return await drive(options.calls, options.concurrency, call);
  } finally {
    await pool.close();
  }
}

/**
 * The comparison's bare side: undici's top-level request(url, { dispatcher }).
 * @param {{ url: string, authKey: string, hostname: string, calls: number, concurrency: number }} options
 */
const measureBareUndici = (options) => measureBare(options, "bare undici", (pool, _url, init) => request(options.url, { dispatcher: pool, ...init }));

/**
 * Diagnostic third side: the transport call the client itself makes (the
 * Pool's own request() with origin and path), with nothing around it, so the
 * client's own work shows against the same API level.
 * @param {{ url: string, authKey: string, hostname: string, calls: number, concurrency: number }} options
 */
const measureBarePool = (options) => measureBare(options, "bare pool", (pool, url, init) => pool.request({ origin: url.origin, path: url.pathname, ...init }));

module.exports = { measureClient, measureBareUndici, measureBarePool, POOL_OPTIONS, WARM_UP_CALLS };

/**
 * Run as a script by bench/run.js, in a fresh process: the benchmark process
 * has loaded @pulumi/pulumi's closure serialiser, which turns on the V8
 * debugger (an inspector session) and slows every JavaScript call in it.
 * argv[2]: JSON { url, authKey, hostname, calls, concurrency, rounds }.
 * Prints JSON { client: Run[], bare: Run[], pool: Run[] }, rounds interleaved and reversed
 * on alternate rounds.
 */
async function main() {
  const options = JSON.parse(process.argv[2] ?? "{}");
  /** @type {{ client: object[], bare: object[], pool: object[] }} */
  const runs = { client: [], bare: [], pool: [] };
  // Process-level warm-up of both paths (JIT, heap growth), not recorded.
  await measureClient({ ...options, calls: 5_000 });
  await measureBareUndici({ ...options, calls: 5_000 });
  await measureBarePool({ ...options, calls: 5_000 });
  for (let round = 0; round < options.rounds; round++) {
    const steps = [
      async () => runs.client.push(await measureClient(options)),
      async () => runs.bare.push(await measureBareUndici(options)),
      async () => runs.pool.push(await measureBarePool(options)),
    ];
    for (const step of round % 2 === 0 ? steps : steps.reverse()) await step();
  }
  process.stdout.write(JSON.stringify(runs));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
