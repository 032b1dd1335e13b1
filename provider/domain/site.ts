/**
 * Site URLs as CleanTalk identifies them. Normalising here keeps one site from
 * being registered twice under two spellings ("Example.com/" vs
 * "https://example.com"), and means a cosmetic edit in the program does not
 * force a new key.
 */
export type WebsiteResult = { ok: true; url: string; hostname: string } | { ok: false; reason: string };

const MAX_URL_LENGTH = 2_048;
const allowedSchemes = new Set(["http:", "https:"]);
// A bare host ("example.com", "example.com/blog") is common in CleanTalk's own
// dashboard; we read it as https.
const hasScheme = /^[a-z][a-z0-9+.-]*:/i;

export function normaliseWebsite(raw: string): WebsiteResult {
  const text = raw.trim();
  if (text === "") return { ok: false, reason: "is empty; give the site URL, e.g. https://example.com" };
  if (text.length > MAX_URL_LENGTH) return { ok: false, reason: `is longer than ${MAX_URL_LENGTH} characters` };
  if (/[\s<>"{}|\\^`]/.test(text)) return { ok: false, reason: "contains spaces or characters not allowed in a URL" };

  const candidate = hasScheme.test(text) && !/^[^:/]+:\d+(\/|$)/.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, reason: `"${clip(text)}" is not a valid URL; give the site URL, e.g. https://example.com` };
  }
  if (!allowedSchemes.has(url.protocol)) {
    return { ok: false, reason: `scheme "${url.protocol}" is not allowed; a CleanTalk site is an http:// or https:// URL` };
  }
  if (url.username !== "" || url.password !== "") {
    return { ok: false, reason: "must not contain a user name or password; remove the credentials from the URL" };
  }
  // An empty label (".com", "a..com") passes WHATWG URL parsing but names no host.
  const emptyLabel = url.hostname.split(".").some((label) => label === "");
  if (url.hostname === "" || emptyLabel || (!url.hostname.includes(".") && url.hostname !== "localhost")) {
    return { ok: false, reason: `"${clip(text)}" has no valid host name; give a full domain such as example.com` };
  }
  if (url.search !== "" || url.hash !== "") {
    return { ok: false, reason: "must not contain a query string or fragment; give the site's base URL" };
  }
  const path = url.pathname.replace(/\/+$/, "");
  // URL already lower-cases the host, converts internationalised names to
  // punycode and drops default ports.
  return { ok: true, url: `${url.protocol}//${url.host}${path}`, hostname: url.hostname };
}

export function hostnameOf(url: string): string {
  return new URL(url).hostname;
}

/**
 * How CleanTalk tells sites apart: host and path, without the scheme (http://
 * and https:// are one site). Also notice_paid_till's `path_to_cms`.
 */
export function siteOf(url: string): string {
  return url.replace(/^https?:\/\//, "");
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
