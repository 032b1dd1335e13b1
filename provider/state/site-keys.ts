import type { SiteKey } from "./key-state";

/** The parts of the outputs that say which key each site uses. */
export interface SiteKeySource {
  readonly website: readonly string[];
  readonly credentials: { readonly authKey: string; readonly sites?: Readonly<Record<string, SiteKey>> };
  readonly details: { readonly hostnames: readonly string[] };
}

/**
 * Per site URL: host name and key. A single site's entry is not stored (it
 * would repeat authKey inside the ciphertext); it is rebuilt here. Used by the
 * provider (read, rotation ledger) and by the SDK's `websites` output, so the
 * two cannot disagree. Pure and dependency-free: the SDK loads it in programs.
 */
export function siteKeys(outputs: SiteKeySource): Record<string, SiteKey> {
  const stored = outputs.credentials.sites;
  if (stored !== undefined) return { ...stored };
  const [url] = outputs.website;
  const [hostname] = outputs.details.hostnames;
  if (url === undefined || hostname === undefined) return {};
  return { [url]: { hostname, authKey: outputs.credentials.authKey } };
}
