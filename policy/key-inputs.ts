import { z } from "zod";
import { parseDuration } from "../provider/domain/duration";
import { maxAgeMsOf, renewBeforeMsOf } from "../provider/domain/schedule";

/**
 * A key's schedule settings as resource policies see them: the inputs after
 * the provider's check, which validated them and left out settings at their
 * defaults. Read through @pulumi/policy's proxy, a value not known at preview
 * throws, and @pulumi/policy reports that the policy could not run for it.
 */
const scheduleInputsSchema = z.object({
  maxAge: z.string().optional(),
  renewBefore: z.string().optional(),
});

export interface KeySchedule {
  /** null: maxAge "never", no rotation by age. */
  readonly maxAgeMs: number | null;
  readonly renewBeforeMs: number;
}

/**
 * The effective settings, defaults filled as the provider fills them.
 * undefined when they are not a valid key's: the provider's check reports
 * those with INVALID_INPUT, and a policy has nothing to add.
 */
export function keySchedule(props: Record<string, unknown>): KeySchedule | undefined {
  const parsed = scheduleInputsSchema.safeParse({ maxAge: props.maxAge, renewBefore: props.renewBefore });
  if (!parsed.success) return undefined;
  const { maxAge, renewBefore } = parsed.data;
  const maxAgeMs = maxAgeMsOf(maxAge);
  if (maxAgeMs === undefined) return undefined;
  const renewBeforeMs = renewBeforeMsOf(renewBefore, maxAgeMs);
  if (renewBeforeMs === undefined) return undefined;
  return { maxAgeMs, renewBeforeMs };
}

/** A duration in the package's own format, for policy settings that take one (e.g. "365d"). */
export const durationSetting = z.string().refine((text) => parseDuration(text).ok, 'is not a duration such as "365d", "12h" or "90s"');

export function durationMs(text: string): number | undefined {
  const parsed = parseDuration(text);
  return parsed.ok ? parsed.ms : undefined;
}
