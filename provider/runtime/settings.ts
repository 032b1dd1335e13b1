import type { ClientTimeouts } from "../client/cleantalk-client";
import { resolveApiUrl } from "../client/endpoint";
import type { RetryPolicy } from "../client/retry-timing";
import { InputError } from "../errors/input-error";
import { parseDuration } from "../inputs/duration";

/** Stack configuration as the dynamic-provider host hands it to `configure`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ProviderSettings {
  readonly apiUrl: URL;
  readonly timeouts: Partial<ClientTimeouts>;
  readonly retry: Partial<RetryPolicy>;
}

/**
 * Provider configuration: Pulumi config `cleantalk:*` first, then the
 * environment, then defaults. The endpoint is configuration, not a resource
 * input, so pointing a stack at the emulator never replaces its keys.
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  // An empty value (`export CLEANTALK_MAX_ATTEMPTS=`) means "not set", as for most CLIs.
  const read = (key: string, envName: string) => nonEmpty(config?.get(`cleantalk:${key}`)) ?? nonEmpty(env[envName]);
  const timeout = read("requestTimeout", "CLEANTALK_REQUEST_TIMEOUT");
  const attempts = read("maxAttempts", "CLEANTALK_MAX_ATTEMPTS");
  const settings: { apiUrl: URL; timeouts: Partial<ClientTimeouts>; retry: Partial<RetryPolicy> } = {
    apiUrl: resolveApiUrl(config?.get("cleantalk:apiUrl"), env),
    timeouts: {},
    retry: {},
  };
  if (timeout !== undefined) {
    const parsed = parseDuration(timeout);
    if (!parsed.ok || parsed.ms < 1_000) {
      throw new InputError([
        {
          property: "cleantalk:requestTimeout",
          reason: `${parsed.ok ? "must be at least 1s" : parsed.reason}; e.g. pulumi config set cleantalk:requestTimeout 30s`,
        },
      ]);
    }
    settings.timeouts = { requestMs: parsed.ms, headersMs: parsed.ms, bodyMs: parsed.ms };
  }
  if (attempts !== undefined) {
    const n = /^\d{1,2}$/.test(attempts.trim()) ? Number(attempts.trim()) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > 10) {
      throw new InputError([
        { property: "cleantalk:maxAttempts", reason: "must be a whole number from 1 to 10; e.g. pulumi config set cleantalk:maxAttempts 5" },
      ]);
    }
    settings.retry = { maxAttempts: n };
  }
  return settings;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
