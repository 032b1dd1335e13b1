import { z } from "zod";
import { PRODUCT_NAMES } from "./products";

/**
 * The emulator's whole durable state, as written to `persistPath`. Schema first so a state file
 * from another version (or hand-edited) is rejected at load time instead of half-working.
 */

export const accountSchema = z.strictObject({
  /** Lowercased; the account's identity. Never leaves the emulator except in this file. */
  email: z.string().min(1),
  userToken: z.string().min(1),
  passwordHash: z.string().min(1),
  createdAt: z.number(),
});
export type Account = z.infer<typeof accountSchema>;

export const keySourceSchema = z.enum(["api", "dashboard"]);
export type KeySource = z.infer<typeof keySourceSchema>;

export const siteSchema = z.strictObject({
  email: z.string().min(1),
  siteUrl: z.string().min(1),
  hostname: z.string().min(1),
  product: z.enum(PRODUCT_NAMES),
  serviceId: z.number().int().positive(),
  authKey: z.string().min(1),
  keyIssuedAt: z.number(),
  keySource: keySourceSchema,
});
export type Site = z.infer<typeof siteSchema>;

export const issuedCredentialsSchema = z.strictObject({
  authKeys: z.array(z.string()),
  userTokens: z.array(z.string()),
  passwordHashes: z.array(z.string()),
});
export type IssuedCredentials = z.infer<typeof issuedCredentialsSchema>;

export const stateSnapshotSchema = z.strictObject({
  version: z.literal(1),
  accounts: z.array(accountSchema),
  sites: z.array(siteSchema),
  issued: issuedCredentialsSchema,
});
export type StateSnapshot = z.infer<typeof stateSnapshotSchema>;
