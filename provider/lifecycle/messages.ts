/**
 * Actionable texts shared by several lifecycle steps. None interpolates a key,
 * token, password hash or email: only host names, which are public.
 */
export const DASHBOARD_STEPS =
  'In the CleanTalk dashboard (https://cleantalk.org/my): open the site\'s "Settings" → "Change the Access key" → "Generate key" → apply.';

export const SUPPLY_KEY_STEPS =
  "Store the key as a secret (`pulumi config set --secret cleantalkAuthKey <key>`), pass it to the resource " +
  '(authKey: config.requireSecret("cleantalkAuthKey")) and run `pulumi up` again.';

export function accountExistsMessage(hostnames: readonly string[]): string {
  return (
    `CleanTalk answered account_exists for ${hostnames.join(", ")}: the account already has this site and get_api_key no longer returns its key. ` +
    `${DASHBOARD_STEPS} ${SUPPLY_KEY_STEPS} Nothing was changed.`
  );
}

export function notRotatedMessage(hostnames: readonly string[]): string {
  return (
    `A new key is due for ${hostnames.join(", ")}, but CleanTalk handed back the key already in use (it issues a new key for an existing site only from its dashboard). ` +
    `${DASHBOARD_STEPS} ${SUPPLY_KEY_STEPS} The current key, its outputs and the state are unchanged.`
  );
}
