import { effectiveSettings, storedSettings } from "./effective-settings";
import type { KeyCredentials, KeyDetails, KeyOutputs, SiteKey } from "./key-state";
import { storedHostnames, storedSites } from "./site-keys";

/**
 * State written by the pre-release builds before 0.1.0's layout: every output
 * flat (authKey, userToken, passwordHash, websites, fingerprint, …) and the
 * default settings stored. Read here into today's layout, so that upgrading
 * neither breaks a plan nor rotates a key: check compares against the old
 * inputs without their defaults, and diff plans an in-place update that
 * rewrites the state (no API call).
 */
interface LegacyOutputs extends Record<string, unknown> {
  readonly authKey: string;
  readonly fingerprint: string;
  readonly website: readonly string[];
  readonly userToken?: string;
  readonly passwordHash?: string;
  readonly serviceId?: number;
  readonly websites?: Readonly<Record<string, SiteKey>>;
  readonly hostnames?: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly rotateAfter: string;
  readonly source: KeyDetails["source"];
  readonly keyStatus?: string;
}

export function isLegacyOutputs(olds: Record<string, unknown>): olds is LegacyOutputs {
  return !("details" in olds) && typeof olds.authKey === "string" && typeof olds.fingerprint === "string" && Array.isArray(olds.website);
}

/** Today's outputs for either layout. */
export function upgradeOutputs(olds: Record<string, unknown>): KeyOutputs {
  if (!isLegacyOutputs(olds)) return olds as unknown as KeyOutputs;
  const {
    authKey,
    userToken,
    passwordHash,
    serviceId,
    websites,
    hostnames,
    fingerprint,
    createdAt,
    expiresAt,
    rotateAfter,
    source,
    keyStatus,
    authKeySupplied: _supplied,
    ...settings
  } = olds;
  const sites = websites === undefined ? undefined : storedSites(settings.website, websites, authKey);
  const storedHosts = hostnames === undefined ? undefined : storedHostnames(settings.website, hostnames);
  const credentials: KeyCredentials = {
    authKey,
    ...(userToken === undefined ? {} : { userToken }),
    ...(passwordHash === undefined ? {} : { passwordHash }),
    ...(sites === undefined ? {} : { sites }),
  };
  const details: KeyDetails = {
    fingerprint,
    createdAt,
    expiresAt,
    rotateAfter,
    source,
    ...(keyStatus === "invalid" ? { keyStatus } : {}),
    ...(storedHosts === undefined ? {} : { hostnames: storedHosts }),
    ...(serviceId === undefined ? {} : { serviceId }),
  };
  return { ...(withoutStoredDefaults(settings) as unknown as Omit<KeyOutputs, "credentials" | "details">), credentials, details };
}

/**
 * Stored inputs (or their echo) with default settings left out, as check
 * stores them today. Values it cannot read are left as they are.
 */
export function withoutStoredDefaults(stored: Record<string, unknown>): Record<string, unknown> {
  const { productName, maxAge, renewBefore, rotationTriggers, ...rest } = stored;
  const settings = { productName, maxAge, renewBefore, rotationTriggers };
  if (Object.values(settings).every((value) => value === undefined)) return stored;
  try {
    return { ...rest, ...storedSettings(effectiveSettings(settings as Parameters<typeof effectiveSettings>[0])) };
  } catch {
    return stored;
  }
}
