import type { SiteKey } from "./key-state";

/** The parts of the outputs that say which host names and keys the sites have. */
export interface SiteKeySource {
  readonly website: readonly string[];
  readonly credentials: { readonly authKey: string; readonly sites?: Readonly<Record<string, SiteKey>> };
  readonly details: { readonly hostnames?: readonly string[] };
}

/**
 * The host names the key covers. Stored only when CleanTalk named them
 * differently from the URLs (multi-site answers carry their own); otherwise
 * they are the URLs' hosts, rebuilt here. Pure and dependency-free, like
 * siteKeys: the SDK loads it in programs.
 */
export function hostnamesOf(outputs: Pick<SiteKeySource, "website" | "details">): string[] {
  return outputs.details.hostnames === undefined ? outputs.website.map((url) => new URL(url).hostname) : [...outputs.details.hostnames];
}

/**
 * The per-site map as it is stored: undefined when it says no more than
 * "the one site uses authKey", which siteKeys rebuilds.
 */
export function storedSites(
  website: readonly string[],
  sites: Readonly<Record<string, SiteKey>>,
  authKey: string,
): Readonly<Record<string, SiteKey>> | undefined {
  const entries = Object.entries(sites);
  const [only] = entries;
  const rebuildable = entries.length === 1 && website.length === 1 && only !== undefined && only[0] === website[0] && only[1].authKey === authKey;
  return rebuildable ? undefined : sites;
}

/** Host names as they are stored: undefined when they are the URLs' hosts, which hostnamesOf rebuilds. */
export function storedHostnames(website: readonly string[], hostnames: readonly string[]): readonly string[] | undefined {
  const urlHosts = hostnamesOf({ website, details: {} });
  const same = hostnames.length === urlHosts.length && hostnames.every((host, i) => host === urlHosts[i]);
  return same ? undefined : hostnames;
}

/**
 * Per site URL: host name and key. A single site's entry is not stored (it
 * would repeat authKey inside the ciphertext); it is rebuilt here. Used by the
 * provider (read, rotation ledger) and by the SDK's `websites` output, so the
 * two cannot disagree.
 */
export function siteKeys(outputs: SiteKeySource): Record<string, SiteKey> {
  const stored = outputs.credentials.sites;
  if (stored !== undefined) return { ...stored };
  const [url] = outputs.website;
  const [hostname] = hostnamesOf(outputs);
  if (url === undefined || hostname === undefined) return {};
  return { [url]: { hostname, authKey: outputs.credentials.authKey } };
}
