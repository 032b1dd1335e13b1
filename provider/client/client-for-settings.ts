import type { ProviderSettings } from "../schema/provider-settings";
import { CleantalkClient } from "./cleantalk-client";

/**
 * A client as the provider's settings describe it: one request timeout for
 * the headers, the body and the whole attempt, and the attempt budget. The
 * provider and `pulumi-cleantalk status --check` build theirs here, so a
 * check talks to CleanTalk the way the stack's own `pulumi refresh` would.
 */
export function clientForSettings(settings: ProviderSettings, log?: (message: string) => void): CleantalkClient {
  const timeout = settings.requestTimeoutMs;
  return new CleantalkClient({
    baseUrl: settings.apiUrl,
    ...(timeout === undefined ? {} : { timeouts: { requestMs: timeout, headersMs: timeout, bodyMs: timeout } }),
    ...(settings.maxAttempts === undefined ? {} : { retry: { maxAttempts: settings.maxAttempts } }),
    ...(log === undefined ? {} : { log }),
  });
}

/** Settings that build the same client share one (and its keep-alive pool). */
export function clientKeyOf(settings: ProviderSettings): string {
  return JSON.stringify([settings.apiUrl.href, settings.requestTimeoutMs, settings.maxAttempts]);
}
