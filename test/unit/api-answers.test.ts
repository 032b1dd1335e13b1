import { envelopeData, errorBodySchema, getApiKeyAnswerSchema, INVALID_KEY_ERROR_NO, noticePaidTillAnswerSchema } from "../../provider/schema/api-answers";
import { fakeKey, fakeToken } from "../support/provider-fixtures";

const key = fakeKey("answer");
const key2 = fakeKey("answer-2");
const token = fakeToken("answer");

function parse(data: unknown) {
  return getApiKeyAnswerSchema.safeParse(data);
}

describe("get_api_key answer schema", () => {
  it("phase 1: issued", () => {
    const result = parse({ auth_key: key, password_hash: "a1b2$c.d/e", user_token: token, service_id: 123456 });
    expect(result.success && result.data).toEqual({ phase: "issued", auth_key: key, password_hash: "a1b2$c.d/e", user_token: token, service_id: 123456 });
  });

  it("phase 1 accepts service_id as a PHP-style numeric string", () => {
    const result = parse({ auth_key: key, password_hash: "h", user_token: token, service_id: "123456" });
    expect(result.success && result.data.phase === "issued" && result.data.service_id).toBe(123456);
  });

  it("phase 2: existing, with or without user_token", () => {
    expect(parse({ auth_key: key, user_token: token }).data).toEqual({ phase: "existing", auth_key: key, user_token: token });
    expect(parse({ auth_key: key }).data).toEqual({ phase: "existing", auth_key: key });
  });

  it('phase 3: account_exists as 1 or "1"', () => {
    expect(parse({ account_exists: 1 }).data).toEqual({ phase: "account-exists", account_exists: 1 });
    expect(parse({ account_exists: "1" }).data).toEqual({ phase: "account-exists", account_exists: 1 });
  });

  it("multi-site: the documented array answer, including a site without a key", () => {
    const data = {
      account_exists: 1,
      auth_key: key,
      user_token: token,
      websites: { "https://a.example.com": { hostname: "a.example.com", auth_key: key }, "https://b.example.com": { hostname: "b.example.com" } },
    };
    expect(parse(data).data).toEqual({ phase: "multi-site", ...data });
  });

  it("multi-site: a brand-new account has no account_exists", () => {
    const result = parse({ auth_key: key, websites: { "https://a.example.com": { hostname: "a.example.com", auth_key: key2 } } });
    expect(result.success).toBe(true);
  });

  it.each([
    ["empty object", {}],
    ["null", null],
    ["an array", [key]],
    ["a string", key],
    ["auth_key as number", { auth_key: 123 }],
    ["auth_key uppercase", { auth_key: key.toUpperCase() }],
    ["auth_key too short", { auth_key: "ab" }],
    ["auth_key too long", { auth_key: "a".repeat(31) }],
    ["auth_key with symbols", { auth_key: `${key}!` }],
    ["user_token with symbols", { auth_key: key, user_token: "to-ken" }],
    ["issued without user_token", { auth_key: key, password_hash: "h", service_id: 1 }],
    ["issued with negative service_id", { auth_key: key, password_hash: "h", user_token: token, service_id: -5 }],
    ["issued with fractional service_id", { auth_key: key, password_hash: "h", user_token: token, service_id: 1.5 }],
    ["issued with password_hash containing spaces", { auth_key: key, password_hash: "a b", user_token: token, service_id: 1 }],
    ["account_exists 0", { account_exists: 0 }],
    ["account_exists true", { account_exists: true }],
    ["multi-site websites not a map", { websites: [] }],
    ["multi-site entry without hostname", { websites: { "https://a.example.com": { auth_key: key } } }],
    ["multi-site entry with bad key", { websites: { "https://a.example.com": { hostname: "a.example.com", auth_key: "BAD KEY" } } }],
  ])("refuses %s", (_name, data) => {
    expect(parse(data).success).toBe(false);
  });

  it("names the failing field in its issues", () => {
    const result = parse({ auth_key: key, password_hash: "h", user_token: token, service_id: "abc" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain("service_id");
  });
});

describe("notice_paid_till answer schema", () => {
  it("a valid key with the fields CleanTalk's plugins read (numbers or numeric strings)", () => {
    const token = fakeToken("notice");
    const result = noticePaidTillAnswerSchema.safeParse({
      valid: "1",
      moderate: 1,
      product_id: "1",
      service_id: 99,
      user_token: token,
      show_notice: 0,
      renew: 0,
      trial: 0,
    });
    expect(result.success && result.data).toEqual({ valid: 1, moderate: 1, product_id: 1, service_id: 99, user_token: token });
  });

  it("an unknown or revoked key: valid 0, other fields optional", () => {
    expect(noticePaidTillAnswerSchema.safeParse({ valid: 0, renew: 1 }).data).toEqual({ valid: 0 });
  });

  it("error_no 12 is the invalid-key answer (read as valid 0 by the client)", () => {
    expect(INVALID_KEY_ERROR_NO).toBe(12);
  });

  it.each([
    ["missing valid", { moderate: 1 }],
    ["valid 2", { valid: 2 }],
    ['valid "yes"', { valid: "yes" }],
    ["valid true", { valid: true }],
    ["service_id not numeric", { valid: 1, service_id: "x1" }],
    ["user_token with symbols", { valid: 1, user_token: "a b" }],
    ["null", null],
  ])("refuses %s", (_name, data) => {
    expect(noticePaidTillAnswerSchema.safeParse(data).success).toBe(false);
  });
});

describe("wire envelopes", () => {
  it("the documented error body, error_no as number or string", () => {
    expect(errorBodySchema.safeParse({ error_message: "Calls limit exceeded.", error_no: 10 }).data).toEqual({
      error_message: "Calls limit exceeded.",
      error_no: 10,
    });
    expect(errorBodySchema.safeParse({ error_message: "x", error_no: "12" }).data?.error_no).toBe(12);
    expect(errorBodySchema.safeParse({ error_no: 12 }).success).toBe(false);
  });

  it("the success envelope needs a data object", () => {
    expect(envelopeData({ data: { valid: 1 } })).toEqual({ valid: 1 });
    for (const body of [{}, { data: null }, { data: [] }, { data: "x" }, null, [], "x"]) expect(envelopeData(body)).toBeUndefined();
  });
});
