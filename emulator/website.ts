/**
 * Website identity. CleanTalk keys a site by its address, and clients send it in many
 * spellings (`example.com`, `https://Example.com/`, `http://example.com/blog/`), so the
 * emulator folds them into one label before looking anything up.
 */
export interface NormalisedWebsite {
  /** Lowercase hostname, no port: what `notice_paid_till` compares with `path_to_cms`. */
  readonly hostname: string;
  /**
   * `host[:port][/path]`, no scheme, no trailing slash, no query. ASSUMPTION: http and https
   * are one site, because CleanTalk plugins switch scheme freely behind proxies.
   */
  readonly siteUrl: string;
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function normaliseWebsite(raw: string): NormalisedWebsite | undefined {
  const text = raw.trim();
  if (text === "" || /\s/.test(text)) return undefined;
  let url: URL;
  try {
    // `path_to_cms` and most plugin calls carry no scheme; URL() needs one to find the host.
    url = new URL(HAS_SCHEME.test(text) ? text : `http://${text}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const hostname = url.hostname.replace(/\.$/, "");
  if (hostname === "") return undefined;
  const port = url.port === "" ? "" : `:${url.port}`;
  const path = url.pathname.replace(/\/+$/, "");
  return { hostname, siteUrl: `${hostname}${port}${path}` };
}
