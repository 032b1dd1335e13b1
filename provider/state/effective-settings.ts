import { formatDuration, parseDuration } from "../inputs/duration";
import { DEFAULT_PRODUCT, type ProductName } from "../inputs/product";
import { DEFAULT_MAX_AGE_MS, defaultRenewBeforeMs } from "../inputs/schedule";
import type { CheckedInputs } from "./key-state";

export interface EffectiveSettings {
  readonly productName: ProductName;
  readonly maxAgeMs: number;
  readonly renewBeforeMs: number;
  readonly rotationTriggers: Readonly<Record<string, string>>;
}

type StoredSettings = Pick<CheckedInputs, "productName" | "maxAge" | "renewBefore" | "rotationTriggers">;

/** The settings in force: what check stored, or the default it left out. */
export function effectiveSettings(stored: StoredSettings): EffectiveSettings {
  const maxAgeMs = stored.maxAge === undefined ? DEFAULT_MAX_AGE_MS : storedDurationMs(stored.maxAge);
  return {
    productName: stored.productName ?? DEFAULT_PRODUCT,
    maxAgeMs,
    renewBeforeMs: stored.renewBefore === undefined ? defaultRenewBeforeMs(maxAgeMs) : storedDurationMs(stored.renewBefore),
    rotationTriggers: stored.rotationTriggers ?? {},
  };
}

/**
 * What check stores for these settings: only what differs from the defaults
 * (each stored value is paid for in every checkpoint of every `up`,
 * bench/RESULTS.md §3); effectiveSettings reads the rest back.
 */
export function storedSettings(settings: EffectiveSettings): StoredSettings {
  const { productName, maxAgeMs, renewBeforeMs, rotationTriggers } = settings;
  return {
    ...(productName === DEFAULT_PRODUCT ? {} : { productName }),
    ...(maxAgeMs === DEFAULT_MAX_AGE_MS ? {} : { maxAge: formatDuration(maxAgeMs) }),
    ...(renewBeforeMs === defaultRenewBeforeMs(maxAgeMs) ? {} : { renewBefore: formatDuration(renewBeforeMs) }),
    ...(Object.keys(rotationTriggers).length === 0 ? {} : { rotationTriggers }),
  };
}

function storedDurationMs(text: string): number {
  const parsed = parseDuration(text);
  // Only check writes these fields, always in a form parseDuration accepts.
  if (!parsed.ok) throw new Error(`stored duration is unreadable: ${parsed.reason}`);
  return parsed.ms;
}
