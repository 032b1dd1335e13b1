import type { z } from "zod";
import { API_ERRORS } from "./api-errors";
import { type ApiFields, scalarField } from "./api-fields";
import { type ApiContext, type ApiOutcome, dataOutcome, errorOutcome } from "./api-outcome";
import type { noticeInvalidDataSchema, noticeValidDataSchema } from "./api-responses";
import { isKeyExpired } from "./key-phase";
import { DEFAULT_PRODUCT, type ProductName, productForId, productId } from "./products";
import { normaliseWebsite } from "./website";

// Fields CleanTalk's plugins read but the emulator has no model for; constant zeros keep the
// answer shaped like the real one.
const QUIET_FIELDS = {
  show_notice: 0,
  trial: 0,
  show_review: 0,
  ip_license: 0,
  moderate_ip: 0,
  spam_count: 0,
  auto_update_app: 0,
} as const;

/**
 * `notice_paid_till`: a key is valid when it is the CURRENT key of a site whose hostname is
 * the hostname of `path_to_cms`, of the requested product, and not past its lifetime.
 * Anything else answers `valid: 0` rather than an error, as the plugins observe.
 */
export function noticePaidTill(fields: ApiFields, ctx: ApiContext): ApiOutcome {
  const authKey = scalarField(fields, "auth_key");
  const pathToCms = scalarField(fields, "path_to_cms");
  const target = pathToCms === undefined ? undefined : normaliseWebsite(pathToCms);
  const logHost = target?.hostname;
  if (authKey === undefined) return errorOutcome(API_ERRORS.authKeyRequired, logHost);
  if (pathToCms === undefined) return errorOutcome(API_ERRORS.pathToCmsRequired);

  let requested: ProductName | undefined;
  const rawProductId = scalarField(fields, "product_id");
  if (rawProductId !== undefined) {
    requested = /^\d+$/.test(rawProductId) ? productForId(Number(rawProductId)) : undefined;
    if (requested === undefined) return errorOutcome(API_ERRORS.unknownProductId, logHost);
  }

  const site = ctx.store.siteForKey(authKey);
  const matches = site !== undefined && target !== undefined && site.hostname === target.hostname && (requested === undefined || requested === site.product);
  if (!matches) return dataOutcome(invalid(requested ?? DEFAULT_PRODUCT, false), [], logHost);
  if (isKeyExpired(site.keyIssuedAt, ctx.now, ctx.windows.keyLifetimeMs)) {
    return dataOutcome(invalid(site.product, true), [], logHost);
  }
  const account = ctx.store.findAccount(site.email);
  const valid: z.infer<typeof noticeValidDataSchema> = {
    valid: 1,
    moderate: 1,
    product_id: productId(site.product),
    service_id: site.serviceId,
    user_token: account?.userToken ?? "",
    renew: 0,
    ...QUIET_FIELDS,
  };
  return dataOutcome(valid, [], logHost);
}

/** `renew: 1` marks a key that exists but outlived its lifetime, so a client can tell why. */
function invalid(product: ProductName, expired: boolean): z.infer<typeof noticeInvalidDataSchema> {
  return { valid: 0, moderate: 0, product_id: productId(product), renew: expired ? 1 : 0, ...QUIET_FIELDS };
}
