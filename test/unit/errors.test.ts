import type * as errors from "../../provider/errors";
import { ApiError, CleantalkError, InputError, LifecycleError, SchemaMismatchError, TransportError } from "../../provider/errors";

describe("error classes", () => {
  it("ApiError: error_no 10 is RATE_LIMITED and retryable, others API_ERROR", () => {
    const limited = new ApiError(10, "Calls limit exceeded.", "get_api_key");
    expect([limited.code, limited.retryable, limited.errorNo, limited.name]).toEqual(["RATE_LIMITED", true, 10, "ApiError"]);
    expect(limited.message).toBe("CleanTalk get_api_key failed: Calls limit exceeded. (error_no 10) [RATE_LIMITED]");
    const other = new ApiError(403, "Service not available in your region.", "notice_paid_till");
    expect([other.code, other.retryable]).toEqual(["API_ERROR", false]);
  });

  it("ApiError keeps the server's text on one short line", () => {
    const error = new ApiError(1, `line one\nline two\t${"x".repeat(500)}`, "get_api_key");
    expect(error.message).not.toMatch(/[\n\t]/);
    expect(error.message.length).toBeLessThan(260);
  });

  it("InputError: INVALID_INPUT with every failure in the message", () => {
    const error = new InputError([
      { property: "email", reason: "is required" },
      { property: "maxAge", reason: "is not a duration" },
    ]);
    expect([error.code, error.name, error.retryable]).toEqual(["INVALID_INPUT", "InputError", false]);
    expect(error.message).toBe("email: is required; maxAge: is not a duration [INVALID_INPUT]");
    expect(error.failures).toHaveLength(2);
  });

  it("LifecycleError carries its code and cause", () => {
    const cause = new Error("inner");
    const error = new LifecycleError("ACCOUNT_EXISTS", "account exists", cause);
    expect([error.code, error.name, error.retryable, error.cause]).toEqual(["ACCOUNT_EXISTS", "LifecycleError", false, cause]);
  });

  it("SchemaMismatchError says no key was taken; retryable only when asked", () => {
    const error = new SchemaMismatchError("get_api_key", "unexpected fields: auth_key", false);
    expect([error.code, error.name, error.retryable]).toEqual(["SCHEMA_MISMATCH", "SchemaMismatchError", false]);
    expect(error.message).toContain("no key was taken from it");
    expect(new SchemaMismatchError("x", "y", true).retryable).toBe(true);
  });

  it("TransportError carries status and Retry-After", () => {
    const error = new TransportError("HTTP_STATUS", "HTTP 503", { retryable: true, status: 503, retryAfterMs: 2_000 });
    expect([error.code, error.name, error.status, error.retryAfterMs, error.retryable]).toEqual(["HTTP_STATUS", "TransportError", 503, 2_000, true]);
  });

  it("every class is an Error and a CleantalkError", () => {
    for (const error of [
      new ApiError(1, "m", "x"),
      new InputError([]),
      new LifecycleError("KEY_REJECTED", "m"),
      new SchemaMismatchError("x", "y", false),
      new TransportError("NETWORK", "m", { retryable: true }),
    ]) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(CleantalkError);
      expect(CleantalkError.isInstance(error)).toBe(true);
      expect(typeof error.stack).toBe("string");
    }
  });

  it("isInstance refuses look-alikes", () => {
    for (const value of [new Error("x"), { code: "API_ERROR", message: "x" }, null, undefined, "CleantalkError", 42]) {
      expect(CleantalkError.isInstance(value)).toBe(false);
    }
  });

  it("isInstance works across a second copy of the module, where instanceof does not", () => {
    let copy: typeof errors | undefined;
    jest.isolateModules(() => {
      copy = require("../../provider/errors") as typeof errors;
    });
    if (copy === undefined) throw new Error("isolateModules did not load a copy");
    expect(copy.CleantalkError).not.toBe(CleantalkError);
    const foreign = new copy.LifecycleError("KEY_NOT_ROTATED", "from the other copy");
    expect(foreign instanceof CleantalkError).toBe(false);
    expect(CleantalkError.isInstance(foreign)).toBe(true);
    expect(copy.CleantalkError.isInstance(new ApiError(10, "m", "x"))).toBe(true);
    expect(foreign.code).toBe("KEY_NOT_ROTATED");
  });
});
