/**
 * The products `get_api_key` accepts, and the numeric ids `notice_paid_till` speaks in.
 *
 * Only ids 1 (anti-spam) and 4 (security) are observed in CleanTalk's own plugins. The other
 * ids are an emulator ASSUMPTION so every product can be validated the same way; a client must
 * not depend on them.
 */
export const PRODUCT_NAMES = [
  "anti-spam",
  "anti-spam-hosting",
  "cure_malware",
  "database_api",
  "doboard",
  "security",
  "ssl_certificate",
  "uptime_monitoring",
] as const;

export type ProductName = (typeof PRODUCT_NAMES)[number];

/** Documented default when `product_name` is absent. */
export const DEFAULT_PRODUCT: ProductName = "anti-spam";

// CleanTalk's own plugins send `antispam`; the help page says `anti-spam`. Both must work.
const ALIASES: Readonly<Record<string, ProductName>> = { antispam: "anti-spam" };

const PRODUCT_IDS: Readonly<Record<ProductName, number>> = {
  "anti-spam": 1,
  "anti-spam-hosting": 2,
  ssl_certificate: 3,
  security: 4,
  uptime_monitoring: 5,
  cure_malware: 6,
  database_api: 7,
  doboard: 8,
};

/** Canonical product for a wire spelling, or undefined when the name is unknown. */
export function resolveProductName(raw: string): ProductName | undefined {
  const name = raw.trim().toLowerCase();
  const alias = ALIASES[name];
  if (alias !== undefined) return alias;
  return (PRODUCT_NAMES as readonly string[]).includes(name) ? (name as ProductName) : undefined;
}

export function productId(product: ProductName): number {
  return PRODUCT_IDS[product];
}

/** Product for a `product_id`, or undefined when the id is unknown. */
export function productForId(id: number): ProductName | undefined {
  return PRODUCT_NAMES.find((name) => PRODUCT_IDS[name] === id);
}
