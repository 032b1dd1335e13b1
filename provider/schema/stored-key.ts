import { z } from "zod";
import { AUTH_KEY_PATTERN } from "../domain/auth-key";
import { formatDuration, parseDuration } from "../domain/duration";
import { DEFAULT_PRODUCT, PRODUCT_NAMES } from "../domain/product";
import { sameValue } from "../domain/same-value";
import { DEFAULT_MAX_AGE_MS, defaultRenewBeforeMs, maxAgeMsOf, ROTATION_STATES, renewBeforeMsOf } from "../domain/schedule";
import { hostnameOf } from "../domain/site";
import { hostnamesOf, siteKeysOf } from "../domain/site-keys";

/**
 * What the provider stores for a key, and the complete record the lifecycle
 * works on. One codec per stored shape: `decode` fills what the lean layout
 * leaves out (settings at their defaults, a valid status, host names equal to
 * the URLs' hosts, a single site's entry), `encode` leaves it out again.
 * Pulumi pays for every stored value in every checkpoint of an `up`, so the
 * stored form stays lean, while code that only ever sees decoded records
 * cannot forget a default.
 */

const product = z.enum(PRODUCT_NAMES);
const storedDuration = z.string().refine((text) => parseDuration(text).ok, "is not a stored duration");
const authKey = z.string().regex(AUTH_KEY_PATTERN);
const isoTime = z.iso.datetime();

/** One key for every site, or a key per site URL. */
const suppliedKeys = z.union([authKey, z.record(z.string(), authKey)]);
export type SuppliedKeys = z.infer<typeof suppliedKeys>;

const storedSettings = z.object({
  email: z.string().min(1),
  website: z.array(z.string().min(1)).min(1),
  productName: product.optional(),
  platform: z.string().optional(),
  maxAge: z.union([z.literal("never"), storedDuration]).optional(),
  renewBefore: storedDuration.optional(),
  rotationTriggers: z.record(z.string(), z.string()).optional(),
  label: z.string().optional(),
});

const settings = z.object({
  email: z.string().min(1),
  website: z.array(z.string().min(1)).min(1),
  productName: product,
  platform: z.string().optional(),
  /** null: the key never becomes due by age (`maxAge: "never"`). */
  maxAgeMs: z.number().int().positive().nullable(),
  renewBeforeMs: z.number().int().nonnegative(),
  rotationTriggers: z.record(z.string(), z.string()),
  label: z.string().optional(),
});
export type KeySettings = z.infer<typeof settings>;

function decodeSettings(stored: z.infer<typeof storedSettings>): KeySettings {
  const readMaxAge = maxAgeMsOf(stored.maxAge);
  // The stored schema accepted only readable durations; null is "never".
  const maxAgeMs = readMaxAge === undefined ? DEFAULT_MAX_AGE_MS : readMaxAge;
  return {
    email: stored.email,
    website: stored.website,
    productName: stored.productName ?? DEFAULT_PRODUCT,
    ...optional("platform", stored.platform),
    maxAgeMs,
    renewBeforeMs: renewBeforeMsOf(stored.renewBefore, maxAgeMs) ?? 0,
    rotationTriggers: stored.rotationTriggers ?? {},
    ...optional("label", stored.label),
  };
}

function encodeSettings(complete: KeySettings): z.infer<typeof storedSettings> {
  const { email, website, productName, platform, maxAgeMs, renewBeforeMs, rotationTriggers, label } = complete;
  return {
    email,
    website,
    ...(productName === DEFAULT_PRODUCT ? {} : { productName }),
    ...optional("platform", platform),
    ...(maxAgeMs === DEFAULT_MAX_AGE_MS ? {} : { maxAge: maxAgeMs === null ? "never" : formatDuration(maxAgeMs) }),
    ...(renewBeforeMs === defaultRenewBeforeMs(maxAgeMs) ? {} : { renewBefore: formatDuration(renewBeforeMs) }),
    ...(Object.keys(rotationTriggers).length === 0 ? {} : { rotationTriggers }),
    ...optional("label", label),
  };
}

// ---------------------------------------------------------------------------
// The plan: what check stores as a key's inputs.

const storedPlan = storedSettings.extend({ authKey: suppliedKeys.optional() });
const plan = settings.extend({ authKey: suppliedKeys.optional() });

/** Checked inputs: what the program asked for, validated and complete. */
export type KeyPlan = z.infer<typeof plan>;
export type StoredPlan = z.infer<typeof storedPlan>;

export const keyPlanCodec = z.codec(storedPlan, plan, {
  decode: (stored) => ({ ...decodeSettings(stored), ...optional("authKey", stored.authKey) }),
  encode: (complete) => ({ ...encodeSettings(complete), ...optional("authKey", complete.authKey) }),
});

// ---------------------------------------------------------------------------
// The record: what create and update store as a key's outputs.

const siteKey = z.object({ hostname: z.string().min(1), authKey });
export type SiteKey = z.infer<typeof siteKey>;

const keySource = z.enum(["provisioned", "existing-site", "supplied"]);
export type KeySource = z.infer<typeof keySource>;

