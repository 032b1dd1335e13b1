/**
 * Emulator throughput: how many CleanTalk API calls per second the emulator answers, so
 * provider benchmarks and parallel test runs know it is not their bottleneck.
 *
 *   npx ts-node --transpile-only bench/emulator-throughput.ts [--duration 5s] [--connections 32] [--url URL]
 *
 * Without --url it starts an in-process emulator (client and server then share one core);
 * with --url it drives an emulator started elsewhere, e.g. `npm run emulator -- --port 8787 --quiet`.
 * Mix: 70 % notice_paid_till on known keys, 20 % get_api_key repeats (phase 2/3), 10 %
 * get_api_key for new sites (phase 1). Prints one JSON line with the figures.
 */

import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { startEmulator } from "../emulator";
import { parseDuration } from "../emulator/duration";

interface Site {
  readonly email: string;
  readonly website: string;
  readonly hostname: string;
  readonly authKey: string;
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

async function post(pool: Pool, body: string): Promise<{ status: number; json: unknown }> {
  const response = await pool.request({ method: "POST", path: "/", headers: FORM, body });
  return { status: response.statusCode, json: await response.body.json() };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "5s" },
      connections: { type: "string", default: "32" },
      concurrency: { type: "string", default: "64" },
      url: { type: "string" },
    },
  });
  const durationMs = parseDuration(values.duration) ?? 5_000;
  const connections = Number(values.connections);
  const concurrency = Number(values.concurrency);

  const emulator = values.url === undefined ? await startEmulator() : undefined;
  const url = values.url ?? (emulator?.url as string);
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const runId = `${process.pid}-${Date.now().toString(36)}`;

  // Known sites, so notice_paid_till has valid keys to check.
  const sites: Site[] = [];
  for (let i = 0; i < 64; i++) {
    const hostname = `bench-${runId}-${i}.example.test`;
    const email = `bench-${runId}-${i}@example.test`;
    const answer = await post(pool, form({ method_name: "get_api_key", email, website: hostname }));
    const authKey = (answer.json as { data?: { auth_key?: unknown } }).data?.auth_key;
    if (typeof authKey !== "string") throw new Error(`seeding failed with HTTP ${answer.status}`);
    sites.push({ email, website: hostname, hostname, authKey });
  }

  const latencies: number[] = [];
  let failures = 0;
  let newSites = 0;
  const deadline = performance.now() + durationMs;

  async function worker(workerId: number): Promise<void> {
    let n = 0;
    while (performance.now() < deadline) {
      n++;
      const site = sites[(workerId * 7 + n) % sites.length] as Site;
      const roll = (workerId * 31 + n * 17) % 10;
      const body =
        roll < 7
          ? form({ method_name: "notice_paid_till", auth_key: site.authKey, path_to_cms: site.hostname })
          : roll < 9
            ? form({ method_name: "get_api_key", email: site.email, website: site.website })
            : form({ method_name: "get_api_key", email: site.email, website: `new-${workerId}-${n}-${site.hostname}` });
      if (roll === 9) newSites++;
      const started = performance.now();
      try {
        const response = await pool.request({ method: "POST", path: "/", headers: FORM, body });
        await response.body.dump();
        if (response.statusCode !== 200) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - started);
    }
  }

  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const elapsedMs = performance.now() - started;

  await pool.close();
  await emulator?.stop();

  const sorted = Float64Array.from(latencies).sort();
  const result = {
    mode: values.url === undefined ? "in-process" : "external",
    connections,
    concurrency,
    durationMs: Math.round(elapsedMs),
    requests: latencies.length,
    failures,
    newSites,
    requestsPerSecond: Math.round((latencies.length / elapsedMs) * 1000),
    p50Ms: Number(percentile(sorted, 50).toFixed(2)),
    p99Ms: Number(percentile(sorted, 99).toFixed(2)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator-throughput failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
