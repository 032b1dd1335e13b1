import { hostnameOf, normaliseWebsite, siteOf } from "../../provider/domain/site";

function url(raw: string): string {
  const result = normaliseWebsite(raw);
  if (!result.ok) throw new Error(`expected ${raw} to be accepted: ${result.reason}`);
  return result.url;
}

function reason(raw: string): string {
  const result = normaliseWebsite(raw);
  if (result.ok) throw new Error(`expected ${raw} to be refused, got ${result.url}`);
  return result.reason;
}

describe("normaliseWebsite", () => {
  it.each([
    ["https://example.com", "https://example.com"],
    ["https://Example.COM/", "https://example.com"],
    ["http://example.com", "http://example.com"],
    ["HTTPS://example.com", "https://example.com"],
    ["example.com", "https://example.com"],
    ["www.example.com/blog/", "https://www.example.com/blog"],
    ["https://example.com/Blog//", "https://example.com/Blog"],
    ["example.com:8080", "https://example.com:8080"],
    ["example.com:8080/shop/", "https://example.com:8080/shop"],
    ["https://example.com:443", "https://example.com"],
    ["http://example.com:80/", "http://example.com"],
    ["http://example.com:8443", "http://example.com:8443"],
    ["localhost:3000", "https://localhost:3000"],
    ["http://localhost", "http://localhost"],
    ["  https://example.com  ", "https://example.com"],
    ["https://bücher.de", "https://xn--bcher-kva.de"],
    ["bücher.de/über", "https://xn--bcher-kva.de/%C3%BCber"],
    ["https://ПРИМЕР.рф", "https://xn--e1afmkfd.xn--p1ai"],
    ["127.0.0.1:8080", "https://127.0.0.1:8080"],
  ])("%j → %s", (raw, expected) => {
    expect(url(raw)).toBe(expected);
  });

  it("reports the host name separately (punycode for IDN)", () => {
    const result = normaliseWebsite("https://bücher.de/shop");
    expect(result).toEqual({ ok: true, url: "https://xn--bcher-kva.de/shop", hostname: "xn--bcher-kva.de" });
  });

  it.each([
    ["", "is empty"],
    ["   ", "is empty"],
    ["javascript:alert(1)", 'scheme "javascript:" is not allowed'],
    ["file:///etc/passwd", 'scheme "file:" is not allowed'],
    ["ftp://example.com", 'scheme "ftp:" is not allowed'],
    ["mailto:ops@example.com", 'scheme "mailto:" is not allowed'],
    ["data:text/html,hi", 'scheme "data:" is not allowed'],
    ["https://user:secret@example.com", "must not contain a user name or password"],
    ["https://user@example.com", "must not contain a user name or password"],
    ["https://example.com/?utm=1", "must not contain a query string or fragment"],
    ["https://example.com/#top", "must not contain a query string or fragment"],
    ["https://exa mple.com", "contains spaces"],
    ["https://example.com/<script>", "contains spaces or characters not allowed"],
    ["https://", "is not a valid URL"],
    ["http://[::1", "is not a valid URL"],
    ["https://intranet", "has no valid host name"],
    ["https://.com", "has no valid host name"],
    ["https://a..com", "has no valid host name"],
  ])("refuses %j (%s)", (raw, expected) => {
    expect(reason(raw)).toContain(expected);
  });

  it("accepts a URL of 2048 characters and refuses a longer one", () => {
    const prefix = "https://example.com/";
    expect(url(prefix + "a".repeat(2048 - prefix.length))).toHaveLength(2048);
    expect(reason(prefix + "a".repeat(2049 - prefix.length))).toContain("longer than 2048 characters");
  });

  it("never echoes credentials in its reason", () => {
    expect(reason("https://admin:hunter22@example.com")).not.toContain("hunter22");
  });

  it("clips a long unparseable value in its reason", () => {
    const message = reason(`https://${"x".repeat(300)}`);
    expect(message.length).toBeLessThan(200);
  });
});

describe("hostnameOf", () => {
  it("is the URL's host name, without port or path", () => {
    expect(hostnameOf("https://example.com")).toBe("example.com");
    expect(hostnameOf("https://shop.example.com:8443/blog")).toBe("shop.example.com");
    expect(hostnameOf(url("bücher.de"))).toBe("xn--bcher-kva.de");
  });
});

describe("siteOf", () => {
  it("is host and path without the scheme, so http:// and https:// name one site", () => {
    expect(siteOf("https://example.com")).toBe("example.com");
    expect(siteOf("http://example.com")).toBe("example.com");
    expect(siteOf("https://example.com:8080/shop")).toBe("example.com:8080/shop");
  });
});