const storedCredentials = z.object({
  authKey,
  userToken: z.string().optional(),
  passwordHash: z.string().optional(),
  /** Keys the fingerprint; secret, so the public fingerprint says nothing about the key. */
  salt: z.string().min(16),
  /** Only for several sites; a single site's entry is its URL, host name and authKey. */
  sites: z.record(z.string(), siteKey).optional(),
});

export const storedDetailsSchema = z.object({
  fingerprint: z.string().regex(/^ctk_[0-9a-f]{10}$/),
  createdAt: isoTime,
  expiresAt: isoTime.optional(),
  rotateAfter: isoTime.optional(),
  source: keySource,
  /** Absent while CleanTalk accepts the key. */
  keyStatus: z.literal("invalid").optional(),
  /** The state recorded at the last write; absent while current. */
  rotationState: z.enum(ROTATION_STATES).optional(),
  /** Only when CleanTalk names the hosts differently from the URLs. */
  hostnames: z.array(z.string()).optional(),
  serviceId: z.number().int().optional(),
  /** Sites CleanTalk gave no key for (a partial multi-site answer), until keys are supplied for them. */
  pendingSites: z.array(z.string()).optional(),
  /** CleanTalk handed back a key it had issued before this resource got it: createdAt is when we received it. */
  createdAtEstimated: z.literal(true).optional(),
});

const storedRecord = storedSettings.extend({ credentials: storedCredentials, details: storedDetailsSchema });

const credentials = z.object({
  authKey,
  userToken: z.string().optional(),
  passwordHash: z.string().optional(),
  salt: z.string().min(16),
  /** Every site that has a key, by URL. */
  sites: z.record(z.string(), siteKey),
});

const details = z.object({
  fingerprint: z.string(),
  createdAt: isoTime,
  expiresAt: isoTime.optional(),
  rotateAfter: isoTime.optional(),
  source: keySource,
  keyStatus: z.enum(["valid", "invalid"]),
  rotationState: z.enum(ROTATION_STATES),
  /** One per URL of `website`, in order. */
  hostnames: z.array(z.string()),
  serviceId: z.number().int().optional(),
  pendingSites: z.array(z.string()),
  createdAtEstimated: z.boolean(),
});

const record = settings.extend({ credentials, details });

/** Everything known about a key, complete. */
export type KeyRecord = z.infer<typeof record>;
export type KeyCredentials = KeyRecord["credentials"];
export type KeyDetails = KeyRecord["details"];
export type StoredRecord = z.infer<typeof storedRecord>;
/** The public `details` output as stored: what readers of a state export (fleet view, policies) see without secrets. */
export type StoredDetails = z.infer<typeof storedDetailsSchema>;

export const keyRecordCodec = z.codec(storedRecord, record, {
  decode: (stored) => {
    const { credentials: c, details: d } = stored;
    return {
      ...decodeSettings(stored),
      credentials: {
        authKey: c.authKey,
        ...optional("userToken", c.userToken),
        ...optional("passwordHash", c.passwordHash),
        salt: c.salt,
        sites: siteKeysOf(stored.website, hostnamesOf(stored.website, d.hostnames), c.authKey, c.sites),
      },
      details: {
        fingerprint: d.fingerprint,
        createdAt: d.createdAt,
        ...optional("expiresAt", d.expiresAt),
        ...optional("rotateAfter", d.rotateAfter),
        source: d.source,
        keyStatus: d.keyStatus ?? ("valid" as const),
        rotationState: d.rotationState ?? ("current" as const),
        hostnames: hostnamesOf(stored.website, d.hostnames),
        ...optional("serviceId", d.serviceId),
        pendingSites: d.pendingSites ?? [],
        createdAtEstimated: d.createdAtEstimated ?? false,
      },
    };
  },
  encode: (complete) => {
    const { credentials: c, details: d } = complete;
    const urlHosts = complete.website.map(hostnameOf);
    const rebuildable = sameValue(c.sites, siteKeysOf(complete.website, d.hostnames, c.authKey, undefined));
    return {
      ...encodeSettings(complete),
      credentials: {
        authKey: c.authKey,
        ...optional("userToken", c.userToken),
        ...optional("passwordHash", c.passwordHash),
        salt: c.salt,
        ...(rebuildable ? {} : { sites: c.sites }),
      },
      details: {
        fingerprint: d.fingerprint,
        createdAt: d.createdAt,
        ...optional("expiresAt", d.expiresAt),
        ...optional("rotateAfter", d.rotateAfter),
        source: d.source,
        ...(d.keyStatus === "invalid" ? { keyStatus: "invalid" as const } : {}),
        ...(d.rotationState === "current" ? {} : { rotationState: d.rotationState }),
        ...(sameValue(d.hostnames, urlHosts) ? {} : { hostnames: d.hostnames }),
        ...optional("serviceId", d.serviceId),
        ...(d.pendingSites.length === 0 ? {} : { pendingSites: d.pendingSites }),
        ...(d.createdAtEstimated ? { createdAtEstimated: true as const } : {}),
      },
    };
  },
});

/** `{ [name]: value }`, or nothing when the value is undefined (exactOptionalPropertyTypes). */
export function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}
