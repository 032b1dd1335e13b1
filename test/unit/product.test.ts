import { canonicalProduct, DEFAULT_PRODUCT, PRODUCT_NAMES, productId } from "../../provider/domain/product";

describe("canonicalProduct", () => {
  it.each(PRODUCT_NAMES.map((name) => [name]))("accepts the documented name %s as is", (name) => {
    expect(canonicalProduct(name)).toBe(name);
  });

  it.each([
    ["antispam", "anti-spam"],
    ["AntiSpam", "anti-spam"],
    [" ANTI-SPAM ", "anti-spam"],
    ["Security", "security"],
  ])("maps %j to %s", (raw, expected) => {
    expect(canonicalProduct(raw)).toBe(expected);
  });

  it.each(["", "anti_spam", "antispam-hosting", "spam", "cure-malware", "uptime"])("refuses %j", (raw) => {
    expect(canonicalProduct(raw)).toBeUndefined();
  });

  it("lists the eight documented products and defaults to anti-spam", () => {
    expect(PRODUCT_NAMES).toHaveLength(8);
    expect(DEFAULT_PRODUCT).toBe("anti-spam");
  });
});

describe("productId", () => {
  it("gives notice_paid_till's observed ids and nothing for the others", () => {
    expect(productId("anti-spam")).toBe(1);
    expect(productId("anti-spam-hosting")).toBe(1);
    expect(productId("security")).toBe(4);
    expect(productId("doboard")).toBeUndefined();
  });
});
