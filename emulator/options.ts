import { type RateLimit, type RuntimeConfig, runtimeConfigSchema } from "./control-schemas";
import type { LogSink } from "./request-log";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface EmulatorOptions {
  /**
   * Interface to listen on. Loopback by default: the emulator hands out credentials and has an
   * unauthenticated control surface.
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * Port to listen on; 0 picks a free one (read it back from `RunningEmulator.url`).
   * @default 0
   */
  port?: number;
  /**
   * Phase-2 window: a repeated `get_api_key` within this time since the site's key was issued
   * returns the SAME key with `user_token`; after it, `{"account_exists":1}`. CleanTalk does not
   * document the real length; ten minutes is long enough for an install wizard's retry.
   * @default 600000 (10 minutes)
   */
  sameKeyWindowMs?: number;
  /**
   * Once a site's current key is older than this, `notice_paid_till` answers `valid: 0,
   * renew: 1`: the dashboard help says a key "will be active for 365 days".
   * @default 31536000000 (365 days)
   */
  keyLifetimeMs?: number;
  /**
   * ASSUMPTION that nothing CleanTalk publishes supports: once a site's key is older than
   * `keyLifetimeMs`, `get_api_key` issues a fresh key (phase 1 again) instead of the documented
   * same key / `account_exists`. Only for tests that name this assumption.
   * @default false
   */
  reissueAfterExpiry?: boolean;
  /**
   * Per-method sliding-window limit; over it, HTTP 429 + `Retry-After` + error_no 10.
   * @default undefined (off)
   * @example { calls: 100, windowMs: 60_000 } // spam_check's documented limit
   */
  rateLimit?: RateLimit | undefined;
  /**
   * HTTP status for documented-style error bodies (missing email...). Older CleanTalk endpoints
   * answer 200 + error JSON, so that is what a client must handle first.
   * @default 200
   */
  errorHttpStatus?: number;
  /**
   * JSON state file, loaded at start and rewritten atomically after every state change.
   * @default undefined (in-memory only)
   */
  persistPath?: string;
  /**
   * Base clock in ms since the epoch; the control surface adds an offset on top.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Receives one line per request (method, site hostname, status, duration). Lines never
   * contain keys, tokens, password hashes or emails.
   * @default undefined (silent)
   */
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly config: RuntimeConfig;
  readonly persistPath: string | undefined;
  readonly now: () => number;
  readonly log: LogSink | undefined;
}

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 0,
  sameKeyWindowMs: 10 * MINUTE_MS,
  keyLifetimeMs: 365 * DAY_MS,
  reissueAfterExpiry: false,
  errorHttpStatus: 200,
} as const;

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const config = runtimeConfigSchema.safeParse({
    sameKeyWindowMs: options.sameKeyWindowMs ?? DEFAULTS.sameKeyWindowMs,
    keyLifetimeMs: options.keyLifetimeMs ?? DEFAULTS.keyLifetimeMs,
    reissueAfterExpiry: options.reissueAfterExpiry ?? DEFAULTS.reissueAfterExpiry,
    rateLimit: options.rateLimit ?? null,
    errorHttpStatus: options.errorHttpStatus ?? DEFAULTS.errorHttpStatus,
    latencyMs: 0,
  });
  if (!config.success) {
    const issue = config.error.issues[0];
    throw new TypeError(`invalid emulator option ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  const port = options.port ?? DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError(`invalid emulator option port: ${port}`);
  return {
    host: options.host ?? DEFAULTS.host,
    port,
    config: config.data,
    persistPath: options.persistPath,
    now: options.now ?? Date.now,
    log: options.log,
  };
}
