const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses `500ms`, `90s`, `10m`, `12h`, `365d` into milliseconds. A bare number means seconds,
 * the unit the rate-limit flag and Retry-After also use. Undefined when unparseable.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const value = Number(match[1]);
  const unit = UNIT_MS[match[2] ?? "s"] ?? 1_000;
  const ms = Math.round(value * unit);
  return Number.isSafeInteger(ms) ? ms : undefined;
}
