/**
 * Durations are written as a sum of whole units ("365d", "12h", "1d12h", "90s"),
 * the way `time_rotating` and most CLIs accept them. Weeks are allowed; months
 * and years are not, because their length varies and a key schedule must not.
 */
const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof unitMs;

// Ten years: far beyond CleanTalk's 365-day key lifetime, small enough that
// date arithmetic never overflows into an invalid Date.
export const MAX_DURATION_MS = 10 * 365 * unitMs.d;

const whole = /^(?:\d{1,6}[smhdw])+$/;
const part = /(\d{1,6})([smhdw])/g;

export type DurationResult = { ok: true; ms: number } | { ok: false; reason: string };

export function parseDuration(text: string): DurationResult {
  const trimmed = text.trim();
  if (!whole.test(trimmed)) {
    return { ok: false, reason: `"${clip(text)}" is not a duration; write a number and a unit such as "365d", "12h", "90s" or "1d12h"` };
  }
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(part)) {
    ms += Number(amount) * unitMs[unit as Unit];
  }
  if (ms > MAX_DURATION_MS) {
    return { ok: false, reason: `"${clip(text)}" is longer than 10 years; CleanTalk keys live 365 days` };
  }
  return { ok: true, ms };
}

/** Renders milliseconds back in the largest exact unit, for messages and outputs. */
export function formatDuration(ms: number): string {
  for (const unit of ["w", "d", "h", "m", "s"] as const) {
    if (ms % unitMs[unit] === 0 && ms >= unitMs[unit]) return `${ms / unitMs[unit]}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
