import type { ProductName } from "./product";

/**
 * What CleanTalk identifies a key by: the account's email, the sites and the
 * product. A change to any of them is a different key, not a rotation.
 */
export interface KeyIdentity {
  readonly email: string;
  readonly website: readonly string[];
  readonly productName: ProductName;
}

export function identityKey(identity: KeyIdentity): string {
  return JSON.stringify([identity.email, identity.website, identity.productName]);
}

export function sameIdentity(a: KeyIdentity, b: KeyIdentity): boolean {
  return identityKey(a) === identityKey(b);
}
