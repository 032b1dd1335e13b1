import { LifecycleError } from "../errors/lifecycle-error";

export const DEFAULT_API_URL = "https://api.cleantalk.org";

/**
 * Where the API lives: Pulumi config `cleantalk:apiUrl`, else the environment
 * variable CLEANTALK_API_URL, else CleanTalk's public endpoint.
 */
export function resolveApiUrl(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): URL {
  const raw = nonEmpty(configured) ?? nonEmpty(env.CLEANTALK_API_URL) ?? DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Echo the value, but not a user:password@ part it may carry.
    const shown = raw.replace(/\/\/[^/@]*@/, "//***@").slice(0, 80);
    throw new LifecycleError("INSECURE_ENDPOINT", `cleantalk:apiUrl "${shown}" is not a URL; use e.g. ${DEFAULT_API_URL}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new LifecycleError("INSECURE_ENDPOINT", "cleantalk:apiUrl must not contain credentials; remove user:password@ from the URL");
  }
  if (url.protocol === "https:") return url;
  // Keys and tokens travel in these requests: plain HTTP only where the bytes
  // never leave the machine (the local emulator).
  if (url.protocol === "http:" && isLoopback(url.hostname)) return url;
  throw new LifecycleError(
    "INSECURE_ENDPOINT",
    `cleantalk:apiUrl ${url.protocol}//${url.host} is refused: credentials may only travel over https (plain http is allowed for loopback addresses only, e.g. the local emulator)`,
  );
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
