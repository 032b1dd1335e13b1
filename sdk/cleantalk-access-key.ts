import * as pulumi from "@pulumi/pulumi";
import { formatDuration } from "../provider/domain/duration";
import { canonicalProduct, DEFAULT_PRODUCT } from "../provider/domain/product";
import { dueNotice } from "../provider/domain/runbook";
import { daysLeft, maxAgeMsOf, type RotationState, recordedSchedule, renewBeforeMsOf, rotationStateAt } from "../provider/domain/schedule";
import { hostnamesOf, siteKeysOf } from "../provider/domain/site-keys";
import { formatDiagnostic } from "../provider/errors/cleantalk-error";

import serializedProvider = require("./serialized-provider");

/** CleanTalk product names accepted by get_api_key (`antispam` is accepted as an alias of `anti-spam`). */
export type CleantalkProductName =
  | "anti-spam"
  | "antispam"
  | "anti-spam-hosting"
  | "cure_malware"
  | "database_api"
  | "doboard"
  | "security"
  | "ssl_certificate"
  | "uptime_monitoring";

/** How the current key was obtained. */
export type CleantalkKeySource = "provisioned" | "existing-site" | "supplied";

/** Where a key stands in its life; see {@link CleantalkAccessKey.rotationState}. */
export type CleantalkRotationState = RotationState;

/** One site's entry in {@link CleantalkAccessKey.websites}. */
export interface CleantalkSiteKey {
  /** The site's host name as CleanTalk reports it. */
  hostname: string;
  /** The site's Access key. */
  authKey: string;
}

