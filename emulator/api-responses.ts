import { z } from "zod";

/**
 * Wire shapes the emulator answers with, written as strict schemas so the handlers are typed
 * by them and the tests can assert that no field appears beyond the contract.
 */

export const errorBodySchema = z.strictObject({
  error_message: z.string(),
  error_no: z.number().int(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Phase 1: a key was just issued. */
export const issuedKeyDataSchema = z.strictObject({
  auth_key: z.string(),
  password_hash: z.string(),
  user_token: z.string(),
  service_id: z.number().int().positive(),
});

/** Phase 2: a repeated call inside the same-key window returns the site's current key. */
export const sameKeyDataSchema = z.strictObject({
  auth_key: z.string(),
  user_token: z.string(),
});

/** Phase 3: the site exists and the key is only available from the dashboard. */
export const accountExistsDataSchema = z.strictObject({
  account_exists: z.literal(1),
});

export const websiteEntrySchema = z.strictObject({
  hostname: z.string(),
  /** ASSUMPTION: absent for a site in phase 3, whose key the API no longer hands out. */
  auth_key: z.string().optional(),
});

/** Array form: one entry per URL as sent. */
export const multiSiteDataSchema = z.strictObject({
  /** Only when the account existed before this call. */
  account_exists: z.literal(1).optional(),
  /** The first URL's key, when that URL got one in this answer. */
  auth_key: z.string().optional(),
  /** Present whenever at least one key is returned. */
  user_token: z.string().optional(),
  websites: z.record(z.string(), websiteEntrySchema),
});

export const getApiKeyDataSchema = z.union([issuedKeyDataSchema, sameKeyDataSchema, accountExistsDataSchema, multiSiteDataSchema]);
export type GetApiKeyData = z.infer<typeof getApiKeyDataSchema>;

const noticeCommon = {
  moderate: z.union([z.literal(0), z.literal(1)]),
  product_id: z.number().int(),
  show_notice: z.literal(0),
  renew: z.union([z.literal(0), z.literal(1)]),
  trial: z.literal(0),
  show_review: z.literal(0),
  ip_license: z.literal(0),
  moderate_ip: z.literal(0),
  spam_count: z.literal(0),
  auto_update_app: z.literal(0),
};

export const noticeValidDataSchema = z.strictObject({
  valid: z.literal(1),
  service_id: z.number().int().positive(),
  user_token: z.string(),
  ...noticeCommon,
});

export const noticeInvalidDataSchema = z.strictObject({
  valid: z.literal(0),
  ...noticeCommon,
});

export const noticePaidTillDataSchema = z.discriminatedUnion("valid", [noticeValidDataSchema, noticeInvalidDataSchema]);
export type NoticePaidTillData = z.infer<typeof noticePaidTillDataSchema>;

export function dataBodySchema<T extends z.ZodType>(data: T) {
  return z.strictObject({ data });
}
