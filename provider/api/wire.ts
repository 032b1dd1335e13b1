import { z } from "zod";

// PHP back ends are loose with numbers: the same field arrives as 1 or "1".
export const wireInt = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

// Observed in CleanTalk's client validation code: lowercase letters and digits, 3–30 characters.
export const wireAuthKey = z.string().regex(/^[a-z0-9]{3,30}$/, "auth_key is not 3–30 lowercase letters and digits");
export const wireToken = z.string().regex(/^[A-Za-z0-9]{1,128}$/, "user_token is not letters and digits");
export const wirePasswordHash = z.string().regex(/^[A-Za-z0-9$./+=_-]{1,256}$/, "password_hash has unexpected characters");

/** Documented error shape: `{"error_message": "...", "error_no": N}` at the top level. */
export const errorBodySchema = z.object({ error_message: z.string(), error_no: wireInt });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * The documented success envelope, `{"data": {...}}`: the object inside, or
 * undefined. A plain check rather than a schema: the answer schema parses
 * `data` right after, and a second zod pass per call was a measured share of
 * the client's cost (bench/RESULTS.md §4).
 */
export function envelopeData(json: unknown): Record<string, unknown> | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const data = (json as { data?: unknown }).data;
  return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