/** Inputs of {@link CleantalkAccessKey}. Every field is validated at `pulumi preview`. */
export interface CleantalkAccessKeyArgs {
  /**
   * Email of the CleanTalk account (new accounts are created on first use).
   * Changing it replaces the key.
   * @example "ops@example.com"
   */
  email: pulumi.Input<string>;
  /**
   * The site URL, or a list of them for one account with several sites.
   * A bare host is read as https; URLs are normalised (lower-case host, no
   * trailing slash). Changing it replaces the key.
   * @example "https://example.com"
   */
  website: pulumi.Input<string> | pulumi.Input<pulumi.Input<string>[]>;
  /**
   * CleanTalk product the key is for. Changing it replaces the key.
   * @default "anti-spam"
   */
  productName?: pulumi.Input<CleantalkProductName>;
  /** Platform hint sent to CleanTalk (e.g. "wordpress", "php-uni"). Updates in place. */
  platform?: pulumi.Input<string>;
  /**
   * Key lifetime: the key expires this long after it was created. Units s, m,
   * h, d, w (e.g. "365d", "1d12h"), or "never" to turn age rotation off.
   * Updates in place (dates recomputed).
   * @default "365d" (CleanTalk keys are active for 365 days)
   */
  maxAge?: pulumi.Input<string>;
  /**
   * How long before expiry the key is due: from then on every preview and up
   * warns, naming the dashboard steps, until a new key is supplied. Must be
   * shorter than maxAge. Updates in place.
   * @default "30d", or a quarter of maxAge when that is shorter
   */
  renewBefore?: pulumi.Input<string>;
  /**
   * Any change to this map demands a new key at once: the lever after a leak,
   * a hack or a contractor leaving. Stored in plain text: never put a secret here.
   * @example { leak: "2026-11-22" }
   */
  rotationTriggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Human name for the key, shown in outputs. Updates in place. */
  label?: pulumi.Input<string>;
  /**
   * A key generated in the CleanTalk dashboard, adopted instead of
   * provisioning: one key for every site, or a map from site URL to its key.
   * Validated with CleanTalk before use. Always stored as a secret, whatever
   * is passed; read it with `config.requireSecret("cleantalkAuthKey")`.
   */
  authKey?: pulumi.Input<string> | pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The secret output {@link CleantalkAccessKey.credentials}. */
export interface CleantalkCredentials {
  authKey: string;
  userToken?: string;
  passwordHash?: string;
  /** Keys the public fingerprint; consumers do not need it. */
  salt: string;
  /** Per site URL, stored only for keys of several sites; {@link CleantalkAccessKey.websites} always has them. */
  sites?: Record<string, CleantalkSiteKey>;
}

/** The output {@link CleantalkAccessKey.details}: everything known about the current key that is not secret. */
export interface CleantalkKeyDetails {
  fingerprint: string;
  createdAt: string;
  /** Absent with maxAge "never". */
  expiresAt?: string;
  /** Absent with maxAge "never". */
  rotateAfter?: string;
  source: CleantalkKeySource;
  /** Set only while the key is invalid ({@link CleantalkAccessKey.keyStatus} reads "valid" otherwise). */
  keyStatus?: "invalid";
  /** The state recorded at the key's last write, absent while current; {@link CleantalkAccessKey.rotationState} is the state now. */
  rotationState?: CleantalkRotationState;
  /** Set only when CleanTalk names the hosts differently from the URLs ({@link CleantalkAccessKey.hostnames} always has them). */
  hostnames?: string[];
  serviceId?: number;
  /** Site URLs CleanTalk gave no key for yet (a multi-site key); supply them with authKey. */
  pendingSites?: string[];
  /** true when CleanTalk handed back a key it had issued before: createdAt is when this resource received it. */
  createdAtEstimated?: true;
}

/**
 * A CleanTalk Access key, provisioned with CleanTalk's get_api_key API (or
 * adopted from the dashboard), replaced when a new key is supplied, when
 * rotationTriggers change, and, if CleanTalk hands out a new one, when it
 * expires or a refresh finds it invalid. A due key is warned about on every
 * preview and up. The key and its companions are secret outputs.
 *
 * @example
 * const key = new CleantalkAccessKey("site", {
 *   email: "ops@example.com",
 *   website: "https://example.com",
 * });
 * export const authKey = key.authKey; // [secret]
 */
export class CleantalkAccessKey extends pulumi.dynamic.Resource {
  /** The Access key (secret; with several sites, the first site's key). */
  declare readonly authKey: pulumi.Output<string>;
  /** The normalised site URLs. */
  declare readonly website: pulumi.Output<string[]>;
  /** The canonical product name. */
  declare readonly productName: pulumi.Output<string>;
  /** Effective key lifetime, canonical form (e.g. "365d", or "never"). */
  declare readonly maxAge: pulumi.Output<string>;
  /** Effective early-rotation window, canonical form. */
  declare readonly renewBefore: pulumi.Output<string>;
  /** The label input, echoed. */
  declare readonly label: pulumi.Output<string | undefined>;
  /** authKey, userToken, passwordHash and the per-site keys in one secret, e.g. to hand a consumer everything at once. */
  declare readonly credentials: pulumi.Output<CleantalkCredentials>;
  /** Everything known about the current key that is not secret. */
  declare readonly details: pulumi.Output<CleantalkKeyDetails>;

