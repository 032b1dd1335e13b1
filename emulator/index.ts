import type { AddressInfo } from "node:net";
import { EmulatorClock } from "./clock";
import { CONTROL_PREFIX, clockState } from "./control";
import {
  type ClockState,
  type ConfigPatch,
  configPatchSchema,
  type EmulatorCounters,
  type FaultSpec,
  faultSpecSchema,
  type GenerateKeyRequest,
  type IssuedCredentialsView,
  type QueuedFault,
  type RuntimeConfig,
  type SiteSummary,
} from "./control-schemas";
import { EmulatorCore } from "./emulator";
import { type EmulatorOptions, resolveOptions } from "./options";
import { loadState } from "./persistence";
import { createEmulatorServer } from "./server";
import { TimerRegistry } from "./timer-registry";

export { API_ERRORS, type ApiError } from "./api-errors";
export * from "./api-responses";
export { EmulatorControl, type EmulatorControlOptions } from "./control-client";
export { EmulatorControlError } from "./control-error";
export * from "./control-schemas";
export type { EmulatorOptions } from "./options";
export { DEFAULTS as EMULATOR_DEFAULTS } from "./options";
export { PRODUCT_NAMES, type ProductName, productId } from "./products";

/** A started emulator. Accessors act on the same state as the HTTP control surface. */
export interface RunningEmulator {
  /** CleanTalk API base URL, e.g. `http://127.0.0.1:39127` (POST to it). */
  readonly url: string;
  /** Control surface base URL: `${url}/__emulator`. */
  readonly controlUrl: string;
  readonly port: number;
  /** Closes the listener, drops open connections and cancels pending timers. Idempotent. */
  stop(): Promise<void>;
  counters(): EmulatorCounters;
  issued(): IssuedCredentialsView;
  sites(): SiteSummary[];
  clock(): ClockState;
  setClock(at: Date | string | number): ClockState;
  advanceClock(ms: number): ClockState;
  config(): RuntimeConfig;
  configure(patch: ConfigPatch): RuntimeConfig;
  generateKey(request: GenerateKeyRequest): string;
  injectFault(spec: FaultSpec): QueuedFault;
  clearFaults(): void;
  faults(): QueuedFault[];
  reset(): void;
}

/**
 * Starts a local emulator of the CleanTalk key API on loopback.
 *
 * @example
 * const emulator = await startEmulator({ sameKeyWindowMs: 1_000 });
 * // ... point the provider at emulator.url ...
 * await emulator.stop();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const clock = new EmulatorClock(resolved.now);
  const core = new EmulatorCore({
    clock,
    config: resolved.config,
    persistPath: resolved.persistPath,
    initialState: resolved.persistPath === undefined ? undefined : loadState(resolved.persistPath),
  });
  const timers = new TimerRegistry();
  const server = createEmulatorServer(core, timers, resolved.log);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
  const url = `http://${hostForUrl}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      timers.stop();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stopping;
  };

  return {
    url,
    controlUrl: `${url}${CONTROL_PREFIX}`,
    port,
    stop,
    counters: () => core.counters.snapshot(),
    issued: () => core.issued(),
    sites: () => core.sites(),
    clock: () => clockState(core),
    setClock: (at) => {
      const ms = at instanceof Date ? at.getTime() : typeof at === "number" ? at : Date.parse(at);
      if (Number.isNaN(ms)) throw new TypeError("setClock needs a valid date");
      core.clock.set(ms);
      return clockState(core);
    },
    advanceClock: (ms) => {
      core.clock.advance(ms);
      return clockState(core);
    },
    config: () => core.currentConfig(),
    configure: (patch) => core.configure(configPatchSchema.parse(patch)),
    generateKey: (request) => core.generateKey(request),
    injectFault: (spec) => core.addFault(faultSpecSchema.parse(spec)),
    clearFaults: () => core.faults.clear(),
    faults: () => core.faults.list(),
    reset: () => core.reset(),
  };
}
