import type { ProductName } from "../inputs/product";

/** Why check decided that this plan creates a new key for the same sites. */
export type RotationReason = "age" | "triggers" | "invalidated" | "adopt";

/**
 * Set by `check` on the inputs of a resource whose key must be rotated (same
 * account, sites and product); `diff` turns it into a replacement. It does not
 * reach `create` (the engine re-checks a replacement without old inputs): the
 * keys being replaced travel through the RotationLedger instead.
 */
export interface RotationMarker {
  readonly reason: RotationReason;
  /** The rotation base of the key being replaced (ISO 8601). */
  readonly previousBase: string;
}

/** The inputs as `check` stores them: validated, normalised, defaults filled. */
export interface CheckedInputs {
  readonly email: string;
  readonly website: readonly string[];
  // productName, maxAge, renewBefore and rotationTriggers are absent when they
  // equal their defaults (read them through effectiveSettings).
  readonly productName?: ProductName;
  readonly platform?: string;
  /** Canonical duration strings ("200d"); compared as text in diff. */
  readonly maxAge?: string;
  readonly renewBefore?: string;
  readonly rotationTriggers?: Readonly<Record<string, string>>;
  readonly label?: string;
  /** A key from the dashboard to adopt instead of provisioning (secret). */
  readonly authKey?: string;
  /** Start of the current key's schedule (ISO 8601), carried forward by check. */
  readonly rotationBase: string;
  readonly rotation?: RotationMarker;
  /** Fingerprint of a key refresh found invalid; set through `read`'s returned inputs. */
  readonly keyInvalidated?: string;
}

export type KeySource = "provisioned" | "existing-site" | "supplied";

export interface SiteKey {
  readonly hostname: string;
  readonly authKey: string;
}

/**
 * The credentials, stored as one secret output: one ciphertext in state
 * instead of four, and one registered property in the program instead of four
 * (Pulumi's cost per resource grows with both; bench/RESULTS.md).
 */
export interface KeyCredentials {
  readonly authKey: string;
  readonly userToken?: string;
  readonly passwordHash?: string;
  /**
   * Per site URL: its host name and key. Stored only for keys of several
   * sites; a single site's entry is its URL, host name and authKey (siteKeys).
   */
  readonly sites?: Readonly<Record<string, SiteKey>>;
}

/** What is known about the current key, none of it secret: one output. */
export interface KeyDetails {
  /** Short non-secret digest of authKey, to confirm a rotation without seeing the key. */
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly rotateAfter: string;
  readonly source: KeySource;
  /** Set after a refresh found that CleanTalk no longer accepts the key; absent while it is valid. */
  readonly keyStatus?: "invalid";
  /** Only when they differ from the URLs' hosts (hostnamesOf reads them either way). */
  readonly hostnames?: readonly string[];
  readonly serviceId?: number;
}

/**
 * Everything the provider stores: the checked inputs echoed (diff receives
 * only the old outputs, so it compares against these), plus the key.
 */
export interface KeyOutputs extends Omit<CheckedInputs, "authKey" | "rotation" | "keyInvalidated"> {
  readonly credentials: KeyCredentials;
  readonly details: KeyDetails;
}

/** Outputs that carry credentials; the SDK marks them secret. */
export const SECRET_OUTPUTS = ["credentials"] as const;
