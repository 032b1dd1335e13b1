import { createHash } from "node:crypto";

/**
 * A short digest operators can compare across rotations without seeing the
 * key. 40 bits: enough that two successive keys practically never share one,
 * and far too few to recover or confirm a key from (each fingerprint matches
 * billions of possible keys).
 */
export function keyFingerprint(authKey: string): string {
  return `ctk_${createHash("sha256").update(`pulumi-cleantalk:${authKey}`).digest("hex").slice(0, 10)}`;
}
