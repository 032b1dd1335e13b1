import { createHmac, randomBytes } from "node:crypto";

/**
 * A short public digest that tells keys apart without revealing them.
 *
 * Keyed, not a plain hash: CleanTalk keys are short lowercase alphanumeric
 * strings (an 8-character key is one of about 2.8 × 10¹² candidates), so an
 * unkeyed digest of 40 bits would leave two or three candidates that a single
 * GPU finds in minutes. The HMAC key is a random salt kept next to the Access
 * key inside the secret `credentials`, so the fingerprint in plain state says
 * nothing about the key without the secret. Each new key gets a new salt, so
 * a rotation always shows a new fingerprint.
 */
export function keyFingerprint(authKey: string, salt: string): string {
  return `ctk_${createHmac("sha256", salt).update(authKey).digest("hex").slice(0, 10)}`;
}

/** 128 random bits, as base64url (22 characters). */
export function newFingerprintSalt(): string {
  return randomBytes(16).toString("base64url");
}
