import { parseDuration } from "./duration";

/**
 * A key's rotation schedule and the state it is in at a given moment. Pure:
 * the clock is an argument.
 *
 * A schedule runs from the key's rotation base (the moment the plan decided to
 * obtain it). The key expires `maxAge` later; from `renewBefore` ahead of that
 * it is due: CleanTalk hands out a new key for an existing site only from its
 * dashboard, so the due window is the time the provider warns on every
 * preview and up while the old key still works.
 */
export interface Schedule {
  readonly expiresAt: Date;
  readonly rotateAfter: Date;
}

export const DAY_MS = 86_400_000;

/** CleanTalk keys are "active for 365 days" (its "Change the Access key" help page). */
export const DEFAULT_MAX_AGE_MS = 365 * DAY_MS;

/**
 * 30 days ahead of expiry by default: CleanTalk emails owners about renewal in
 * the last month, and a month of warnings leaves room for a missed weekly
 * deploy. For short maxAge values (tests, strict policies) the window shrinks
 * to a quarter of the key's life so that a default never exceeds the life.
 */
export function defaultRenewBeforeMs(maxAgeMs: number | null): number {
  // A key that never expires has no renewal window.
  if (maxAgeMs === null) return 0;
  // Whole seconds: the value is stored as a duration string ("1s") and read
  // back from it; a sub-second remainder would make the two disagree.
  return Math.min(30 * DAY_MS, Math.floor(maxAgeMs / 4 / 1_000) * 1_000);
}

/**
 * The `maxAge` setting in milliseconds: the default when unset, null for
 * "never", undefined for text that is no duration (check refuses it).
 */
export function maxAgeMsOf(text: string | undefined): number | null | undefined {
  if (text === undefined) return DEFAULT_MAX_AGE_MS;
  if (text === "never") return null;
  const parsed = parseDuration(text);
  return parsed.ok ? parsed.ms : undefined;
}

/** The `renewBefore` setting in milliseconds: the default for that maxAge when unset, undefined for text that is no duration. */
export function renewBeforeMsOf(text: string | undefined, maxAgeMs: number | null): number | undefined {
  if (text === undefined) return defaultRenewBeforeMs(maxAgeMs);
  const parsed = parseDuration(text);
  return parsed.ok ? parsed.ms : undefined;
}

/** undefined when age rotation is off (maxAge "never"). */
export function scheduleFrom(base: Date, maxAgeMs: number | null, renewBeforeMs: number): Schedule | undefined {
  if (maxAgeMs === null) return undefined;
  const expiresAt = new Date(base.getTime() + maxAgeMs);
  return { expiresAt, rotateAfter: new Date(expiresAt.getTime() - renewBeforeMs) };
}

/**
 * The schedule a key's stored `details` record (the SDK's output, a state export), or undefined with
 * maxAge "never", which stores neither date.
 */
export function recordedSchedule(details: { readonly expiresAt?: string | undefined; readonly rotateAfter?: string | undefined }): Schedule | undefined {
  if (details.expiresAt === undefined || details.rotateAfter === undefined) return undefined;
  return { expiresAt: new Date(details.expiresAt), rotateAfter: new Date(details.rotateAfter) };
}

/**
 * - `current`: before rotateAfter; nothing to do.
 * - `due`: from rotateAfter until expiresAt; the key still works, a new one should be generated.
 * - `expired`: from expiresAt on; the key is past its lifetime.
 * - `invalid`: CleanTalk refused the key at the last refresh, whatever its age.
 */
export type RotationState = "current" | "due" | "expired" | "invalid";

export const ROTATION_STATES: readonly RotationState[] = ["current", "due", "expired", "invalid"];

export function rotationStateAt(schedule: Schedule | undefined, keyInvalid: boolean, now: Date): RotationState {
  if (keyInvalid) return "invalid";
  if (schedule === undefined) return "current";
  if (now.getTime() >= schedule.expiresAt.getTime()) return "expired";
  if (now.getTime() >= schedule.rotateAfter.getTime()) return "due";
  return "current";
}

/**
 * Whole days until expiresAt, rounded down; negative once expired (−3: expired
 * three days ago). undefined when the key never expires by age.
 */
export function daysLeft(schedule: Schedule | undefined, now: Date): number | undefined {
  if (schedule === undefined) return undefined;
  return Math.floor((schedule.expiresAt.getTime() - now.getTime()) / DAY_MS);
}
