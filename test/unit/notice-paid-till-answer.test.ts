import { noticePaidTillAnswerSchema } from "../../provider/api/notice-paid-till-answer";
import { envelopeData, errorBodySchema } from "../../provider/api/wire";
import { fakeToken } from "../support/provider-fixtures";

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
