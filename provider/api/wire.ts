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

/** Documented success envelope. */
export const successEnvelopeSchema = z.object({ data: z.record(z.string(), z.unknown()) });
