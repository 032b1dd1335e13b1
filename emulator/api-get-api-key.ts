import type { z } from "zod";
import { siteLabel } from "./accounts";
import { API_ERRORS } from "./api-errors";
import { type ApiFields, isListField, listField, scalarField } from "./api-fields";
import { type ApiContext, type ApiOutcome, dataOutcome, errorOutcome } from "./api-outcome";
import type { accountExistsDataSchema, issuedKeyDataSchema, multiSiteDataSchema, sameKeyDataSchema, websiteEntrySchema } from "./api-responses";
import { keyPhase } from "./key-phase";
import { DEFAULT_PRODUCT, type ProductName, resolveProductName } from "./products";
import type { Account } from "./state-schema";
import { type NormalisedWebsite, normaliseWebsite } from "./website";

// Deliberately loose: CleanTalk validates addresses itself; the emulator only needs to reject
// values that are obviously not an email, so a client's own validation is what gets tested.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

interface SiteAnswer {
  readonly entry: z.infer<typeof websiteEntrySchema>;
  readonly issued: boolean;
}

/**
 * `get_api_key`: validates everything before touching state, so an invalid request (for
 * example one bad URL in an array) never issues a key.
 */
export function getApiKey(fields: ApiFields, ctx: ApiContext): ApiOutcome {
  const rawEmail = scalarField(fields, "email");
  const rawWebsites = listField(fields, "website");
  const logHost = rawWebsites[0] === undefined ? undefined : normaliseWebsite(rawWebsites[0])?.hostname;
  if (rawEmail === undefined) return errorOutcome(API_ERRORS.emailRequired, logHost);
  if (!EMAIL.test(rawEmail)) return errorOutcome(API_ERRORS.invalidEmail, logHost);
  if (rawWebsites.length === 0) return errorOutcome(API_ERRORS.websiteRequired);
  const rawProduct = scalarField(fields, "product_name");
  const product = rawProduct === undefined ? DEFAULT_PRODUCT : resolveProductName(rawProduct);
  if (product === undefined) return errorOutcome(API_ERRORS.unknownProduct, logHost);

  const websites: [string, NormalisedWebsite][] = [];
  for (const raw of rawWebsites) {
    const website = normaliseWebsite(raw);
    if (website === undefined) return errorOutcome(API_ERRORS.invalidWebsite, logHost);
    websites.push([raw, website]);
  }

  const email = rawEmail.toLowerCase();
  const accountExisted = ctx.store.findAccount(email) !== undefined;

  if (!isListField(fields, "website")) {
    const [, website] = websites[0] as [string, NormalisedWebsite];
    return singleSite(email, website, product, ctx);
  }

  const entries: Record<string, z.infer<typeof websiteEntrySchema>> = {};
  const issuedFor: string[] = [];
  let firstKey: string | undefined;
  for (const [index, [raw, website]] of websites.entries()) {
    const answer = answerForSite(email, website, product, ctx);
    entries[raw] = answer.entry;
    if (answer.issued) issuedFor.push(siteLabel({ siteUrl: website.siteUrl, product }));
    if (index === 0) firstKey = answer.entry.auth_key;
  }
  const account = ctx.store.findAccount(email);
  const anyKey = Object.values(entries).some((entry) => entry.auth_key !== undefined);
  const data: z.infer<typeof multiSiteDataSchema> = {
    ...(accountExisted ? { account_exists: 1 as const } : {}),
    ...(firstKey !== undefined ? { auth_key: firstKey } : {}),
    ...(anyKey && account !== undefined ? { user_token: account.userToken } : {}),
    websites: entries,
  };
  return dataOutcome(data, issuedFor, logHost);
}

function singleSite(email: string, website: NormalisedWebsite, product: ProductName, ctx: ApiContext): ApiOutcome {
  const site = ctx.store.findSite(email, website.siteUrl, product);
  const phase = keyPhase(site?.keyIssuedAt, ctx.now, ctx.windows);
  if (phase === "issue") {
    const issued = ctx.store.issueKey(email, website, product, ctx.now, "api");
    const account = ctx.store.findAccount(email) as Account;
    const data: z.infer<typeof issuedKeyDataSchema> = {
      auth_key: issued.authKey,
      password_hash: account.passwordHash,
      user_token: account.userToken,
      service_id: issued.serviceId,
    };
    return dataOutcome(data, [siteLabel(issued)], website.hostname);
  }
  if (phase === "same-key" && site !== undefined) {
    const account = ctx.store.findAccount(email) as Account;
    const data: z.infer<typeof sameKeyDataSchema> = { auth_key: site.authKey, user_token: account.userToken };
    return dataOutcome(data, [], website.hostname);
  }
  const data: z.infer<typeof accountExistsDataSchema> = { account_exists: 1 };
  return dataOutcome(data, [], website.hostname);
}

function answerForSite(email: string, website: NormalisedWebsite, product: ProductName, ctx: ApiContext): SiteAnswer {
  const site = ctx.store.findSite(email, website.siteUrl, product);
  const phase = keyPhase(site?.keyIssuedAt, ctx.now, ctx.windows);
  if (phase === "issue") {
    const issued = ctx.store.issueKey(email, website, product, ctx.now, "api");
    return { entry: { hostname: website.hostname, auth_key: issued.authKey }, issued: true };
  }
  if (phase === "same-key" && site !== undefined) {
    return { entry: { hostname: website.hostname, auth_key: site.authKey }, issued: false };
  }
  return { entry: { hostname: website.hostname }, issued: false };
}