  constructor(name: string, args: CleantalkAccessKeyArgs, opts?: pulumi.CustomResourceOptions) {
    if (opts?.import !== undefined) throw importRefused(name);
    // Dynamic-provider outputs and inputs are not secret by default; the
    // resource, not each user, decides: the credentials output, and the
    // supplied key however the program passed it.
    const props = { ...args, ...(args.authKey === undefined ? {} : { authKey: pulumi.secret(args.authKey) }), credentials: undefined, details: undefined };
    // Pulumi's Node SDK stores `new Error().stack` on four promises of every
    // registered property, only for its promise-leak report, and under ts-node
    // each is source-mapped on the spot: a measured share of a fleet's preview
    // and up (bench/RESULTS.md §2). Those captures are left empty while the key
    // registers, unless that report is asked for; Pulumi's own record of where
    // the resource was declared sets its own limit and is kept.
    const stackLimit = Error.stackTraceLimit;
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS === undefined) Error.stackTraceLimit = 0;
    try {
      super(serializedProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["credentials"] }), "cleantalk", "AccessKey");
    } catch (error) {
      // Pulumi refused the resource synchronously (a bad option, say): the
      // error was made while stacks were empty, so give it the caller's frames.
      Error.stackTraceLimit = stackLimit;
      if (error instanceof Error) Error.captureStackTrace(error, CleantalkAccessKey);
      throw error;
    } finally {
      Error.stackTraceLimit = stackLimit;
    }

    // The outputs are read from `credentials` and `details`, or from the
    // program's own values, rather than registered: Pulumi pays per registered
    // property at every preview and stores each top-level secret as its own
    // ciphertext. Those named like an input are assigned here, over the input
    // values Pulumi put on the resource under the same names; the others are
    // getters below, built on first read, since each output a fleet of keys
    // creates and nobody reads costs preview and up time (bench/RESULTS.md).
    this.authKey = this.credentials.apply((c) => c.authKey);
    // The settings as check stores them, computed from the program's own
    // values with the same functions, so they are known at preview.
    const maxAgeMs = pulumi.output(args.maxAge).apply(maxAgeMsOf);
    this.productName = pulumi.output(args.productName).apply((p) => (p === undefined ? DEFAULT_PRODUCT : (canonicalProduct(p) ?? p)));
    this.maxAge = maxAgeMs.apply((ms) => (ms === null ? "never" : formatDuration(ms ?? 0)));
    this.renewBefore = pulumi.all([maxAgeMs, args.renewBefore]).apply(([max, renew]) => formatDuration(renewBeforeMsOf(renew, max ?? null) ?? 0));
    this.label = pulumi.output(args.label);

    // The key was made secret above, but a value the program had in plain
    // text (config.get instead of config.requireSecret) is already stored
    // unencrypted by Pulumi itself: in the stack's config file and its record
    // of the stack's config. Only the program can fix that.
    // Sent once the resource is registered, so the engine shows it under it.
    if (args.authKey !== undefined) {
      const supplied = pulumi.output(args.authKey);
      this.urn.apply(async () => {
        if (!(await pulumi.isSecret(supplied))) await pulumi.log.warn(plainAuthKeyNotice(name), this);
      });
    }

    // A due key is not replaced (CleanTalk's API would hand back the same
    // key); it is named on every preview and up, attached to this resource.
    pulumi.all([this.details, this.website]).apply(([d, urls]) => {
      const schedule = recordedSchedule(d);
      const now = this.#plannedAt;
      if (schedule === undefined || d.expiresAt === undefined || rotationStateAt(schedule, d.keyStatus === "invalid", now) !== "due") return;
      const hostnames = hostnamesOf(urls, d.hostnames);
      pulumi.log.warn(
        dueNotice({ resource: name, hostnames, fingerprint: d.fingerprint, expiresAt: d.expiresAt, daysLeft: daysLeft(schedule, now) ?? 0 }),
        this,
      );
    });
  }

  /** The moment this program run plans at: rotationState and daysLeft are as of then. */
  readonly #plannedAt = new Date();
  readonly #derived = new Map<string, unknown>();

  /** An output built on first read and kept. */
  #memo<T>(name: string, build: () => T): T {
    if (!this.#derived.has(name)) this.#derived.set(name, build());
    return this.#derived.get(name) as T;
  }

  /** Token that logs in to the CleanTalk Control Panel (secret; absent for some answers). */
  get userToken(): pulumi.Output<string | undefined> {
    return this.#memo("userToken", () => this.credentials.apply((c) => c.userToken));
  }

  /** Password recovery hash, returned when CleanTalk creates the account (secret). */
  get passwordHash(): pulumi.Output<string | undefined> {
    return this.#memo("passwordHash", () => this.credentials.apply((c) => c.passwordHash));
  }

  /** Per site URL: host name and key (secret). */
  get websites(): pulumi.Output<Record<string, CleantalkSiteKey>> {
    return this.#memo("websites", () =>
      pulumi.all([this.website, this.hostnames, this.credentials]).apply(([urls, hosts, c]) => siteKeysOf(urls, hosts, c.authKey, c.sites)),
    );
  }

  /** The site's numeric id in CleanTalk. */
  get serviceId(): pulumi.Output<number | undefined> {
    return this.#memo("serviceId", () => this.details.apply((d) => d.serviceId));
  }

  /** Host names covered by the key. */
  get hostnames(): pulumi.Output<string[]> {
    return this.#memo("hostnames", () => pulumi.all([this.website, this.details]).apply(([urls, d]) => hostnamesOf(urls, d.hostnames)));
  }

  /** When the key was obtained (ISO 8601). */
  get createdAt(): pulumi.Output<string> {
    return this.#memo("createdAt", () => this.details.apply((d) => d.createdAt));
  }

  /** createdAt + maxAge (ISO 8601); undefined with maxAge "never". */
  get expiresAt(): pulumi.Output<string | undefined> {
    return this.#memo("expiresAt", () => this.details.apply((d) => d.expiresAt));
  }

  /** expiresAt − renewBefore (ISO 8601): from then on the key is due; undefined with maxAge "never". */
  get rotateAfter(): pulumi.Output<string | undefined> {
    return this.#memo("rotateAfter", () => this.details.apply((d) => d.rotateAfter));
  }

  /** How the key was obtained. */
  get source(): pulumi.Output<CleantalkKeySource> {
    return this.#memo("source", () => this.details.apply((d) => d.source));
  }

  /** Short non-secret digest of the key (keyed with a secret salt), to confirm a rotation without seeing it. */
  get fingerprint(): pulumi.Output<string> {
    return this.#memo("fingerprint", () => this.details.apply((d) => d.fingerprint));
  }

  /** "invalid" when a refresh found that CleanTalk no longer accepts the key (next `up` replaces it). */
  get keyStatus(): pulumi.Output<"valid" | "invalid"> {
    return this.#memo("keyStatus", () => this.details.apply((d) => d.keyStatus ?? "valid"));
  }

  /** `current`, `due`, `expired` or `invalid`, at the time the program runs (preview or up). */
  get rotationState(): pulumi.Output<CleantalkRotationState> {
    return this.#memo("rotationState", () => this.details.apply((d) => rotationStateAt(recordedSchedule(d), d.keyStatus === "invalid", this.#plannedAt)));
  }

  /** Whole days until expiresAt at the time the program runs, negative once expired; undefined with maxAge "never". */
  get daysLeft(): pulumi.Output<number | undefined> {
    return this.#memo("daysLeft", () => this.details.apply((d) => daysLeft(recordedSchedule(d), this.#plannedAt)));
  }
}

function plainAuthKeyNotice(name: string): string {
  return formatDiagnostic(
    "PLAIN_AUTH_KEY",
    `authKey of '${name}' was passed in plain text. The resource stores it only encrypted, but if it came from plain stack config, Pulumi keeps it unencrypted in Pulumi.<stack>.yaml and in the stack's state.`,
    ["pulumi config set --secret cleantalkAuthKey <key> (this replaces the plain value)", 'Read it with config.requireSecret("cleantalkAuthKey").'],
  );
}

/**
 * Pulumi's dynamic-provider host cannot import (it fails before any provider
 * code runs); say so at once. A RunError, because that is how Pulumi reports a
 * user's mistake in the program: its message alone, without a stack trace.
 */
function importRefused(name: string): pulumi.RunError {
  return new pulumi.RunError(
    formatDiagnostic("IMPORT_UNSUPPORTED", `CleantalkAccessKey '${name}' cannot be imported: Pulumi does not import dynamic resources.`, [
      "Remove the import option.",
      'Bring the existing key under management by adoption instead: authKey: config.requireSecret("cleantalkAuthKey"), then `pulumi up`.',
    ]),
  );
}
