import { keyFingerprint, newFingerprintSalt } from "../domain/fingerprint";
import { rotationStateAt, scheduleFrom } from "../domain/schedule";
import { hostnameOf } from "../domain/site";
import type { KeyCredentials, KeyDetails, KeyPlan, KeyRecord, KeySettings } from "../schema/stored-key";
import type { ObtainedKeys } from "./obtain-key";
import type { PendingReplacement } from "./rotation-ledger";

/**
 * A new key's record. Its schedule starts now, except for a key CleanTalk
 * handed back that this resource already held (a replacement the engine
 * forced): that keeps its real creation time. A key handed back that the
 * resource did not hold was issued shortly before (CleanTalk repeats a key
 * only within a short window after issuing it); its creation time is then
 * estimated as now and the record says so.
 */
export function buildRecord(plan: KeyPlan, obtained: ObtainedKeys, now: Date, pending: PendingReplacement | undefined): KeyRecord {
  const { authKey: _supplied, ...settings } = plan;
  const sites = obtained.sites;
  const firstUrl = plan.website.find((url) => sites[url] !== undefined);
  const authKey = obtained.topLevelKey ?? (firstUrl === undefined ? undefined : sites[firstUrl]?.authKey);
  if (authKey === undefined) throw new Error("buildRecord: no key obtained (obtainKeys refuses that case)");
  const keptAge = obtained.handedBack && pending !== undefined && Object.values(sites).every((site) => pending.isReplacedKey(site.authKey));
  const salt = newFingerprintSalt();
  const credentials: KeyCredentials = {
    authKey,
    ...(obtained.userToken === undefined ? {} : { userToken: obtained.userToken }),
    ...(obtained.passwordHash === undefined ? {} : { passwordHash: obtained.passwordHash }),
    salt,
    sites: { ...sites },
  };
  const createdAt = keptAge && pending !== undefined ? pending.createdAt : now.toISOString();
  return {
    ...settings,
    credentials,
    details: {
      fingerprint: keyFingerprint(authKey, salt),
      createdAt,
      ...scheduled(settings, createdAt, "valid", now),
      source: obtained.source,
      keyStatus: "valid",
      hostnames: plan.website.map((url) => sites[url]?.hostname ?? hostnameOf(url)),
      ...(obtained.serviceId === undefined ? {} : { serviceId: obtained.serviceId }),
      pendingSites: [...obtained.pendingSites],
      createdAtEstimated: obtained.handedBack && !keptAge,
    },
  };
}

/**
 * The details with the schedule recomputed for these settings. The old dates go first: under
 * maxAge "never" there are none, and kept ones would still read as due or expired.
 */
export function rescheduled(
  details: KeyDetails,
  settings: Pick<KeySettings, "maxAgeMs" | "renewBeforeMs">,
  keyStatus: KeyDetails["keyStatus"],
  now: Date,
): KeyDetails {
  const { expiresAt: _expiresAt, rotateAfter: _rotateAfter, ...rest } = details;
  return { ...rest, keyStatus, ...scheduled(settings, details.createdAt, keyStatus, now) };
}

/** expiresAt, rotateAfter and the rotation state for these settings, from the key's creation time. */
export function scheduled(
  settings: Pick<KeySettings, "maxAgeMs" | "renewBeforeMs">,
  createdAt: string,
  keyStatus: KeyDetails["keyStatus"],
  now: Date,
): Pick<KeyDetails, "expiresAt" | "rotateAfter" | "rotationState"> {
  const schedule = scheduleFrom(new Date(createdAt), settings.maxAgeMs, settings.renewBeforeMs);
  return {
    ...(schedule === undefined ? {} : { expiresAt: schedule.expiresAt.toISOString(), rotateAfter: schedule.rotateAfter.toISOString() }),
    rotationState: rotationStateAt(schedule, keyStatus === "invalid", now),
  };
}
