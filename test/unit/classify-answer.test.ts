import { classifyAnswer } from "../../provider/client/classify-answer";
import { ApiError, CleantalkError, TransportError } from "../../provider/errors";
import { getApiKeyAnswerSchema, INVALID_KEY_ERROR_NO, type NoticePaidTillAnswer, noticePaidTillAnswerSchema } from "../../provider/schema/api-answers";
import { fakeKey, fakeToken, TestClock, thrownBy } from "../support/provider-fixtures";

const clock = new TestClock("2025-03-01T12:00:00.000Z");
const key = fakeKey("classify");
const token = fakeToken("classify");
const invalidKey: Readonly<Record<number, NoticePaidTillAnswer>> = { [INVALID_KEY_ERROR_NO]: { valid: 0 } };

interface Exchange {
  readonly status?: number;
  readonly headers?: Record<string, string | string[] | undefined>;
  readonly body?: unknown;
  /** The raw text, when the body is not JSON. */
  readonly text?: string;
}

function answer({ status = 200, headers = {}, body, text }: Exchange) {
  return { status, headers, text: text ?? JSON.stringify(body) };
}

function noticePaidTill(exchange: Exchange, errorAnswers?: Readonly<Record<number, NoticePaidTillAnswer>>) {
  return classifyAnswer("notice_paid_till", answer(exchange), noticePaidTillAnswerSchema, clock.now(), errorAnswers);
}

function refusal(exchange: Exchange, code: string, method: "notice_paid_till" | "get_api_key" = "notice_paid_till"): CleantalkError {
  const error = thrownBy(() =>
    method === "get_api_key"
      ? classifyAnswer(method, answer(exchange), getApiKeyAnswerSchema, clock.now())
      : classifyAnswer(method, answer(exchange), noticePaidTillAnswerSchema, clock.now()),
  );
  expect(CleantalkError.isInstance(error)).toBe(true);
  const typed = error as CleantalkError;
  expect(typed.code).toBe(code);
  expect(typed.message.startsWith(`${code}: `)).toBe(true);
  expect(typed.message).not.toContain(key);
  expect(typed.message).not.toContain(token);
  return typed;
}

describe("classifyAnswer: success", () => {
  it("returns the parsed data of the success envelope", () => {
    expect(noticePaidTill({ body: { data: { valid: "1", product_id: "1", user_token: token, renew: 0 } } })).toEqual({
      valid: 1,
      product_id: 1,
      user_token: token,
    });
    expect(classifyAnswer("get_api_key", answer({ body: { data: { auth_key: key } } }), getApiKeyAnswerSchema, clock.now())).toEqual({
      phase: "existing",
      auth_key: key,
    });
  });
});

describe("classifyAnswer: rate limits", () => {
  it("HTTP 429 is RATE_LIMITED and retryable, with the Retry-After delay in seconds", () => {
    const error = refusal({ status: 429, headers: { "retry-after": "7" }, body: {} }, "RATE_LIMITED");
    expect(error).toBeInstanceOf(TransportError);
    expect([error.retryable, (error as TransportError).status, (error as TransportError).retryAfterMs]).toEqual([true, 429, 7_000]);
    expect(error.summary).toBe("CleanTalk notice_paid_till was rate limited (HTTP 429).");
  });

  it("HTTP 429 with an HTTP-date Retry-After waits until then, read against the injected clock", () => {
    const error = refusal({ status: 429, headers: { "retry-after": "Sat, 01 Mar 2025 12:00:30 GMT" }, text: "" }, "RATE_LIMITED") as TransportError;
    expect(error.retryAfterMs).toBe(30_000);
  });

  it("HTTP 429 without Retry-After leaves the delay to backoff, whatever the body says", () => {
    const error = refusal({ status: 429, body: { error_message: "Calls limit exceeded.", error_no: 10 } }, "RATE_LIMITED") as TransportError;
    expect([error.retryable, error.retryAfterMs]).toEqual([true, undefined]);
  });

  it("error_no 10 in the body is RATE_LIMITED and retryable", () => {
    const error = refusal({ body: { error_message: "Calls limit exceeded.", error_no: 10 } }, "RATE_LIMITED");
    expect(error).toBeInstanceOf(ApiError);
    expect([error.retryable, (error as ApiError).errorNo]).toEqual([true, 10]);
  });

  it("error_no 10 with Retry-After carries the delay, with the API's error as cause", () => {
    const error = refusal(
      { headers: { "retry-after": "3" }, body: { error_message: "Calls limit exceeded.", error_no: "10" } },
      "RATE_LIMITED",
    ) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect([error.retryable, error.retryAfterMs, error.status]).toEqual([true, 3_000, 200]);
    expect(error.cause).toBeInstanceOf(ApiError);
    expect(error.summary).toBe((error.cause as ApiError).summary);
  });
});

