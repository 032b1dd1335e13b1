import * as pulumi from "@pulumi/pulumi";
import { formatDuration, parseDuration } from "../provider/inputs/duration";
import { canonicalProduct, DEFAULT_PRODUCT } from "../provider/inputs/product";
import { DEFAULT_MAX_AGE_MS, defaultRenewBeforeMs } from "../provider/inputs/schedule";
import { hostnamesOf, siteKeys } from "../provider/state/site-keys";
import { defineLazyProperty } from "./lazy-property";
import { resumePromiseStacks, suspendPromiseStacks, withCallerStack } from "./promise-stacks";
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
  /**
   * Platform hint sent to CleanTalk (e.g. "wordpress", "php-uni"). Updates in place.
   */
  platform?: pulumi.Input<string>;
  /**
   * Key lifetime: the key expires this long after it was created. Units s, m, h, d, w
   * (e.g. "365d", "12h", "1d12h"). Updates in place (times recomputed).
   * @default "365d" (CleanTalk keys are active for 365 days)
   */
  maxAge?: pulumi.Input<string>;
  /**
   * Rotate this long before expiry, so consumers switch while the old key still
   * works. Must be shorter than maxAge. Updates in place.
   * @default "30d", or a quarter of maxAge when that is shorter
   */
  renewBefore?: pulumi.Input<string>;
  /**
   * Any change to this map forces a new key: the lever after a leak, a hack or
   * a contractor leaving.
   * @example { leak: "2026-11-22" }
   */
  rotationTriggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Human name for the key, shown in outputs. Updates in place. */
  label?: pulumi.Input<string>;
  /**
   * A key generated in the CleanTalk dashboard, adopted instead of provisioning
   * (required for accounts where get_api_key answers `account_exists`).
   * Validated with CleanTalk before use. Pass a secret, e.g.
   * `config.requireSecret("cleantalkAuthKey")`.
   */
  authKey?: pulumi.Input<string>;
}

/**
 * A CleanTalk Access key, provisioned with CleanTalk's get_api_key API (or
 * adopted from the dashboard), replaced when it reaches its rotation age or
 * when rotationTriggers change. The key and its companions are secret outputs.
 *
 * @example
 * const key = new CleantalkAccessKey("site", {
 *   email: "ops@example.com",
 *   website: "https://example.com",
 * });
 * export const authKey = key.authKey; // [secret]
 */
export class CleantalkAccessKey extends pulumi.dynamic.Resource {
  /** The Access key (secret). */
  declare readonly authKey: pulumi.Output<string>;
  /** Token that logs in to the CleanTalk Control Panel (secret; absent for some answers). */
  declare readonly userToken: pulumi.Output<string | undefined>;
  /** Password recovery hash, returned when CleanTalk creates the account (secret). */
  declare readonly passwordHash: pulumi.Output<string | undefined>;
  /** Per site URL: host name and key (secret). */
  declare readonly websites: pulumi.Output<Record<string, CleantalkSiteKey>>;
  /** The site's numeric id in CleanTalk. */
  declare readonly serviceId: pulumi.Output<number | undefined>;
  /** Host names covered by the key. */
  declare readonly hostnames: pulumi.Output<string[]>;
  /** When the key was obtained (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When the key stops being valid by policy: rotation base + maxAge (ISO 8601). */
  declare readonly expiresAt: pulumi.Output<string>;
  /** From this moment `pulumi preview` plans a replacement: expiresAt − renewBefore (ISO 8601). */
  declare readonly rotateAfter: pulumi.Output<string>;
  /** How the key was obtained. */
  declare readonly source: pulumi.Output<CleantalkKeySource>;
  /** Short non-secret digest of the key, to confirm a rotation without seeing it. */
  declare readonly fingerprint: pulumi.Output<string>;
  /** "invalid" when a refresh found that CleanTalk no longer accepts the key (next `up` replaces it). */
  declare readonly keyStatus: pulumi.Output<"valid" | "invalid">;
  /** The normalised site URLs. */
  declare readonly website: pulumi.Output<string[]>;
  /** The canonical product name. */
  declare readonly productName: pulumi.Output<string>;
  /** Effective key lifetime, canonical form (e.g. "365d"). */
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
    // Dynamic-provider outputs are not secret by default; the resource, not
    // each user, decides which ones are.
    const secrets = { additionalSecretOutputs: ["credentials"] };
    const stackLimit = suspendPromiseStacks();
    try {
      super(serializedProvider, name, { ...args, credentials: undefined, details: undefined }, pulumi.mergeOptions(opts, secrets), "cleantalk", "AccessKey");
    } catch (error) {
      resumePromiseStacks(stackLimit);
      throw withCallerStack(error);
    } finally {
      resumePromiseStacks(stackLimit);
    }
    defineDerivedOutputs(this);
    defineSettingOutputs(this, args);
  }
}

/** The secret output {@link CleantalkAccessKey.credentials}. */
export interface CleantalkCredentials {
  authKey: string;
  userToken?: string;
  passwordHash?: string;
  /** Per site URL, stored only for keys of several sites; {@link CleantalkAccessKey.websites} always has them. */
  sites?: Record<string, CleantalkSiteKey>;
}

