/**
 * Rotation schedule. Pure: the clock is an argument.
 *
 * A key's schedule runs from its rotation base (the moment the plan decided to
 * create it): it expires `maxAge` later and is due for rotation `renewBefore`
 * ahead of that, so consumers switch keys before the old one stops working.
 */
export interface Schedule {
  readonly expiresAt: Date;
  readonly rotateAfter: Date;
}

const DAY_MS = 86_400_000;

/** CleanTalk keys are "active for 365 days" (seeds/cleantalk-change-access-key.txt). */
export const DEFAULT_MAX_AGE_MS = 365 * DAY_MS;

/**
 * 30 days ahead of expiry by default: CleanTalk emails owners about renewal in
 * the last month, and a month leaves room for a missed weekly deploy. For short
 * maxAge values (tests, strict policies) the window shrinks to a quarter of the
 * key's life so that a default never exceeds the life itself.
 */
export function defaultRenewBeforeMs(maxAgeMs: number): number {
  // Whole seconds: check stores the value as a duration string ("1s"), and the
  // outputs' rotateAfter is computed from that string. A sub-second remainder
  // would make preview's rotation decision and rotateAfter disagree.
  return Math.min(30 * DAY_MS, Math.floor(maxAgeMs / 4 / 1_000) * 1_000);
}

export function scheduleFrom(base: Date, maxAgeMs: number, renewBeforeMs: number): Schedule {
  const expiresAt = new Date(base.getTime() + maxAgeMs);
  return { expiresAt, rotateAfter: new Date(expiresAt.getTime() - renewBeforeMs) };
}

export function isRotationDue(schedule: Schedule, now: Date): boolean {
  return now.getTime() >= schedule.rotateAfter.getTime();
}
