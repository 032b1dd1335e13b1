import { z } from "zod";
import { AUTH_KEY_PATTERN } from "../domain/auth-key";

/** The wire shapes of CleanTalk's key API: one schema per answer, types derived from them. */

// PHP back ends are loose with numbers: the same field arrives as 1 or "1".
const wireInt = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

const wireAuthKey = z.string().regex(AUTH_KEY_PATTERN, "auth_key is not 3–30 lowercase letters and digits");
const wireToken = z.string().regex(/^[A-Za-z0-9]{1,128}$/, "user_token is not letters and digits");
const wirePasswordHash = z.string().regex(/^[A-Za-z0-9$./+=_-]{1,256}$/, "password_hash has unexpected characters");

/** Documented error shape: `{"error_message": "...", "error_no": N}` at the top level. */
export const errorBodySchema = z.object({ error_message: z.string(), error_no: wireInt });

/**
 * The documented success envelope, `{"data": {...}}`: the object inside, or
 * undefined. The answer schema parses `data` right after.
 */
export function envelopeData(json: unknown): Record<string, unknown> | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const data = (json as { data?: unknown }).data;
  return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

/**
 * get_api_key answers, one variant per documented phase ("the list of fields
 * depends on the time between the first call and the subsequent ones"). The
 * wire format has no tag, so the phase is derived from which fields are
 * present and the variant then checked strictly.
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

/** notice_paid_till answers (observed in CleanTalk's plugins); only `valid` is required. */
export const noticePaidTillAnswerSchema = z.object({
  valid: wireInt.pipe(z.union([z.literal(0), z.literal(1)])),
  moderate: wireInt.optional(),
  product_id: wireInt.optional(),
  service_id: wireInt.optional(),
  user_token: wireToken.optional(),
});
export type NoticePaidTillAnswer = z.infer<typeof noticePaidTillAnswerSchema>;

/** notice_paid_till's error_no for a key CleanTalk does not know (observed): the same news as `valid: 0`. */
export const INVALID_KEY_ERROR_NO = 12;
