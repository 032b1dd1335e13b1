import type { RunningEmulator } from "../../emulator";
import { CleantalkClient, type ClientOptions, resolveSettings } from "../../provider";

let sequence = 0;

/** A distinct account and site per call, so tests sharing one emulator never collide. */
export function uniqueAccount(prefix = "prov"): { email: string; website: string; hostname: string } {
  sequence++;
  const id = `${prefix}-${process.pid}-${sequence}`;
  return { email: `owner-${id}@example.test`, website: `https://${id}.example.test`, hostname: `${id}.example.test` };
}

/** A client on the emulator with test-sized retry delays and timeouts. */
export function emulatorClient(emulator: RunningEmulator, overrides: Partial<Omit<ClientOptions, "baseUrl">> = {}): CleantalkClient {
  return new CleantalkClient({
    // Through the same checks as the provider setting (loopback http is allowed).
    baseUrl: resolveSettings({ get: (key) => (key === "cleantalk:apiUrl" ? emulator.url : undefined) }, {}).apiUrl,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    timeouts: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, requestMs: 2_000 },
    random: () => 0.5,
    ...overrides,
  });
}

/** Total API requests the emulator served (control calls excluded). */
export function apiRequests(emulator: RunningEmulator): number {
  return emulator.counters().requests.total ?? 0;
}

/** Every credential the emulator ever issued. */
export function issuedSecrets(emulator: RunningEmulator): string[] {
  const issued = emulator.issued();
  return [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes];
}
