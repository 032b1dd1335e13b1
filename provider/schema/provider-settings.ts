import { parseDuration } from "../domain/duration";
import { InputError } from "../errors/input-error";
import { LifecycleError } from "../errors/lifecycle-error";

/** Stack configuration as Pulumi hands it to a provider's `configure`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Provider settings, complete: undefined means "the client's default". */
export interface ProviderSettings {
  readonly apiUrl: URL;
  /** Headers, body and whole-attempt limit of one request. */
  readonly requestTimeoutMs: number | undefined;
  /** Attempts per call, including the first. */
  readonly maxAttempts: number | undefined;
}

export const DEFAULT_API_URL = "https://api.cleantalk.org";

/** Each setting: its config key and its environment fallback, named in errors so users fix the right one. */
const SOURCES = {
  apiUrl: { config: "cleantalk:apiUrl", env: "CLEANTALK_API_URL" },
  requestTimeout: { config: "cleantalk:requestTimeout", env: "CLEANTALK_REQUEST_TIMEOUT" },
  maxAttempts: { config: "cleantalk:maxAttempts", env: "CLEANTALK_MAX_ATTEMPTS" },
} as const;

interface Setting {
  readonly value: string;
  /** Where the value came from, e.g. `cleantalk:maxAttempts` or `CLEANTALK_MAX_ATTEMPTS`. */
  readonly from: string;
}

/**
 * Pulumi config `cleantalk:*` first, then the environment, then defaults. The
 * endpoint is configuration, not a resource input, so pointing a stack at the
 * emulator never replaces its keys.
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const read = (name: keyof typeof SOURCES): Setting | undefined => {
    const { config: key, env: variable } = SOURCES[name];
    // An empty value (`export CLEANTALK_MAX_ATTEMPTS=`) means "not set", as for most CLIs.
    const configured = nonEmpty(config?.get(key));
    if (configured !== undefined) return { value: configured, from: key };
    const fromEnv = nonEmpty(env[variable]);
    return fromEnv === undefined ? undefined : { value: fromEnv, from: variable };
  };
  return {
    apiUrl: apiUrlFrom(read("apiUrl")),
    requestTimeoutMs: requestTimeoutFrom(read("requestTimeout")),
    maxAttempts: maxAttemptsFrom(read("maxAttempts")),
  };
}

function requestTimeoutFrom(setting: Setting | undefined): number | undefined {
  if (setting === undefined) return undefined;
  const parsed = parseDuration(setting.value);
  if (parsed.ok && parsed.ms >= 1_000) return parsed.ms;
  throw new InputError([
    {
      property: setting.from,
      reason: `${parsed.ok ? "must be at least 1s" : parsed.reason}; e.g. ${fixCommand(setting.from, "requestTimeout", "30s")}`,
    },
  ]);
}

function maxAttemptsFrom(setting: Setting | undefined): number | undefined {
  if (setting === undefined) return undefined;
  const n = /^\d{1,2}$/.test(setting.value) ? Number(setting.value) : Number.NaN;
  if (Number.isInteger(n) && n >= 1 && n <= 10) return n;
  throw new InputError([{ property: setting.from, reason: `must be a whole number from 1 to 10; e.g. ${fixCommand(setting.from, "maxAttempts", "5")}` }]);
}

function fixCommand(from: string, key: string, example: string): string {
  return from.startsWith("cleantalk:") ? `pulumi config set cleantalk:${key} ${example}` : `export ${from}=${example}`;
}

/**
 * Keys and tokens travel in these requests: https only, plain http only where
 * the bytes never leave the machine (the local emulator), never credentials
 * in the URL.
 */
function apiUrlFrom(setting: Setting | undefined): URL {
  const from = setting?.from ?? SOURCES.apiUrl.config;
  const raw = setting?.value ?? DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Echo the value, but not a user:password@ part it may carry: everything
    // after the scheme up to the last @, since an unparseable value may hold
    // an unencoded @ or / inside the password.
    const shown = raw.replace(/^([a-z][a-z0-9+.-]*:\/*)?.*@/is, "$1***@").slice(0, 80);
    throw new LifecycleError("INSECURE_ENDPOINT", `${from} "${shown}" is not a URL.`, {
      fix: `set it to ${DEFAULT_API_URL}, or http://127.0.0.1:<port> for the emulator`,
    });
  }
  if (url.username !== "" || url.password !== "") {
    throw new LifecycleError("INSECURE_ENDPOINT", `${from} contains credentials, which would be sent with every request.`, {
      fix: "remove user:password@ from the URL",
    });
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname))) return url;
  throw new LifecycleError("INSECURE_ENDPOINT", `${from} ${url.protocol}//${url.host} is refused: keys may only travel over https.`, {
    fix: `use ${DEFAULT_API_URL} (plain http is accepted only for loopback addresses, e.g. the local emulator)`,
  });
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
