import type { KeySource, SiteKey } from "../state/key-state";

/** What a create obtained from CleanTalk, before it becomes outputs. */
export interface KeyMaterial {
  readonly authKey: string;
  readonly userToken?: string | undefined;
  readonly passwordHash?: string | undefined;
  readonly serviceId?: number | undefined;
  readonly websites: Readonly<Record<string, SiteKey>>;
  readonly source: KeySource;
}

export function hostnameOf(url: string): string {
  return new URL(url).hostname;
}

/** notice_paid_till's path_to_cms: the site URL without scheme. */
export function pathToCms(url: string): string {
  return url.replace(/^https?:\/\//, "");
}
