import type { CleantalkClient } from "../client/cleantalk-client";
import { clientForSettings, clientKeyOf } from "../client/client-for-settings";
import { containsUnknown } from "../domain/unknown-values";
import { CleantalkError } from "../errors/cleantalk-error";
import type { InputError, InputFailure } from "../errors/input-error";
import type { CheckOutcome } from "../lifecycle/check-key";
import { KeyLifecycle } from "../lifecycle/key-lifecycle";
import type { KeyChange } from "../lifecycle/plan-change";
import { RotationLedger } from "../lifecycle/rotation-ledger";
import { type ConfigSource, type ProviderSettings, resolveSettings } from "../schema/provider-settings";
import { type KeyPlan, type KeyRecord, keyPlanCodec, keyRecordCodec } from "../schema/stored-key";

export interface RuntimeOptions {
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Environment the settings fall back to. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Warnings and retry notices, shown by the engine as the stack's diagnostics. @default stderr */
  readonly warn?: (message: string) => void;
  /** Per-key notes. @default on with CLEANTALK_LOG=debug */
  readonly debug?: (message: string) => void;
}

/** A diff as both adapters report it, plus what they need to warn about a due key. */
export interface DiffOutcome {
  /** Always a boolean: the engine reads undefined as "unknown". */
  readonly changes: boolean;
  readonly replaces: readonly string[];
  /** Create-before-delete: consumers switch to the new key in the same `up`, before the old resource goes. */
  readonly deleteBeforeReplace: false;
  /** undefined when an input is still unknown at preview. */
  readonly change: KeyChange | undefined;
  readonly record: KeyRecord;
}

/**
 * The provider for one process, on stored values: decodes state at the
 * boundary, runs the lifecycle on complete records, encodes what it stores.
 * The dynamic provider and the plugin are thin adapters around it.
 *
 * One process serves every key of a deployment: the client (and its
 * keep-alive pool) is built once per endpoint, and the rotation ledger is
 * shared by diff and create.
 */
export class ProviderRuntime {
  // An error when configuration was refused: the host keeps the provider
  // after a refused configure, so later calls must keep failing rather than
  // fall back to the default endpoint with a stack's keys.
  #settings: ProviderSettings | CleantalkError | undefined;
  readonly #clients = new Map<string, CleantalkClient>();
  readonly #rotations = new RotationLedger();
  readonly #env: NodeJS.ProcessEnv;
  readonly #now: () => Date;
  readonly #warn: (message: string) => void;
  readonly #debug: (message: string) => void;

  constructor(options: RuntimeOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#now = options.now ?? (() => new Date());
    this.#warn = options.warn ?? ((message) => console.error(`[pulumi-cleantalk] ${message}`));
    this.#debug = options.debug ?? (this.#env.CLEANTALK_LOG === "debug" ? this.#warn : () => {});
  }

  /** Never throws: a refused setting is reported by check (at preview) and by every step that would call CleanTalk. */
  configure(config: ConfigSource | undefined): void {
    this.#settings = this.#resolve(config);
  }

  #resolve(config: ConfigSource | undefined): ProviderSettings | CleantalkError {
    try {
      return resolveSettings(config, this.#env);
    } catch (error) {
      if (!CleantalkError.isInstance(error)) throw error;
      return error;
    }
  }