/** The output {@link CleantalkAccessKey.details}. */
export interface CleantalkKeyDetails {
  fingerprint: string;
  createdAt: string;
  expiresAt: string;
  rotateAfter: string;
  source: CleantalkKeySource;
  /** Set only while the key is invalid ({@link CleantalkAccessKey.keyStatus} reads "valid" otherwise). */
  keyStatus?: "invalid";
  /** Set only when CleanTalk names the hosts differently from the URLs ({@link CleantalkAccessKey.hostnames} always has them). */
  hostnames?: string[];
  serviceId?: number;
}

type DerivedOutputs = {
  [Name in "authKey" | "userToken" | "passwordHash" | "websites" | keyof CleantalkKeyDetails]: (key: CleantalkAccessKey) => CleantalkAccessKey[Name];
};

// Why derived and not registered: Pulumi's Node SDK pays for every registered
// property of every resource (four promises, each capturing a stack trace) at
// preview and up, and the engine stores each top-level secret as its own
// ciphertext. Two registered outputs instead of sixteen bring a fleet's
// preview and up close to an empty dynamic resource's (bench/RESULTS.md).
// `?.`: a state written by a pre-release build has neither output until the
// first `up` rewrites it (provider/state/legacy-state.ts).
const derivedOutputs: DerivedOutputs = {
  authKey: (key) => key.credentials.apply((c?: CleantalkCredentials) => c?.authKey as string),
  userToken: (key) => key.credentials.apply((c?: CleantalkCredentials) => c?.userToken),
  passwordHash: (key) => key.credentials.apply((c?: CleantalkCredentials) => c?.passwordHash),
  websites: (key) =>
    pulumi
      .all([key.credentials, key.details, key.website])
      .apply(([credentials, details, website]) => (credentials && details ? siteKeys({ credentials, details, website }) : {})),
  fingerprint: (key) => key.details.apply((d?: CleantalkKeyDetails) => d?.fingerprint as string),
  createdAt: (key) => key.details.apply((d?: CleantalkKeyDetails) => d?.createdAt as string),
  expiresAt: (key) => key.details.apply((d?: CleantalkKeyDetails) => d?.expiresAt as string),
  rotateAfter: (key) => key.details.apply((d?: CleantalkKeyDetails) => d?.rotateAfter as string),
  source: (key) => key.details.apply((d?: CleantalkKeyDetails) => d?.source as CleantalkKeySource),
  keyStatus: (key) => key.details.apply((d?: CleantalkKeyDetails) => d?.keyStatus ?? "valid"),
  hostnames: (key) =>
    pulumi
      .all([key.details, key.website])
      .apply(([details, website]) => (details ? hostnamesOf({ details, website }) : website.map((url) => new URL(url).hostname))),
  serviceId: (key) => key.details.apply((d?: CleantalkKeyDetails) => d?.serviceId),
};

/**
 * Each derived output is built on first use and then kept, so a program that
 * reads only authKey pays for one apply. Defined on the instance, over the
 * `authKey` input the SDK put there when one was given.
 */
function defineDerivedOutputs(key: CleantalkAccessKey): void {
  for (const [name, derive] of Object.entries(derivedOutputs) as [keyof DerivedOutputs, (key: CleantalkAccessKey) => unknown][]) {
    defineLazyProperty(key, name, () => derive(key));
  }
}

/**
 * productName, maxAge, renewBefore and label read as check stores them:
 * canonical, with the defaults it fills in. Computed here from the program's
 * own values with check's functions, because check leaves defaults out of
 * state, and so that they are known at preview.
 */
function defineSettingOutputs(key: CleantalkAccessKey, args: CleantalkAccessKeyArgs): void {
  let maxAgeOutput: pulumi.Output<number | undefined> | undefined;
  const maxAgeMs = () => {
    maxAgeOutput ??= pulumi.output(args.maxAge).apply((maxAge) => (maxAge === undefined ? DEFAULT_MAX_AGE_MS : durationMs(maxAge)));
    return maxAgeOutput;
  };
  const settings: Record<"productName" | "maxAge" | "renewBefore" | "label", () => pulumi.Output<string | undefined>> = {
    productName: () => pulumi.output(args.productName).apply((name) => (name === undefined ? DEFAULT_PRODUCT : (canonicalProduct(name) ?? name))),
    maxAge: () => maxAgeMs().apply((ms) => (ms === undefined ? undefined : formatDuration(ms))),
    renewBefore: () =>
      pulumi.all([maxAgeMs(), args.renewBefore]).apply(([maxMs, renewBefore]) => {
        if (renewBefore !== undefined) {
          const ms = durationMs(renewBefore);
          return ms === undefined ? undefined : formatDuration(ms);
        }
        return maxMs === undefined ? undefined : formatDuration(defaultRenewBeforeMs(maxMs));
      }),
    label: () => pulumi.output(args.label),
  };
  for (const [name, build] of Object.entries(settings)) defineLazyProperty(key, name, build);
}

/** undefined for a value check refuses (preview fails on it with the reason). */
function durationMs(text: string): number | undefined {
  const parsed = parseDuration(text);
  return parsed.ok ? parsed.ms : undefined;
}