describe("classifyAnswer: CleanTalk's error shape", () => {
  it("another error_no is API_ERROR, not retried, with CleanTalk's message on one line", () => {
    const error = refusal({ body: { error_message: "Service not\navailable in your region.", error_no: 403 } }, "API_ERROR");
    expect([error.retryable, (error as ApiError).errorNo]).toEqual([false, 403]);
    expect(error.summary).toBe("CleanTalk notice_paid_till refused the call: Service not available in your region. (error_no 403).");
  });

  it("notice_paid_till's error_no 12 means the key is invalid: the answer { valid: 0 }, not an error", () => {
    expect(noticePaidTill({ body: { error_message: "Access key is not valid.", error_no: 12 } }, invalidKey)).toEqual({ valid: 0 });
    expect(noticePaidTill({ body: { error_message: "Access key is not valid.", error_no: "12" } }, invalidKey)).toEqual({ valid: 0 });
  });

  it("error_no 12 is an error where the method gives it no meaning", () => {
    expect((refusal({ body: { error_message: "Access key is not valid.", error_no: 12 } }, "API_ERROR") as ApiError).errorNo).toBe(12);
    expect(() => noticePaidTill({ body: { error_message: "x", error_no: 13 } }, invalidKey)).toThrow(ApiError);
  });

  it("the error shape is read whatever the HTTP status (a 5xx with CleanTalk's error body is CleanTalk's error)", () => {
    expect(noticePaidTill({ status: 500, body: { error_message: "Access key is not valid.", error_no: 12 } }, invalidKey)).toEqual({ valid: 0 });
    refusal({ status: 500, body: { error_message: "Bad parameters.", error_no: 2 } }, "API_ERROR");
  });

  it("a body with error_message but no readable error_no is not the error shape", () => {
    refusal({ body: { error_message: "oops" } }, "SCHEMA_MISMATCH");
  });
});

describe("classifyAnswer: HTTP status", () => {
  it.each([301, 302, 303, 307, 308])("HTTP %d is a redirect that is not followed: names only the target host, not retried", (status) => {
    const error = refusal({ status, headers: { location: "https://other.example.net/steal?key=x#y" }, text: "" }, "HTTP_STATUS") as TransportError;
    expect([error.retryable, error.status]).toEqual([false, status]);
    expect(error.summary).toBe(
      `CleanTalk notice_paid_till answered with a redirect (HTTP ${status} to other.example.net), which is not followed: keys go only to cleantalk:apiUrl.`,
    );
    expect(error.message).not.toContain("/steal");
    expect(error.message).not.toContain("key=x");
    expect(error.fix).toEqual([expect.stringContaining("set cleantalk:apiUrl to the final address")]);
  });

  it("a relative or missing Location is described without echoing it", () => {
    expect(refusal({ status: 302, headers: { location: "/elsewhere?token=x" }, text: "" }, "HTTP_STATUS").summary).toContain("(HTTP 302 to another path)");
    expect(refusal({ status: 302, text: "" }, "HTTP_STATUS").summary).toContain("(HTTP 302)");
  });

  it.each([500, 502, 503, 504, 408])("HTTP %d is HTTP_STATUS and retryable", (status) => {
    const error = refusal({ status, text: "<html>busy</html>" }, "HTTP_STATUS") as TransportError;
    expect([error.retryable, error.status, error.retryAfterMs]).toEqual([true, status, undefined]);
    expect(error.summary).toBe(`CleanTalk notice_paid_till answered HTTP ${status}.`);
  });

  it("a 503 with Retry-After carries the delay", () => {
    expect((refusal({ status: 503, headers: { "retry-after": "2" }, text: "" }, "HTTP_STATUS") as TransportError).retryAfterMs).toBe(2_000);
  });

  it.each([400, 401, 403, 404, 410, 199])("HTTP %d is HTTP_STATUS, not retried, pointing at cleantalk:apiUrl", (status) => {
    const error = refusal({ status, body: { data: { valid: 1 } } }, "HTTP_STATUS") as TransportError;
    expect([error.retryable, error.status]).toEqual([false, status]);
    expect(error.fix).toEqual(["check that cleantalk:apiUrl points at the CleanTalk API"]);
  });
});

describe("classifyAnswer: the contract check", () => {
  it.each([
    ["an HTML page", "<html>Bad gateway</html>"],
    ["truncated JSON", '{"data":{"valid":1'],
    ["an empty body", ""],
  ])("a 2xx body that is not JSON (%s) is SCHEMA_MISMATCH and retryable", (_name, text) => {
    const error = refusal({ text }, "SCHEMA_MISMATCH");
    expect(error.retryable).toBe(true);
    expect(error.summary).toContain("the body is not JSON");
  });

  it.each([
    ["no data", {}],
    ["data null", { data: null }],
    ["data a list", { data: [] }],
    ["a list", []],
  ])("JSON without a data object (%s) is SCHEMA_MISMATCH, not retried", (_name, body) => {
    const error = refusal({ body }, "SCHEMA_MISMATCH");
    expect(error.retryable).toBe(false);
    expect(error.summary).toContain('no "data" object and no error fields');
  });

  it("data of the wrong shape is SCHEMA_MISMATCH, not retried, naming the fields but not their values", () => {
    const error = refusal({ body: { data: { auth_key: `${key}!`, user_token: `${token} x` } } }, "SCHEMA_MISMATCH", "get_api_key");
    expect(error.retryable).toBe(false);
    expect(error.summary).toContain("unexpected fields: auth_key");
    expect(error.summary).toContain("no key was taken from it");
  });

  it("names at most three fields", () => {
    const error = refusal({ body: { data: { valid: 5, moderate: "x", product_id: "y", service_id: "z" } } }, "SCHEMA_MISMATCH");
    expect(error.summary).toContain("unexpected fields: valid, moderate, product_id)");
    expect(error.summary).not.toContain("service_id");
  });

  it("a well-formed answer of the other method is refused too", () => {
    refusal({ body: { data: { valid: 1 } } }, "SCHEMA_MISMATCH", "get_api_key");
  });
});
