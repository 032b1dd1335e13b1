import { type RunningEmulator, startEmulator } from "../../emulator";
import { createDynamicProvider, type DynamicProvider, keyPlanCodec, ProviderRuntime, UNKNOWN_VALUE } from "../../provider";
import { apiRequests } from "../support/provider-emulator";
import { fakeKey } from "../support/provider-fixtures";

/**
 * Bad resource inputs through the runtime `check` — the path `pulumi preview`
 * takes. Every case must be refused with a failure on the right property, a
 * reason that says how to fix it, no echo of a supplied key, and without a
 * single request to CleanTalk.
 */
const valid = { email: "ops@example.com", website: "https://example.com" };

interface BadCase {
  readonly name: string;
  readonly news: Record<string, unknown>;
  readonly property: string;
  readonly reason: string;
}

const without = (key: keyof typeof valid): Record<string, unknown> => {
  const { [key]: _dropped, ...rest } = valid;
  return rest;
};
const triggers = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "x"]));
const sites = (n: number) => Array.from({ length: n }, (_, i) => `https://s${i}.example.com`);

const cases: BadCase[] = [
  // wrong types
  { name: "email as a number", news: { ...valid, email: 42 }, property: "email", reason: "must be a string" },
  { name: "email as a list", news: { ...valid, email: ["ops@example.com"] }, property: "email", reason: "must be a string" },
  { name: "website as a number", news: { ...valid, website: 443 }, property: "website", reason: "must be a URL string or a list of URL strings" },
  { name: "website as an object", news: { ...valid, website: { url: "https://example.com" } }, property: "website", reason: "must be a URL string or a list" },
  { name: "website as null", news: { ...valid, website: null }, property: "website", reason: "must be a URL string or a list" },
  { name: "website list with a number", news: { ...valid, website: [42] }, property: "website", reason: "must be a URL string or a list" },
  { name: "productName as a number", news: { ...valid, productName: 1 }, property: "productName", reason: 'must be a string such as "anti-spam"' },
  { name: "maxAge as a number", news: { ...valid, maxAge: 365 }, property: "maxAge", reason: 'must be a duration string such as "365d"' },
  { name: "label as a number", news: { ...valid, label: 7 }, property: "label", reason: "must be a string, e.g." },
  { name: "platform as a boolean", news: { ...valid, platform: true }, property: "platform", reason: 'must be a string such as "wordpress"' },
  // missing
  { name: "missing email", news: without("email"), property: "email", reason: "is required; set the email of the CleanTalk account" },
  { name: "missing website", news: without("website"), property: "website", reason: "is required; set the site URL" },
  // emails
  { name: "empty email", news: { ...valid, email: "  " }, property: "email", reason: "is empty; give the email" },
  {
    name: "email without @",
    news: { ...valid, email: "ops.example.com" },
    property: "email",
    reason: "not a valid ASCII email address such as ops@example.com",
  },
  { name: "email without a domain dot", news: { ...valid, email: "ops@localhost" }, property: "email", reason: "not a valid ASCII email address" },
  { name: "email with two @", news: { ...valid, email: "ops@@example.com" }, property: "email", reason: "not a valid ASCII email address" },
  { name: "email with a space", news: { ...valid, email: "o ps@example.com" }, property: "email", reason: "not a valid ASCII email address" },
  {
    name: "internationalised email (local part)",
    news: { ...valid, email: "пользователь@example.com" },
    property: "email",
    reason: "internationalised addresses are not accepted",
  },
  {
    name: "internationalised email (domain)",
    news: { ...valid, email: "ops@bücher.de" },
    property: "email",
    reason: "internationalised addresses are not accepted",
  },
  { name: "email of 300 characters", news: { ...valid, email: `${"a".repeat(288)}@example.com` }, property: "email", reason: "longer than 254 characters" },
  // URLs
  { name: "empty website", news: { ...valid, website: "" }, property: "website", reason: "is empty; give the site URL" },
  { name: "website with spaces", news: { ...valid, website: "my web site" }, property: "website", reason: "contains spaces" },
  { name: "website that is only a scheme", news: { ...valid, website: "https://" }, property: "website", reason: "is not a valid URL" },
  {
    name: "javascript: URL",
    news: { ...valid, website: "javascript:alert(1)" },
    property: "website",
    reason: 'scheme "javascript:" is not allowed; a CleanTalk site is an http:// or https:// URL',
  },
  { name: "file: URL", news: { ...valid, website: "file:///etc/passwd" }, property: "website", reason: 'scheme "file:" is not allowed' },
  { name: "ftp: URL", news: { ...valid, website: "ftp://example.com" }, property: "website", reason: 'scheme "ftp:" is not allowed' },
  {
    name: "URL with credentials",
    news: { ...valid, website: "https://admin:hunter22@example.com" },
    property: "website",
    reason: "remove the credentials from the URL",
  },
  {
    name: "URL with a user name",
    news: { ...valid, website: "https://admin@example.com" },
    property: "website",
    reason: "must not contain a user name or password",
  },
  { name: "URL with a query", news: { ...valid, website: "https://example.com/?utm_source=x" }, property: "website", reason: "give the site's base URL" },
  {
    name: "URL with a fragment",
    news: { ...valid, website: "https://example.com/#contact" },
    property: "website",
    reason: "must not contain a query string or fragment",
  },
  { name: "URL without a domain", news: { ...valid, website: "https://intranet" }, property: "website", reason: "has no valid host name; give a full domain" },
  { name: "URL with an empty host label", news: { ...valid, website: "https://.example.com" }, property: "website", reason: "has no valid host name" },
  {
    name: "URL longer than 2048",
    news: { ...valid, website: `https://example.com/${"p".repeat(2100)}` },
    property: "website",
    reason: "longer than 2048 characters",
  },
  // website lists
  { name: "empty website list", news: { ...valid, website: [] }, property: "website", reason: "is an empty list; give at least one site URL" },
  {
    name: "duplicate websites",
    news: { ...valid, website: ["https://a.example.com", "https://a.example.com"] },
    property: "website",
    reason: "remove the duplicate",
  },
  {
    name: "http and https of one site",
    news: { ...valid, website: ["http://a.example.com", "https://a.example.com"] },
    property: "website",
    reason: "http and https count as one site",
  },
  {
    name: "duplicates after normalisation",
    news: { ...valid, website: ["https://A.Example.com/", "a.example.com"] },
    property: "website",
    reason: "lists a.example.com twice",
  },
  {
    name: "a bad URL inside a list",
    news: { ...valid, website: ["https://ok.example.com", "ftp://x.example.com"] },
    property: "website.1",
    reason: 'scheme "ftp:" is not allowed',
  },
  { name: "more than 100 sites", news: { ...valid, website: sites(101) }, property: "website", reason: "split them over several keys" },
  // products
  {
    name: "unknown product",
    news: { ...valid, productName: "spam-filter" },
    property: "productName",
    reason: "is not a CleanTalk product; use one of anti-spam",
  },
  { name: "empty product", news: { ...valid, productName: "" }, property: "productName", reason: "is not a CleanTalk product" },
  {
    name: "product with underscore instead of hyphen",
    news: { ...valid, productName: "anti_spam" },
    property: "productName",
    reason: "use one of anti-spam, anti-spam-hosting",
  },
  // durations
  { name: "zero maxAge", news: { ...valid, maxAge: "0d" }, property: "maxAge", reason: "must be longer than zero" },
  { name: "negative maxAge", news: { ...valid, maxAge: "-30d" }, property: "maxAge", reason: "is not a duration; write a number and a unit" },
  { name: "unparseable maxAge", news: { ...valid, maxAge: "one year" }, property: "maxAge", reason: 'such as "365d", "12h", "90s" or "1d12h"' },
  { name: "maxAge in years", news: { ...valid, maxAge: "1y" }, property: "maxAge", reason: "is not a duration" },
  { name: "fractional maxAge", news: { ...valid, maxAge: "1.5d" }, property: "maxAge", reason: "is not a duration" },
  { name: "huge maxAge", news: { ...valid, maxAge: "999999d" }, property: "maxAge", reason: "longer than 10 years" },
  {
    name: "renewBefore equal to maxAge",
    news: { ...valid, maxAge: "30d", renewBefore: "30d" },
    property: "renewBefore",
    reason: "must be shorter than maxAge (30d)",
  },
  {
    name: "renewBefore longer than the default maxAge",
    news: { ...valid, renewBefore: "400d" },
    property: "renewBefore",
    reason: "(400d) must be shorter than maxAge (365d by default)",
  },
  { name: "unparseable renewBefore", news: { ...valid, renewBefore: "a month" }, property: "renewBefore", reason: "is not a duration" },
  // labels
  {
    name: "label of 10k characters",
    news: { ...valid, label: "x".repeat(10_000) },
    property: "label",
    reason: "longer than 256 characters; keep labels short",
  },
  { name: "label with a newline", news: { ...valid, label: "line one\nline two" }, property: "label", reason: "contains control characters" },
  { name: "label with a NUL", news: { ...valid, label: "a\u0000b" }, property: "label", reason: "use plain text" },
  // unexpected fields
  {
    name: "an unknown field",
    news: { ...valid, apiUrl: "http://127.0.0.1:1" },
    property: "apiUrl",
    reason: "is not an input of CleantalkAccessKey; remove it",
  },
  { name: "the wire name auth_key", news: { ...valid, auth_key: "abc123def" }, property: "auth_key", reason: "is not an input of CleantalkAccessKey" },
  { name: "an output passed as input", news: { ...valid, fingerprint: "ctk_0000000000" }, property: "fingerprint", reason: "inputs are email, website" },
  // authKey
  {
    name: "authKey in uppercase",
    news: { ...valid, authKey: fakeKey("upper").toUpperCase() },
    property: "authKey",
    reason: "3–30 lowercase letters and digits",
  },
  { name: "authKey too short", news: { ...valid, authKey: "ab" }, property: "authKey", reason: "is not a CleanTalk Access key" },
  { name: "authKey too long", news: { ...valid, authKey: fakeKey("long", 31) }, property: "authKey", reason: "copy it again from the dashboard" },
  { name: "authKey with symbols", news: { ...valid, authKey: `${fakeKey("sym", 8)}-!#` }, property: "authKey", reason: "is not a CleanTalk Access key" },
  {
    name: "authKey with an inner space",
    news: { ...valid, authKey: `${fakeKey("sp", 6)} ${fakeKey("sp2", 6)}` },
    property: "authKey",
    reason: "is not a CleanTalk Access key",
  },
  {
    name: "authKey as a number",
    news: { ...valid, authKey: 123456789 },
    property: "authKey",
    reason: "must be the Access key as a string, or a map from site URL to its Access key",
  },
  // rotationTriggers
  {
    name: "numeric trigger value",
    news: { ...valid, rotationTriggers: { leak: 20251122 } },
    property: "rotationTriggers.leak",
    reason: "values must be strings",
  },
  {
    name: "boolean trigger value",
    news: { ...valid, rotationTriggers: { compromised: true } },
    property: "rotationTriggers.compromised",
    reason: 'values must be strings, e.g. { leak: "2026-11-22" }',
  },
  {
    name: "nested trigger value",
    news: { ...valid, rotationTriggers: { leak: { when: "now" } } },
    property: "rotationTriggers.leak",
    reason: "values must be strings",
  },
  { name: "triggers as a string", news: { ...valid, rotationTriggers: "rotate-now" }, property: "rotationTriggers", reason: "must be a map of strings" },
  { name: "triggers as a list", news: { ...valid, rotationTriggers: ["a"] }, property: "rotationTriggers", reason: "must be a map of strings" },
  { name: "too many triggers", news: { ...valid, rotationTriggers: triggers(33) }, property: "rotationTriggers", reason: "has more than 32 entries" },
  {
    name: "trigger value too long",
    news: { ...valid, rotationTriggers: { note: "n".repeat(513) } },
    property: "rotationTriggers.note",
    reason: "value longer than 512 characters",
  },
  {
    name: "trigger key too long",
    news: { ...valid, rotationTriggers: { ["k".repeat(65)]: "x" } },
    property: `rotationTriggers.${"k".repeat(65)}`,
    reason: "has a key longer than 64 characters",
  },
  // platform
  {
    name: "platform with spaces",
    news: { ...valid, platform: "word press" },
    property: "platform",
    reason: 'must be a short platform name such as "wordpress"',
  },
  // maxAge "never"
  { name: "maxAge never in capitals", news: { ...valid, maxAge: "NEVER" }, property: "maxAge", reason: 'or "never" to turn age rotation off' },
  {
    name: "renewBefore with maxAge never",
    news: { ...valid, maxAge: "never", renewBefore: "30d" },
    property: "renewBefore",
    reason: 'has no effect with maxAge "never" (the key never becomes due); remove it',
  },
  // authKey as a map from site URL to key
  {
    name: "authKey map naming a site not in website",
    news: { ...valid, authKey: { "https://other.example.com": fakeKey("map-other") } },
    property: "authKey.https://other.example.com",
    reason: "names a site that is not in website (https://example.com); use the site's URL as written there",
  },
  {
    name: "authKey map with a bad key",
    news: { ...valid, authKey: { "https://example.com": fakeKey("map-upper").toUpperCase() } },
    property: "authKey.https://example.com",
    reason: "is not a CleanTalk Access key (3–30 lowercase letters and digits)",
  },
  { name: "authKey as an empty map", news: { ...valid, authKey: {} }, property: "authKey", reason: "is an empty map; give a key per site URL" },
  {
    name: "authKey map with a bad site URL",
    news: { ...valid, authKey: { "ftp://example.com": fakeKey("map-ftp") } },
    property: "authKey.ftp://example.com",
    reason: 'has a site URL that scheme "ftp:" is not allowed',
  },
  { name: "authKey as a list", news: { ...valid, authKey: [fakeKey("list")] }, property: "authKey", reason: "or a map from site URL to its Access key" },
];

