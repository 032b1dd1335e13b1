import type { z } from "zod";

/**
 * A policy's settings from `--policy-pack-config` (or the pack's defaults),
 * checked once more here: the engine validates them against the JSON schema,
 * but a policy must not act on a value it cannot read. A bad setting throws,
 * and the engine fails the preview naming the policy.
 */
export function policyConfig<T>(name: string, schema: z.ZodType<T>, config: object): T {
  const parsed = schema.safeParse(config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`policy ${name}: setting ${issue?.path.join(".") || "(config)"} ${issue?.message ?? "is invalid"}`);
}
