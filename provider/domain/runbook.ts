/**
 * The texts that tell a person how to get a new key: CleanTalk issues one for
 * an existing site only from its dashboard. None interpolates a key, token,
 * password hash or email: only host names, fingerprints and dates, which are
 * public.
 */
export const DASHBOARD_STEP =
  'In the CleanTalk dashboard (https://cleantalk.org/my), open the site\'s "Settings" → "Change the Access key" → "Generate key" → apply. The old key stops working at once.';

/** The config key the examples use; a program may read authKey from another. */
export const AUTH_KEY_CONFIG = "cleantalkAuthKey";

/** The steps after generating a key, for one site or for several (then a key per site URL). */
export function adoptSteps(sites: readonly string[]): string[] {
  if (sites.length <= 1) {
    return [
      DASHBOARD_STEP,
      `pulumi config set --secret ${AUTH_KEY_CONFIG} <new key>`,
      `Pass it to the resource (authKey: config.requireSecret("${AUTH_KEY_CONFIG}")) and run \`pulumi up\` right away, so consumers get the new key.`,
    ];
  }
  return [
    `${DASHBOARD_STEP} Do it for each of ${sites.join(", ")}.`,
    "Store each key as a secret config value (pulumi config set --secret <name> <new key>).",
    'Pass them as a map from site URL to key (authKey: { "https://site.example": config.requireSecret("<name>"), … }) and run `pulumi up` right away.',
  ];
}

export interface DueNoticeSubject {
  /** The resource's name in the program, when known. */
  readonly resource?: string | undefined;
  readonly hostnames: readonly string[];
  readonly fingerprint: string;
  readonly expiresAt: string;
  readonly daysLeft: number;
}

/**
 * The warning a due key gets on every preview and up: which key, how long it
 * has, and how to replace it. A due key is not replaced by itself: CleanTalk's
 * API hands back the same key or `account_exists` for a site it knows.
 */
export function dueNotice(subject: DueNoticeSubject): string {
  const name = subject.resource === undefined ? "" : ` of '${subject.resource}'`;
  const left = subject.daysLeft < 1 ? "less than a day" : subject.daysLeft === 1 ? "1 day" : `${subject.daysLeft} days`;
  const steps = adoptSteps(subject.hostnames);
  return (
    `KEY_DUE: the CleanTalk key${name} for ${subject.hostnames.join(", ")} (${subject.fingerprint}) expires in ${left}, on ${subject.expiresAt.slice(0, 10)}; ` +
    "CleanTalk issues a new key for an existing site only from its dashboard.\n" +
    `Fix:\n${steps.map((step, i) => `  ${i + 1}. ${step}`).join("\n")}`
  );
}
