import { z } from "zod";
import { parseDuration } from "./duration";
import { canonicalProduct } from "./product";
import { normaliseWebsite } from "./website";

// Limits are generous for real use and small enough that a mistaken paste (a
// whole file into `label`) is caught at preview rather than stored in state.
const MAX_EMAIL = 254; // RFC 5321 path limit
const MAX_LABEL = 256;
const MAX_TRIGGERS = 32;
const MAX_TRIGGER_KEY = 64;
const MAX_TRIGGER_VALUE = 512;
const MAX_WEBSITES = 100;

// ASCII only: CleanTalk's sign-up form and plugins reject internationalised
// addresses, so we refuse them here instead of at the API.
const emailPattern = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
// Observed in CleanTalk's client validation code: lowercase letters and digits, 3–30 characters.
const authKeyPattern = /^[a-z0-9]{3,30}$/;
const platformPattern = /^[A-Za-z0-9._-]{1,64}$/;
// Built from code points rather than a regex literal with control characters in it.
const hasControlCharacter = (text: string) => [...text].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || c.codePointAt(0) === 0x7f);

const email = z
  .string({ error: 'must be a string, e.g. "ops@example.com"' })
  .trim()
  .max(MAX_EMAIL, `is longer than ${MAX_EMAIL} characters`)
  .refine((v) => v !== "", "is empty; give the email of the CleanTalk account")
  .refine(
    (v) => v === "" || emailPattern.test(v),
    "is not a valid ASCII email address such as ops@example.com (internationalised addresses are not accepted by CleanTalk)",
  )
  .transform((v) => v.toLowerCase());

const websiteEntry = z.string({ error: 'must be a URL string, e.g. "https://example.com"' }).transform((raw, ctx) => {
  const result = normaliseWebsite(raw);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: result.reason });
    return z.NEVER;
  }
  return result.url;
});

const websites = z
  .union([websiteEntry.transform((url) => [url]), z.array(websiteEntry, { error: "must be a URL string or a list of URL strings" })], {
    error: 'must be a URL string or a list of URL strings, e.g. "https://example.com"',
  })
  .superRefine((list, ctx) => {
    if (list.length === 0) ctx.addIssue({ code: "custom", message: "is an empty list; give at least one site URL" });
    if (list.length > MAX_WEBSITES) ctx.addIssue({ code: "custom", message: `lists more than ${MAX_WEBSITES} sites; split them over several keys` });
    const seen = new Set<string>();
    for (const url of list) {
      // CleanTalk identifies a site by host and path: http:// and https:// are one site.
      const site = url.replace(/^https?:\/\//, "");
      if (seen.has(site))
        ctx.addIssue({ code: "custom", message: `lists ${site} twice (after normalisation; http and https count as one site); remove the duplicate` });
      seen.add(site);
    }
  });

const productName = z.string({ error: 'must be a string such as "anti-spam"' }).transform((raw, ctx) => {
  const product = canonicalProduct(raw);
  if (product === undefined) {
    ctx.addIssue({
      code: "custom",
      message: `"${raw.slice(0, 40)}" is not a CleanTalk product; use one of anti-spam, anti-spam-hosting, cure_malware, database_api, doboard, security, ssl_certificate, uptime_monitoring`,
    });
    return z.NEVER;
  }
  return product;
});

const duration = z.string({ error: 'must be a duration string such as "365d", "12h" or "90s"' }).transform((raw, ctx) => {
  const result = parseDuration(raw);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: result.reason });
    return z.NEVER;
  }
  return result.ms;
});

const label = z
  .string({ error: 'must be a string, e.g. "production contact forms"' })
  .max(MAX_LABEL, `is longer than ${MAX_LABEL} characters; keep labels short`)
  .refine((v) => !hasControlCharacter(v), "contains control characters (newlines, tabs); use plain text");

const rotationTriggers = z
  .record(
    z.string().max(MAX_TRIGGER_KEY, `has a key longer than ${MAX_TRIGGER_KEY} characters`),
    z
      .string({ error: 'values must be strings, e.g. { leak: "2026-11-22" }' })
      .max(MAX_TRIGGER_VALUE, `has a value longer than ${MAX_TRIGGER_VALUE} characters`),
    { error: 'must be a map of strings, e.g. { leak: "2026-11-22" }' },
  )
  .refine((m) => Object.keys(m).length <= MAX_TRIGGERS, `has more than ${MAX_TRIGGERS} entries`);

const platform = z
  .string({ error: 'must be a string such as "wordpress"' })
  .refine((v) => platformPattern.test(v), 'must be a short platform name such as "wordpress", "joomla3" or "php-uni"');

const authKey = z
  .string({ error: "must be a string: the Access key shown in the CleanTalk dashboard" })
  .trim()
  .refine((v) => authKeyPattern.test(v), "is not a CleanTalk Access key (3–30 lowercase letters and digits); copy it again from the dashboard");

/**
 * The user-facing inputs of CleantalkAccessKey, validated and normalised. Each
 * issue's path names the field, so `check` can report it to `pulumi preview`.
 */
export const keyInputsSchema = z
  .object({
    email,
    website: websites,
    productName: productName.optional(),
    platform: platform.optional(),
    maxAge: duration.optional(),
    renewBefore: duration.optional(),
    rotationTriggers: rotationTriggers.optional(),
    label: label.optional(),
    authKey: authKey.optional(),
  })
  .strict();

export type ParsedKeyInputs = z.infer<typeof keyInputsSchema>;

/** Names the user may set; everything else in the program's inputs is refused. */
export const USER_INPUT_NAMES = Object.keys(keyInputsSchema.shape) as readonly (keyof ParsedKeyInputs)[];
