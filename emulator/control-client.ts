import { type Dispatcher, request } from "undici";
import type { z } from "zod";
import { EmulatorControlError } from "./control-error";
import {
  type ClockState,
  CONTROL_PREFIX,
  type ConfigPatch,
  clockStateSchema,
  countersSchema,
  type EmulatorCounters,
  type FaultSpec,
  faultListSchema,
  type GenerateKeyRequest,
  generateKeyResultSchema,
  type IssuedCredentialsView,
  issuedSchema,
  type QueuedFault,
  queuedFaultSchema,
  type RuntimeConfig,
  runtimeConfigSchema,
  type SiteSummary,
  sitesSchema,
} from "./control-schemas";

export interface EmulatorControlOptions {
  /**
   * Transport, e.g. a MockAgent or a shared Agent.
   * @default undici's global dispatcher
   */
  dispatcher?: Dispatcher;
  /**
   * Headers and body timeout per call. Control calls are local and instant; a long wait means
   * the emulator is stuck, and a test should fail fast.
   * @default 10000
   */
  timeoutMs?: number;
}

/**
 * Typed client for the emulator's control surface, for tests, the quickstart and benchmarks.
 *
 * @example
 * const control = new EmulatorControl(emulator.url); // or emulator.controlUrl
 * await control.injectFault({ kind: "reset", count: 1, methods: ["get_api_key"] });
 */
export class EmulatorControl {
  /** Normalised control base URL, ending in `/__emulator`. */
  readonly controlUrl: string;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly timeoutMs: number;

  constructor(controlOrBaseUrl: string, options: EmulatorControlOptions = {}) {
    const base = controlOrBaseUrl.replace(/\/+$/, "");
    this.controlUrl = base.endsWith(CONTROL_PREFIX) ? base : `${base}${CONTROL_PREFIX}`;
    this.dispatcher = options.dispatcher;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Plays the dashboard's "Generate key" for a site; returns the new key. */
  async generateKey(site: GenerateKeyRequest): Promise<string> {
    return (await this.call("POST", "/dashboard/generate-key", generateKeyResultSchema, site)).authKey;
  }

  injectFault(spec: FaultSpec): Promise<QueuedFault> {
    return this.call("POST", "/faults", queuedFaultSchema, spec);
  }

  async faults(): Promise<QueuedFault[]> {
    return (await this.call("GET", "/faults", faultListSchema)).faults;
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/faults", faultListSchema);
  }

  clock(): Promise<ClockState> {
    return this.call("GET", "/clock", clockStateSchema);
  }

  setClock(at: Date | string): Promise<ClockState> {
    return this.call("POST", "/clock", clockStateSchema, { set: at instanceof Date ? at.toISOString() : at });
  }

  advanceClock(ms: number): Promise<ClockState> {
    return this.call("POST", "/clock", clockStateSchema, { advanceMs: ms });
  }

  configure(patch: ConfigPatch): Promise<RuntimeConfig> {
    return this.call("POST", "/config", runtimeConfigSchema, patch);
  }

  config(): Promise<RuntimeConfig> {
    return this.call("GET", "/config", runtimeConfigSchema);
  }

  counters(): Promise<EmulatorCounters> {
    return this.call("GET", "/counters", countersSchema);
  }

  issued(): Promise<IssuedCredentialsView> {
    return this.call("GET", "/issued", issuedSchema);
  }

  async sites(): Promise<SiteSummary[]> {
    return (await this.call("GET", "/sites", sitesSchema)).sites;
  }

  async reset(): Promise<void> {
    await this.call("POST", "/reset", undefined);
  }

  private async call<T extends z.ZodType | undefined>(
    method: "GET" | "POST" | "DELETE",
    path: string,
    schema: T,
    body?: unknown,
  ): Promise<T extends z.ZodType ? z.output<T> : unknown> {
    const response = await request(`${this.controlUrl}${path}`, {
      method,
      // One connection per call (`connection: close`). Control calls are rare, and a
      // kept-alive socket can go stale while the caller's event loop is blocked (a
      // benchmark packing the plugin synchronously): the emulator closes it after its
      // idle timeout and the next call on it fails with "other side closed".
      reset: true,
      ...(this.dispatcher === undefined ? {} : { dispatcher: this.dispatcher }),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new EmulatorControlError(
        "CONTROL_HTTP_ERROR",
        `emulator control ${method} ${path} answered ${response.statusCode}: ${text.slice(0, 500)}`,
        response.statusCode,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new EmulatorControlError("CONTROL_BAD_RESPONSE", `emulator control ${method} ${path} answered non-JSON`, response.statusCode);
    }
    if (schema === undefined) return json as T extends z.ZodType ? z.output<T> : unknown;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new EmulatorControlError(
        "CONTROL_BAD_RESPONSE",
        `emulator control ${method} ${path} answered an unexpected shape: ${parsed.error.message}`,
        response.statusCode,
      );
    }
    return parsed.data as T extends z.ZodType ? z.output<T> : unknown;
  }
}
