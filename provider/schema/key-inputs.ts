import { z } from "zod";
import { AUTH_KEY_PATTERN } from "../domain/auth-key";
import { parseDuration } from "../domain/duration";
import { canonicalProduct, PRODUCT_NAMES } from "../domain/product";
import { normaliseWebsite, siteOf } from "../domain/site";

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
      const site = siteOf(url);
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
      message: `"${raw.slice(0, 40)}" is not a CleanTalk product; use one of ${PRODUCT_NAMES.join(", ")}`,
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

/**
 * A key that never becomes due by age: `maxAge: "never"` (null). Rotation then only follows triggers, supplied keys and refresh.
 * One string schema rather than a union of "never" and a duration: a union's issue would name
 * the "never" branch ("expected never") instead of what is wrong with the duration.
 */
const maxAge = z.string({ error: 'must be a duration string such as "365d", or "never" to turn age rotation off' }).transform((raw, ctx) => {
  if (raw === "never") return null;
  const result = parseDuration(raw);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: `${result.reason} (or "never" to turn age rotation off)` });
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

const oneAuthKey = z
  .string({ error: "must be a string: the Access key shown in the CleanTalk dashboard" })
  .trim()
  .refine((v) => AUTH_KEY_PATTERN.test(v), "is not a CleanTalk Access key (3–30 lowercase letters and digits); copy it again from the dashboard");

/**
 * One key for every site, or a key per site URL (a multi-site account where
 * the dashboard shows each site its own key). URLs are normalised like
 * `website`, so the map's keys match the site list.
 */
const authKey = z.union(
  [
    oneAuthKey,
    z
      .record(z.string(), oneAuthKey)
      .transform((byUrl, ctx) => {
        const normalised: Record<string, string> = {};
        for (const [raw, key] of Object.entries(byUrl)) {
          const site = normaliseWebsite(raw);
          if (!site.ok) {
            ctx.addIssue({ code: "custom", message: `has a site URL that ${site.reason}`, path: [raw] });
            continue;
          }
          normalised[site.url] = key;
        }
        return normalised;
      })
      .refine((byUrl) => Object.keys(byUrl).length > 0, "is an empty map; give a key per site URL, or one key as a string"),
  ],
  { error: "must be the Access key as a string, or a map from site URL to its Access key" },
);

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
    maxAge: maxAge.optional(),
    renewBefore: duration.optional(),
    rotationTriggers: rotationTriggers.optional(),
    label: label.optional(),
    authKey: authKey.optional(),
  })
  .strict();

export type ProgramInputs = z.infer<typeof keyInputsSchema>;

/** Names the user may set; everything else in the program's inputs is refused. */
export const USER_INPUT_NAMES = Object.keys(keyInputsSchema.shape) as readonly (keyof ProgramInputs)[];
