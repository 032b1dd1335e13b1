/**
 * The three `get_api_key` answers, as a pure function of a site's key age. The help page only
 * says the fields "depend on the time between the first call and the subsequent ones"; the
 * window is an emulator setting so tests can pin each phase.
 *
 * For a site the account already has, CleanTalk documents only the same key or
 * `account_exists`: a new key comes from the dashboard. Reissuing an expired key through the
 * API is an ASSUMPTION nothing documents, off unless `reissueAfterExpiry` is set.
 */
export type KeyPhase = "issue" | "same-key" | "account-exists";

export interface PhaseWindows {
  readonly sameKeyWindowMs: number;
  readonly keyLifetimeMs: number;
  readonly reissueAfterExpiry: boolean;
}

/**
 * @param keyIssuedAt when the site's current key was issued (API or dashboard); undefined for
 *   a site that does not exist yet.
 */
export function keyPhase(keyIssuedAt: number | undefined, now: number, windows: PhaseWindows): KeyPhase {
  if (keyIssuedAt === undefined) return "issue";
  const age = now - keyIssuedAt;
  // Lifetime is checked first: with reissue on, an expired key is re-issued even when the
  // lifetime was set shorter than the same-key window.
  if (windows.reissueAfterExpiry && age >= windows.keyLifetimeMs) return "issue";
  // A negative age only happens when a test moves the clock backwards; the key is then as
  // fresh as it can be.
  if (age < windows.sameKeyWindowMs) return "same-key";
  return "account-exists";
}

/** ASSUMPTION: a key older than its lifetime stops validating ("active for 365 days"). */
export function isKeyExpired(keyIssuedAt: number, now: number, keyLifetimeMs: number): boolean {
  return now - keyIssuedAt >= keyLifetimeMs;
}
