import { sameValue } from "../domain/same-value";
import { type RotationState, rotationStateAt, type Schedule, scheduleFrom } from "../domain/schedule";
import type { KeyPlan, KeyRecord, KeySettings } from "../schema/stored-key";

/**
 * Why a plan replaces a key:
 * - `identity`: email, website or productName changed: another key, not a rotation;
 * - `triggers`: rotationTriggers changed (a leak, a hack, staff leaving);
 * - `adopt`: a supplied key differs from the key in use;
 * - `invalid`: the last refresh found that CleanTalk no longer accepts the key;
 * - `expired`: the key is past expiresAt.
 */
export type ReplaceReason = "identity" | "triggers" | "adopt" | "invalid" | "expired";

export interface KeyChange {
  /** Properties preview names as the cause of a replacement; empty when none. */
  readonly replaces: readonly string[];
  readonly reason: ReplaceReason | undefined;
  /** Properties changed in place (no new key). */
  readonly updates: readonly string[];
  /** The state of the key in use at plan time, under the planned settings. */
  readonly state: RotationState;
  readonly schedule: Schedule | undefined;
}

const inPlaceSettings = ["platform", "maxAgeMs", "renewBeforeMs", "label"] as const satisfies readonly (keyof KeySettings)[];
const settingNames: Readonly<Record<(typeof inPlaceSettings)[number], string>> = {
  platform: "platform",
  maxAgeMs: "maxAge",
  renewBeforeMs: "renewBefore",
  label: "label",
};

/**
 * The rotation state machine, decided at plan time from the stored key, the
 * program's plan and the clock. Pure, and the same for preview and up.
 *
 * A key that is merely due is never replaced: CleanTalk's API hands back the
 * same key or `account_exists` for a site it knows, so a replacement would
 * fail the whole `up`. It is warned about instead, and replaced once a new key
 * is supplied. An expired or invalid key is replaced: create asks the API
 * first and fails with the fix when no new key can be had.
 */
export function planChange(record: KeyRecord, plan: KeyPlan, now: Date): KeyChange {
  const schedule = scheduleFrom(new Date(record.details.createdAt), plan.maxAgeMs, plan.renewBeforeMs);
  const state = rotationStateAt(schedule, record.details.keyStatus === "invalid", now);
  const replace = (replaces: string[], reason: ReplaceReason): KeyChange => ({ replaces, reason, updates: [], state, schedule });

  const identity = (["email", "website", "productName"] as const).filter((name) => !sameValue(record[name], plan[name]));
  if (identity.length > 0) return replace(identity, "identity");
  if (!sameValue(record.rotationTriggers, plan.rotationTriggers)) return replace(["rotationTriggers"], "triggers");

  const supplied = newlySuppliedSites(record, plan);
  const fillsPendingSites = supplied.length > 0 && supplied.every((url) => record.details.pendingSites.includes(url));
  if (supplied.length > 0 && !fillsPendingSites) return replace(["authKey"], "adopt");
  if (state === "invalid") return replace(["keyStatus"], "invalid");
  if (state === "expired") return replace(["expiresAt"], "expired");

  const updates: string[] = inPlaceSettings.filter((name) => !sameValue(record[name], plan[name])).map((name) => settingNames[name]);
  if (fillsPendingSites) updates.push("authKey");
  if (state !== record.details.rotationState) updates.push("rotationState");
  return { replaces: [], reason: undefined, updates, state, schedule };
}

/** Sites for which the plan supplies a key other than the one in use (or none yet). */
export function newlySuppliedSites(record: KeyRecord, plan: Pick<KeyPlan, "authKey">): string[] {
  return record.website.filter((url) => {
    const supplied = suppliedKeyFor(plan, url);
    return supplied !== undefined && supplied !== record.credentials.sites[url]?.authKey;
  });
}

export function suppliedKeyFor(plan: Pick<KeyPlan, "authKey">, url: string): string | undefined {
  const { authKey } = plan;
  return typeof authKey === "string" ? authKey : authKey?.[url];
}
