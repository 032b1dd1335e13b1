import { CleantalkClient } from "../client/cleantalk-client";
import { KeyLifecycle } from "../lifecycle/key-lifecycle";
import { RotationLedger } from "../lifecycle/rotation-ledger";
import type { CheckedInputs } from "../state/key-state";
import { isLegacyOutputs, upgradeOutputs, withoutStoredDefaults } from "../state/legacy-state";
import { type ConfigSource, type ProviderSettings, resolveSettings } from "./settings";

/**
 * The provider as it runs inside Pulumi's dynamic-provider process. The
 * serialised shim in sdk/ only forwards to this object, which is loaded with
 * `require` there, so nothing below (zod schemas, undici pools) is ever
 * serialised into state.
 *
 * One process serves every CleantalkAccessKey of a deployment: the client
 * (and its keep-alive pool) is built once per endpoint and shared.
 */
// An Error when configuration was refused: the host caches the provider even
// when configure throws, so later calls must keep failing rather than fall
// back to the default endpoint with a stack's keys.
let settings: ProviderSettings | Error | undefined;
const clients = new Map<string, CleantalkClient>();
const rotations = new RotationLedger();
// The host shows the provider's stderr as diagnostics of the stack: retries
// and warnings always; per-key notes only with CLEANTALK_LOG=debug, so a fleet
// of 200 keys does not print 200 lines on every `up`.
const warn = (message: string) => console.error(`[pulumi-cleantalk] ${message}`);
const debug = process.env.CLEANTALK_LOG === "debug" ? warn : () => {};

function currentSettings(): ProviderSettings {
  settings ??= resolveSettings(undefined);
  if (settings instanceof Error) throw settings;
  return settings;
}

function clientFor(current: ProviderSettings): CleantalkClient {
  const key = JSON.stringify([current.apiUrl.href, current.timeouts, current.retry]);
  let client = clients.get(key);
  if (client === undefined) {
    client = new CleantalkClient({ baseUrl: current.apiUrl, timeouts: current.timeouts, retry: current.retry, log: warn });
    clients.set(key, client);
  }
  return client;
}

function lifecycle(): KeyLifecycle {
  const current = currentSettings();
  return new KeyLifecycle({ client: () => clientFor(current), now: () => new Date(), log: debug, rotations });
}

export const dynamicProvider = {
  async configure(req: { config: ConfigSource }): Promise<void> {
    try {
      settings = resolveSettings(req.config);
    } catch (error) {
      settings = error instanceof Error ? error : new Error(String(error));
      throw settings;
    }
  },
  // Old state is read through upgradeOutputs / withoutStoredDefaults, so
  // stacks written by pre-release builds keep their keys (legacy-state.ts).
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    return lifecycle().check(withoutStoredDefaults(olds), news);
  },
  async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const result = lifecycle().diff(id, upgradeOutputs(olds), news as unknown as CheckedInputs);
    // Nothing else changed: still update, so the state is rewritten in today's layout.
    return isLegacyOutputs(olds) && !result.changes ? { ...result, changes: true } : result;
  },
  async create(inputs: Record<string, unknown>) {
    return lifecycle().create(inputs as unknown as CheckedInputs);
  },
  async read(id: string, props: Record<string, unknown>) {
    return lifecycle().read(id, upgradeOutputs(props));
  },
  async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return lifecycle().update(id, upgradeOutputs(olds), news as unknown as CheckedInputs);
  },
  async delete(id: string, props: Record<string, unknown>) {
    lifecycle().delete(id, upgradeOutputs(props));
  },
};

export type DynamicProviderRuntime = typeof dynamicProvider;
