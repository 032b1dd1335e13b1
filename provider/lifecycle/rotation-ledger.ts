import { keyFingerprint, newFingerprintSalt } from "../domain/fingerprint";
import { identityKey, type KeyIdentity } from "../domain/identity";
import type { KeyRecord } from "../schema/stored-key";
import type { ReplaceReason } from "./plan-change";

/** What create needs to know about the key a replacement takes the place of. */
export interface PendingReplacement {
  /** Why diff planned it; undefined when the engine replaces on its own (`--replace`, a taint). */
  readonly reason: ReplaceReason | undefined;
  /** When the replaced key was created, for an answer that hands the same key back. */
  readonly createdAt: string;
  isReplacedKey(key: string): boolean;
}

/**
 * Carries "this create replaces that key" from diff to create.
 *
 * Why in memory and not in the inputs: when the engine replaces a resource it
 * runs check a second time without the old inputs (pulumi/pulumi,
 * pkg/resource/deploy/step_generator.go), so nothing check adds reaches
 * create. diff sees the old outputs, and create runs moments later in the same
 * provider process, which serves the whole deployment. Keys are held as
 * digests keyed with a secret of this process, never stored.
 */
export class RotationLedger {
  readonly #salt = newFingerprintSalt();
  readonly #pending = new Map<string, { reason: ReplaceReason | undefined; createdAt: string; digests: Set<string> }>();

  /** Called by every diff of a stored key, so a replacement the engine forces is known too. */
  record(identity: KeyIdentity, old: KeyRecord, reason: ReplaceReason | undefined): void {
    const digests = new Set([old.credentials.authKey, ...Object.values(old.credentials.sites).map((site) => site.authKey)].map((key) => this.#digest(key)));
    this.#pending.set(identityKey(identity), { reason, createdAt: old.details.createdAt, digests });
  }

  /** The replacement for these inputs, consumed: a later create of the same sites is a new decision. */
  take(identity: KeyIdentity): PendingReplacement | undefined {
    const key = identityKey(identity);
    const entry = this.#pending.get(key);
    this.#pending.delete(key);
    if (entry === undefined) return undefined;
    return { reason: entry.reason, createdAt: entry.createdAt, isReplacedKey: (candidate) => entry.digests.has(this.#digest(candidate)) };
  }

  #digest(key: string): string {
    return keyFingerprint(key, this.#salt);
  }
}
