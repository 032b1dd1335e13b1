/** The product names CleanTalk's get_api_key documents. */
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

/** CleanTalk's own plugins send "antispam"; we accept it and store the documented spelling. */
const aliases: Readonly<Record<string, ProductName>> = { antispam: "anti-spam" };

export const DEFAULT_PRODUCT: ProductName = "anti-spam";

export function canonicalProduct(name: string): ProductName | undefined {
  const lower = name.trim().toLowerCase();
  if ((PRODUCT_NAMES as readonly string[]).includes(lower)) return lower as ProductName;
  return aliases[lower];
}

/** notice_paid_till's product_id: 1 anti-spam, 4 security (observed in CleanTalk's plugins). */
export function productId(product: ProductName): number | undefined {
  if (product === "anti-spam" || product === "anti-spam-hosting") return 1;
  if (product === "security") return 4;
  return undefined;
}