function suppliedKeys(news: Record<string, unknown>): string[] {
  const value = news.authKey;
  const keys = typeof value === "string" ? [value] : Array.isArray(value) ? value : typeof value === "object" && value !== null ? Object.values(value) : [];
  return keys.filter((key): key is string => typeof key === "string" && key.length >= 3).flatMap((key) => [key, key.trim(), key.toLowerCase()]);
}

describe("bad inputs are refused by check (the preview path), before any API call", () => {
  let emulator: RunningEmulator;
  let provider: DynamicProvider;

  beforeAll(async () => {
    emulator = await startEmulator();
    // Its own runtime, with no environment: the process's CLEANTALK_* variables cannot leak in.
    provider = createDynamicProvider(new ProviderRuntime({ env: {}, warn: () => {} }));
    await provider.configure({ config: { get: (key: string) => (key === "cleantalk:apiUrl" ? emulator.url : undefined) } });
  });
  afterAll(() => emulator.stop());

  it("has a table of at least 45 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, { news, property, reason }) => {
    const result = await provider.check({}, { ...news, __provider: "serialised" });
    expect(result.failures.length).toBeGreaterThan(0);
    const match = result.failures.find((failure) => failure.property === property);
    if (match === undefined) throw new Error(`no failure on ${property}; got ${JSON.stringify(result.failures).slice(0, 500)}`);
    expect(match.reason).toContain(reason);
    for (const failure of result.failures) {
      // Preview failures carry their code like every other error.
      expect(failure.reason.startsWith("INVALID_INPUT: ")).toBe(true);
      expect(failure.reason.length).toBeLessThan(400);
      for (const key of suppliedKeys(news)) expect(failure.reason).not.toContain(key);
    }
  });

  it("reports every bad field at once", async () => {
    const result = await provider.check({}, { email: 1, website: "ftp://x.example.com", maxAge: "soon", extra: true });
    expect(result.failures.map((f) => f.property).sort()).toEqual(["email", "extra", "maxAge", "website"]);
  });

  it("new rotationTriggers with the supplied authKey unchanged are refused at preview as KEY_NOT_ROTATED, naming the dashboard, never the key", async () => {
    const key = fakeKey("triggers-in-use");
    const first = await provider.check({}, { ...valid, authKey: key, rotationTriggers: { leak: "none" }, __provider: "serialised" });
    expect(first.failures).toEqual([]);
    const result = await provider.check(first.inputs, { ...valid, authKey: key, rotationTriggers: { leak: "2026-11-22" }, __provider: "serialised" });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]?.property).toBe("authKey");
    const reason = result.failures[0]?.reason ?? "";
    expect(reason.startsWith("KEY_NOT_ROTATED: rotationTriggers changed, which demands a new key, but authKey is still the key in use.")).toBe(true);
    expect(reason).toContain('"Generate key"');
    expect(reason).toContain("pulumi config set --secret");
    expect(reason).not.toContain(key);
    // The same map of per-site keys counts as the same key.
    const map = { "https://example.com": key };
    const mapped = await provider.check({ ...first.inputs, authKey: map }, { ...valid, authKey: map, rotationTriggers: { leak: "now" } });
    expect(mapped.failures.map((f) => f.reason.slice(0, 16))).toEqual(["KEY_NOT_ROTATED:"]);
    // Not refused: a new key with the new triggers, the same triggers, or triggers without a supplied key.
    for (const news of [
      { ...valid, authKey: fakeKey("triggers-new"), rotationTriggers: { leak: "2026-11-22" } },
      { ...valid, authKey: key, rotationTriggers: { leak: "none" } },
      { ...valid, rotationTriggers: { leak: "2026-11-22" } },
    ]) {
      expect((await provider.check(first.inputs, news)).failures).toEqual([]);
    }
  });

  describe("refused provider settings are check failures naming their source", () => {
    it.each<[string, NodeJS.ProcessEnv, Record<string, string>, string, string]>([
      ["maxAttempts from the environment", { CLEANTALK_MAX_ATTEMPTS: "abc" }, {}, "CLEANTALK_MAX_ATTEMPTS", "export CLEANTALK_MAX_ATTEMPTS=5"],
      ["maxAttempts from config", {}, { "cleantalk:maxAttempts": "0" }, "cleantalk:maxAttempts", "pulumi config set cleantalk:maxAttempts 5"],
      ["requestTimeout from the environment", { CLEANTALK_REQUEST_TIMEOUT: "fast" }, {}, "CLEANTALK_REQUEST_TIMEOUT", "export CLEANTALK_REQUEST_TIMEOUT=30s"],
      ["requestTimeout below a second from config", {}, { "cleantalk:requestTimeout": "500ms" }, "cleantalk:requestTimeout", "is not a duration"],
      ["requestTimeout of zero from config", {}, { "cleantalk:requestTimeout": "0s" }, "cleantalk:requestTimeout", "must be at least 1s"],
      [
        "apiUrl over plain http off loopback",
        {},
        { "cleantalk:apiUrl": "http://api.example.com" },
        "cleantalk:apiUrl",
        "INSECURE_ENDPOINT: cleantalk:apiUrl http://api.example.com is refused",
      ],
      [
        "apiUrl from the environment",
        { CLEANTALK_API_URL: "http://api.example.com" },
        {},
        "CLEANTALK_API_URL",
        "CLEANTALK_API_URL http://api.example.com is refused",
      ],
    ])("%s", async (_name, env, config, source, reason) => {
      const runtime = new ProviderRuntime({ env, warn: () => {} });
      const configured = createDynamicProvider(runtime);
      // configure never throws: the host would keep a provider whose configure failed.
      await expect(configured.configure({ config: { get: (key: string) => config[key] } })).resolves.toBeUndefined();
      const result = await configured.check({}, { ...valid, __provider: "serialised" });
      // A setting is no input of the resource: the failure names it in its reason, with no property
      // (the engine would print "property <name> value {<nil>}" otherwise).
      const failure = result.failures.find((f) => f.property === "" && f.reason.includes(source));
      if (failure === undefined) throw new Error(`no failure naming ${source}; got ${JSON.stringify(result.failures)}`);
      expect(failure.reason).toContain(reason);
      expect(failure.reason).toMatch(/^(INVALID_INPUT|INSECURE_ENDPOINT): /);
      // Steps that would call CleanTalk throw the same refusal.
      const error = await configured
        .create(keyPlanCodec.encode(keyPlanCodec.decode({ email: valid.email, website: [valid.website] })))
        .catch((e: unknown) => e);
      expect((error as { code?: unknown }).code).toBe(failure.reason.split(":")[0]);
    });
  });

  describe("valid edge cases are accepted and normalised", () => {
    it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
      ["a product in capitals", { ...valid, productName: "Security" }, { productName: "security" }],
      ["a bare host", { ...valid, website: "example.com" }, { website: ["https://example.com"] }],
      ["a bare host with a port and path", { ...valid, website: "example.com:8080/shop/" }, { website: ["https://example.com:8080/shop"] }],
      ["an IDN host, normalised to punycode", { ...valid, website: "https://bücher.example/" }, { website: ["https://xn--bcher-kva.example"] }],
      ["a list of sites", { ...valid, website: ["https://a.example.com", "b.example.com/"] }, { website: ["https://a.example.com", "https://b.example.com"] }],
      ["an email with capitals and spaces", { ...valid, email: "  Ops@Example.COM " }, { email: "ops@example.com" }],
      ["a compound duration", { ...valid, maxAge: "1w2d", renewBefore: "1d12h" }, { maxAge: "9d", renewBefore: "36h" }],
      ["a valid authKey with padding", { ...valid, authKey: ` ${fakeKey("pad")} ` }, { authKey: fakeKey("pad") }],
      ["32 string triggers", { ...valid, rotationTriggers: triggers(32) }, { rotationTriggers: triggers(32) }],
      ["a 256-character label", { ...valid, label: "l".repeat(256) }, { label: "l".repeat(256) }],
      [
        "unknown values during preview",
        { email: UNKNOWN_VALUE, website: UNKNOWN_VALUE, authKey: UNKNOWN_VALUE },
        { email: UNKNOWN_VALUE, authKey: UNKNOWN_VALUE },
      ],
    ])("%s", async (_name, news, expected) => {
      const result = await provider.check({}, { ...news, __provider: "serialised" });
      expect(result.failures).toEqual([]);
      expect(result.inputs).toMatchObject(expected);
      expect(result.inputs).not.toHaveProperty("__provider");
    });
  });

  it("the antispam alias is the default product: left out of the inputs, read back as anti-spam", async () => {
    const result = await provider.check({}, { ...valid, productName: "antispam", __provider: "serialised" });
    expect(result.failures).toEqual([]);
    expect(result.inputs).not.toHaveProperty("productName");
    expect(keyPlanCodec.parse(result.inputs).productName).toBe("anti-spam");
  });

  it('maxAge "never" is stored as "never" and read back as no age limit', async () => {
    const result = await provider.check({}, { ...valid, maxAge: "never", __provider: "serialised" });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ maxAge: "never" });
    expect(result.inputs).not.toHaveProperty("renewBefore");
    expect(keyPlanCodec.parse(result.inputs)).toMatchObject({ maxAgeMs: null, renewBeforeMs: 0 });
  });

  it("an authKey map is normalised like website and kept as a map", async () => {
    const a = fakeKey("map-a");
    const b = fakeKey("map-b");
    const result = await provider.check(
      {},
      { ...valid, website: ["https://A.example.com/", "b.example.com"], authKey: { "a.example.com": ` ${a} `, "https://B.example.com": b } },
    );
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({
      website: ["https://a.example.com", "https://b.example.com"],
      authKey: { "https://a.example.com": a, "https://b.example.com": b },
    });
  });

  it("made no request to the API for any of the above", () => {
    expect(apiRequests(emulator)).toBe(0);
    expect(emulator.counters().totalKeysIssued).toBe(0);
  });
});
