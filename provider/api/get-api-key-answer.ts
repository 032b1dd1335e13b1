import { z } from "zod";
import { wireAuthKey, wireInt, wirePasswordHash, wireToken } from "./wire";

/**
 * get_api_key answers, one variant per documented phase ("the list of fields
 * depends on the time between the first call and the subsequent ones",
 * seeds/cleantalk-get-api-key.txt). The wire format has no tag, so the phase is
 * derived from which fields are present and the variant then checked strictly.
 */
const issued = z.object({
  phase: z.literal("issued"),
  auth_key: wireAuthKey,
  password_hash: wirePasswordHash,
  user_token: wireToken,
  service_id: wireInt.pipe(z.number().int().positive()),
});
const existing = z.object({ phase: z.literal("existing"), auth_key: wireAuthKey, user_token: wireToken.optional() });
const accountExists = z.object({ phase: z.literal("account-exists"), account_exists: wireInt.pipe(z.literal(1)) });
const multiSite = z.object({
  phase: z.literal("multi-site"),
  account_exists: wireInt.optional(),
  auth_key: wireAuthKey.optional(),
  user_token: wireToken.optional(),
  websites: z.record(z.string(), z.object({ hostname: z.string().min(1), auth_key: wireAuthKey.optional() })),
});

export const getApiKeyAnswerSchema = z.preprocess(tagPhase, z.discriminatedUnion("phase", [issued, existing, accountExists, multiSite]));
export type GetApiKeyAnswer = z.infer<typeof getApiKeyAnswerSchema>;

function tagPhase(data: unknown): unknown {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return data;
  const fields = data as Record<string, unknown>;
  const phase =
    "websites" in fields
      ? "multi-site"
      : "password_hash" in fields || "service_id" in fields
        ? "issued"
        : "auth_key" in fields
          ? "existing"
          : "account_exists" in fields
            ? "account-exists"
            : "unrecognised";
  return { ...fields, phase };
}
