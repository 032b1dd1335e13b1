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
  readonly productName: ProductName;
  readonly platform?: string;
  /** Canonical duration strings ("365d"); compared as text in diff. */
  readonly maxAge: string;
  readonly renewBefore: string;
  readonly rotationTriggers: Readonly<Record<string, string>>;
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

/** Everything the resource exposes. Secret ones are listed in SECRET_OUTPUTS. */
export interface KeyOutputs extends Omit<CheckedInputs, "authKey"> {
  readonly authKey: string;
  readonly userToken?: string;
  readonly passwordHash?: string;
  readonly serviceId?: number;
  /** Per site URL: its host name and its key. */
  readonly websites: Readonly<Record<string, SiteKey>>;
  readonly hostnames: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly rotateAfter: string;
  readonly source: KeySource;
  /** Short non-secret digest of authKey, to confirm a rotation without seeing the key. */
  readonly fingerprint: string;
  /** "invalid" after a refresh found that CleanTalk no longer accepts the key. */
  readonly keyStatus: "valid" | "invalid";
  /** Whether the key was supplied through the authKey input (so read can restore inputs). */
  readonly authKeySupplied: boolean;
}

/** Outputs that carry credentials; the SDK marks them secret. */
export const SECRET_OUTPUTS = ["authKey", "userToken", "passwordHash", "websites"] as const;
