import type { CheckResult, CreateResult, DiffResult, Provider, ReadResult, UpdateResult } from "@pulumi/pulumi/provider";
import { formatDuration } from "../domain/duration";
import { dueNotice } from "../domain/runbook";
import { daysLeft } from "../domain/schedule";
import { LifecycleError } from "../errors/lifecycle-error";
import { IncompleteKeyError } from "../lifecycle/key-lifecycle";
import type { ConfigSource } from "../schema/provider-settings";
import { type KeyRecord, keyRecordCodec } from "../schema/stored-key";
import type { EngineLog } from "./engine-log";
import { PACKAGE_SCHEMA } from "./package-schema";
import { ProviderRuntime, resourceId } from "./provider-runtime";
import { secret, unwrapSecrets } from "./rpc-values";

type Props = Record<string, unknown>;

export interface PluginOptions {
  readonly version: string;
  readonly log: EngineLog;
  /** The engine's PULUMI_CONFIG for this plugin: the stack's `cleantalk:*` values, keyed without the namespace. */
  readonly pulumiConfig: string | undefined;
  /** @default a runtime on process.env, warning through `log` */
  readonly runtime?: ProviderRuntime;
}

/**
 * The same lifecycle as the dynamic provider, as a resource provider plugin
 * (`pulumi-resource-cleantalk`) on @pulumi/pulumi/provider, for every Pulumi
 * language. What differs is only the wire:
 * - Settings arrive in PULUMI_CONFIG: the Node provider SDK answers
 *   Configure without passing the values on (pulumi/pulumi#10915), while the
 *   engine gives every plugin its package's stack config in that variable.
 * - Secrets arrive and leave wrapped (the plugin accepts secrets), and the
 *   outputs add flat names (`authKey`, `fingerprint`, …) to the stored
 *   record, so a YAML or Python program reads them directly.
 * - The engine hides a plugin's stderr: warnings go through its Log call.
 */
export function createPluginProvider(options: PluginOptions): Provider {
  const runtime = options.runtime ?? new ProviderRuntime({ warn: (message) => options.log.warn(message) });
  runtime.configure(configFrom(options.pulumiConfig));
  return {
    version: options.version,
    schema: JSON.stringify({ ...PACKAGE_SCHEMA, version: options.version }),

    async check(_urn, olds, news): Promise<CheckResult> {
      const outcome = runtime.check(plain(olds), plain(news));
      const { authKey, ...inputs } = outcome.inputs;
      return { inputs: authKey === undefined ? inputs : { ...inputs, authKey: secret(authKey) }, failures: outcome.failures };
    },

    async diff(_id, urn, olds, news): Promise<DiffResult> {
      const { changes, replaces, change, record } = runtime.diff(plain(olds), plain(news));
      if (change?.state === "due" && change.schedule !== undefined) {
        const { expiresAt } = change.schedule;
        options.log.warn(
          dueNotice({
            resource: urn.split("::").pop(),
            hostnames: record.details.hostnames,
            fingerprint: record.details.fingerprint,
            expiresAt: expiresAt.toISOString(),
            daysLeft: daysLeft(change.schedule, new Date()) ?? 0,
          }),
          urn,
        );
      }
      return { changes, replaces: [...replaces], deleteBeforeReplace: false };
    },

    async create(_urn, news): Promise<CreateResult> {
      try {
        const { id, outs } = await runtime.create(plain(news));
        return { id, outs: withFlatNames(outs) };
      } catch (error) {
        throw initFailure(error, undefined);
      }
    },

    async read(id, _urn, props): Promise<ReadResult> {
      // `pulumi import` reads with an id and no properties: a key cannot be
      // read back from CleanTalk (no API returns one), so it is adopted instead.
      if (props === undefined || Object.keys(props).length === 0) throw importRefused(id);
      return { id, props: withFlatNames(await runtime.read(plain(props))) };
    },

    async update(id, _urn, olds, news): Promise<UpdateResult> {
      try {
        return { outs: withFlatNames(await runtime.update(plain(olds), plain(news))) };
      } catch (error) {
        throw initFailure(error, id);
      }
    },

    async delete(_id, _urn, props): Promise<void> {
      runtime.delete(plain(props));
    },
  };
}

/** PULUMI_CONFIG's values as the `cleantalk:*` keys the settings read. */
export function configFrom(pulumiConfig: string | undefined): ConfigSource {
  let values: Record<string, unknown> = {};
  try {
    values = pulumiConfig === undefined || pulumiConfig === "" ? {} : (JSON.parse(pulumiConfig) as Record<string, unknown>);
  } catch {
    // Malformed: the settings fall back to the environment and defaults.
  }
  return {
    get(key) {
      const value = values[key.replace(/^cleantalk:/, "")] ?? values[key];
      return typeof value === "string" ? value : undefined;
    },
  };
}

function plain(value: unknown): Props {
  return (unwrapSecrets(value) ?? {}) as Props;
}

/** The stored record plus flat names, secrets wrapped. */
function withFlatNames(stored: Props): Props {
  const record = keyRecordCodec.parse(stored);
  return { ...stored, ...flatNames(record), credentials: secret(stored.credentials) };
}

export function flatNames(record: KeyRecord): Props {
  const { credentials: c, details: d } = record;
  const optional = (name: string, value: unknown) => (value === undefined ? {} : { [name]: value });
  return {
    productName: record.productName,
    maxAge: record.maxAgeMs === null ? "never" : formatDuration(record.maxAgeMs),
    renewBefore: formatDuration(record.renewBeforeMs),
    authKey: secret(c.authKey),
    ...optional("userToken", c.userToken === undefined ? undefined : secret(c.userToken)),
    ...optional("passwordHash", c.passwordHash === undefined ? undefined : secret(c.passwordHash)),
    websites: secret(c.sites),
    fingerprint: d.fingerprint,
    createdAt: d.createdAt,
    createdAtEstimated: d.createdAtEstimated,
    ...optional("expiresAt", d.expiresAt),
    ...optional("rotateAfter", d.rotateAfter),
    rotationState: d.rotationState,
    keyStatus: d.keyStatus,
    source: d.source,
    hostnames: d.hostnames,
    ...optional("serviceId", d.serviceId),
    pendingSites: d.pendingSites,
  };
}

/** As the dynamic adapter does: the engine records the keys CleanTalk issued for some sites. */
function initFailure(error: unknown, existingId: string | undefined): unknown {
  if (!(error instanceof IncompleteKeyError)) return error;
  const properties = withFlatNames(keyRecordCodec.encode(error.record));
  return Object.assign(new Error(error.message), { id: existingId ?? resourceId(error.record), properties, reasons: [...error.reasons] });
}

function importRefused(id: string): LifecycleError {
  return new LifecycleError(
    "IMPORT_UNSUPPORTED",
    `A CleanTalk key cannot be imported (id "${id.slice(0, 80)}"): no CleanTalk API returns a key, so there is nothing to read.`,
    {
      fix: [
        "Remove the import.",
        "Declare the key with authKey set to the key shown in the CleanTalk dashboard (as a secret), then `pulumi up`: it is validated and adopted.",
      ],
    },
  );
}
