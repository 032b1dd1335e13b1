import { z } from "zod";
import { storedDetailsSchema } from "./stored-key";

/**
 * `pulumi stack export`, as far as readers of a fleet's state need it. Parsed
 * at the boundary: the fleet view reads every stack through these schemas and
 * never trusts the export's JSON as it came.
 *
 * The schemas are loose where Pulumi's format is: unknown fields pass, so a
 * newer CLI that adds some does not break the reader; what is read is checked.
 */

/** Pulumi's marker for a special value in serialised properties (sdk/nodejs/runtime/rpc.ts, `specialSigKey`). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The marker's value for a secret (`specialSecretSig`). */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret as `stack export` writes it: encrypted, or with `--show-secrets` the JSON of its value. */
export const exportedSecretSchema = z.union([
  z.object({ [SPECIAL_SIG_KEY]: z.literal(SECRET_SIG), ciphertext: z.string() }),
  z.object({ [SPECIAL_SIG_KEY]: z.literal(SECRET_SIG), plaintext: z.string() }),
]);

export const exportedResourceSchema = z.object({
  urn: z.string().min(1),
  type: z.string().min(1),
  id: z.string().optional(),
  custom: z.boolean().optional(),
  /** `<provider urn>::<provider id>`, for custom resources. */
  provider: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  /** The old copy of a replaced resource, waiting to be deleted. */
  delete: z.boolean().optional(),
});
export type ExportedResource = z.infer<typeof exportedResourceSchema>;

export const stackExportSchema = z.object({
  version: z.number().int(),
  deployment: z.object({
    resources: z.array(exportedResourceSchema).optional(),
  }),
});
export type StackExport = z.infer<typeof stackExportSchema>;

/**
 * What a key stores outside its secret `credentials`: enough to say where it
 * stands without decrypting anything. Settings at their defaults are not
 * stored (provider/schema/stored-key.ts), so they are optional here.
 */
export const exportedKeyOutputsSchema = z.object({
  website: z.array(z.string().min(1)).min(1),
  label: z.string().optional(),
  details: storedDetailsSchema,
});
export type ExportedKeyOutputs = z.infer<typeof exportedKeyOutputsSchema>;

/**
 * A property's value as `stack export --show-secrets` leaves it: a revealed
 * secret's value, a plain value as it is, and undefined for a secret still
 * encrypted (or one whose plaintext is not JSON).
 */
export function revealedValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null || !(SPECIAL_SIG_KEY in value)) return value;
  const parsed = exportedSecretSchema.safeParse(value);
  if (!parsed.success || !("plaintext" in parsed.data)) return undefined;
  try {
    return JSON.parse(parsed.data.plaintext) as unknown;
  } catch {
    return undefined;
  }
}
