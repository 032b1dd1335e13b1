import { hostnameOf } from "./site";

/** One site's key: its host name as CleanTalk reports it, and the Access key. */
export interface SiteKey {
  readonly hostname: string;
  readonly authKey: string;
}

/**
 * The host names of a key's sites: stored only when CleanTalk named them
 * differently from the URLs (multi-site answers carry their own).
 */
export function hostnamesOf(website: readonly string[], stored: readonly string[] | undefined): string[] {
  return stored === undefined ? website.map(hostnameOf) : [...stored];
}

/**
 * Per site URL, its host name and key. A single site's entry is not stored
 * (it would repeat authKey inside the ciphertext); it is rebuilt here, for the
 * provider's records and the SDK's `websites` output alike.
 */
export function siteKeysOf(
  website: readonly string[],
  hostnames: readonly string[],
  authKey: string,
  stored: Readonly<Record<string, SiteKey>> | undefined,
): Record<string, SiteKey> {
  if (stored !== undefined) return { ...stored };
  const [url] = website;
  const [hostname] = hostnames;
  return website.length === 1 && url !== undefined && hostname !== undefined ? { [url]: { hostname, authKey } } : {};
}
