import { createHmac, randomBytes, randomInt } from "node:crypto";

/**
 * Credential generators. Everything comes from node:crypto so that test keys are never
 * predictable and never pasted into the repo (STYLE.md, "Generated fixtures").
 */

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Real keys are 8-15 chars; 13 sits in that range and is unambiguous in logs and tests. */
export const AUTH_KEY_LENGTH = 13;
export const USER_TOKEN_LENGTH = 32;

/**
 * Uniform string over `alphabet` from random bytes, by rejection sampling: taking `byte % n`
 * directly would favour the first `256 % n` characters.
 */
export function randomString(alphabet: string, length: number): string {
  const n = alphabet.length;
  const limit = 256 - (256 % n);
  let out = "";
  while (out.length < length) {
    const bytes = randomBytes(length * 2);
    for (const byte of bytes) {
      if (byte >= limit) continue;
      out += alphabet[byte % n];
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateAuthKey(length = AUTH_KEY_LENGTH): string {
  return randomString(LOWER_ALNUM, length);
}

export function generateUserToken(): string {
  return randomString(LOWER_ALNUM, USER_TOKEN_LENGTH);
}

/** 32 lowercase hex characters, the shape of an MD5 digest as CleanTalk returns it. */
export function generatePasswordHash(): string {
  return randomBytes(16).toString("hex");
}

/** Positive, fits a signed 32-bit column, and never small enough to look like a counter. */
export function generateServiceId(): number {
  return randomInt(100_000, 2_147_483_647);
}

// Keyed with a secret of this process: keys are short, so an unkeyed digest
// of one could be searched back to the key.
const fingerprintSecret = randomBytes(32);

/** Lets tests and operators tell keys apart without the key itself ever leaving the emulator. */
export function keyFingerprint(key: string): string {
  return createHmac("sha256", fingerprintSecret).update(key).digest("hex").slice(0, 8);
}