  check(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome {
    const outcome = this.#lifecycle().check(olds, news);
    const settings = this.#currentSettings();
    if (!CleantalkError.isInstance(settings)) return outcome;
    return { inputs: outcome.inputs, failures: [...outcome.failures, ...settingFailures(settings)] };
  }

  diff(olds: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
    const record = decodeRecord(olds);
    if (containsUnknown(news)) return { ...unknownDiff(news), change: undefined, record };
    const change = this.#lifecycle().diff(record, decodePlan(news));
    return { changes: change.replaces.length + change.updates.length > 0, replaces: change.replaces, deleteBeforeReplace: false, change, record };
  }

  async create(news: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
    const record = await this.#lifecycle(true).create(decodePlan(news));
    return { id: resourceId(record), outs: encodeRecord(record) };
  }

  async read(props: Record<string, unknown>): Promise<Record<string, unknown>> {
    return encodeRecord(await this.#lifecycle(true).read(decodeRecord(props)));
  }

  async update(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<Record<string, unknown>> {
    return encodeRecord(await this.#lifecycle(true).update(decodeRecord(olds), decodePlan(news)));
  }

  delete(props: Record<string, unknown>): void {
    const record = keyRecordCodec.safeParse(props);
    if (record.success) this.#lifecycle().delete(record.data);
  }

  #currentSettings(): ProviderSettings | CleantalkError {
    this.#settings ??= this.#resolve(undefined);
    return this.#settings;
  }

  /** `calling`: the step talks to CleanTalk, so refused settings fail it. */
  #lifecycle(calling = false): KeyLifecycle {
    const settings = this.#currentSettings();
    if (calling && CleantalkError.isInstance(settings)) throw settings;
    return new KeyLifecycle({
      client: () => {
        if (CleantalkError.isInstance(settings)) throw settings;
        return this.#clientFor(settings);
      },
      now: this.#now,
      log: this.#debug,
      rotations: this.#rotations,
    });
  }

  #clientFor(settings: ProviderSettings): CleantalkClient {
    const key = clientKeyOf(settings);
    let client = this.#clients.get(key);
    if (client === undefined) {
      client = clientForSettings(settings, this.#warn);
      this.#clients.set(key, client);
    }
    return client;
  }
}

/**
 * Refused provider settings as check failures. No property: the engine would
 * print "property cleantalk:apiUrl value {<nil>}" for a name that is not an
 * input; the reason names the setting instead.
 */
function settingFailures(error: CleantalkError): InputFailure[] {
  // By code, not instanceof: the error may come from another copy of the package.
  if (error.code === "INVALID_INPUT" && "failures" in error) {
    return (error as InputError).failures.map((f) => ({ property: "", reason: `INVALID_INPUT: ${f.property} ${f.reason}` }));
  }
  return [{ property: "", reason: error.message }];
}

/** A preview with inputs still unknown: an unknown identity replaces, anything else may update. */
function unknownDiff(news: Record<string, unknown>): Omit<DiffOutcome, "change" | "record"> {
  const replaces = (["email", "website", "productName"] as const).filter((name) => containsUnknown(news[name]));
  return { changes: true, replaces, deleteBeforeReplace: false };
}

/** Not secret: product, first host name and fingerprint tell keys apart in the CLI's output. */
export function resourceId(record: KeyRecord): string {
  return `${record.productName}/${record.details.hostnames[0] ?? "site"}/${record.details.fingerprint}`;
}

function decodePlan(news: Record<string, unknown>): KeyPlan {
  const { __provider: _provider, ...inputs } = news;
  const plan = keyPlanCodec.safeParse(inputs);
  if (!plan.success) throw new Error(`checked inputs are unreadable (${issuePaths(plan.error)}); check should have refused them`);
  return plan.data;
}

/** Stored outputs are written only by this provider; one it cannot read is a bug or a hand-edited state. */
function decodeRecord(props: Record<string, unknown>): KeyRecord {
  const record = keyRecordCodec.safeParse(props);
  if (!record.success)
    throw new Error(
      `the stored state of this key is unreadable (${issuePaths(record.error)}); restore it from a backup or \`pulumi state delete\` it and adopt the key with authKey`,
    );
  return record.data;
}

function encodeRecord(record: KeyRecord): Record<string, unknown> {
  return keyRecordCodec.encode(record);
}

function issuePaths(error: { issues: readonly { path: readonly PropertyKey[] }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => issue.path.map(String).join(".") || "(root)")
    .join(", ");
}
