import type * as errors from "../../provider/errors";
import { ApiError, CleantalkError, type CleantalkErrorCode, InputError, LifecycleError, SchemaMismatchError, TransportError } from "../../provider/errors";
import { formatDiagnostic } from "../../provider/errors/cleantalk-error";

describe("formatDiagnostic", () => {
  it("without a fix: the code first, then what happened", () => {
    expect(formatDiagnostic("KEY_REJECTED", "CleanTalk refused the key.", [])).toBe("KEY_REJECTED: CleanTalk refused the key.");
  });

  it("one fix: on its own line after 'Fix: '", () => {
    expect(formatDiagnostic("TIMEOUT", "It timed out.", ["run `pulumi up` again"])).toBe("TIMEOUT: It timed out.\nFix: run `pulumi up` again");
  });

  it("several fixes: numbered steps, one per line", () => {
    expect(formatDiagnostic("ACCOUNT_EXISTS", "The account has the site.", ["generate a key", "set it", "pulumi up"])).toBe(
      "ACCOUNT_EXISTS: The account has the site.\nFix:\n  1. generate a key\n  2. set it\n  3. pulumi up",
    );
  });
});

describe("CleantalkError", () => {
  it("builds its message with formatDiagnostic and keeps the parts apart", () => {
    const error = new CleantalkError("KEY_EXPIRED", "The key expired.", { fix: ["step one", "step two"] });
    expect(error.message).toBe(formatDiagnostic("KEY_EXPIRED", "The key expired.", ["step one", "step two"]));
    expect(error.message.startsWith("KEY_EXPIRED: ")).toBe(true);
    expect([error.code, error.summary, error.fix, error.retryable, error.name]).toEqual([
      "KEY_EXPIRED",
      "The key expired.",
      ["step one", "step two"],
      false,
      "CleantalkError",
    ]);
  });

  it("a single fix string becomes one step; no fix, none; a cause is kept only when given", () => {
    const cause = new Error("inner");
    const one = new CleantalkError("NETWORK", "Unreachable.", { fix: "check the proxy", retryable: true, cause });
    expect([one.fix, one.retryable, one.cause, one.message]).toEqual([["check the proxy"], true, cause, "NETWORK: Unreachable.\nFix: check the proxy"]);
    const none = new CleantalkError("API_ERROR", "Refused.");
    expect([none.fix, none.message]).toEqual([[], "API_ERROR: Refused."]);
    expect(none).not.toHaveProperty("cause");
  });
});

describe("error classes", () => {
  it("ApiError: error_no 10 is RATE_LIMITED and retryable, others API_ERROR", () => {
    const limited = new ApiError(10, "Calls limit exceeded.", "get_api_key");
    expect([limited.code, limited.retryable, limited.errorNo, limited.name]).toEqual(["RATE_LIMITED", true, 10, "ApiError"]);
    expect(limited.message).toBe(
      "RATE_LIMITED: CleanTalk get_api_key refused the call: Calls limit exceeded. (error_no 10).\nFix: run `pulumi up` again in a minute",
    );
    const other = new ApiError(403, "Service not available in your region.", "notice_paid_till");
    expect([other.code, other.retryable, other.errorNo]).toEqual(["API_ERROR", false, 403]);
    expect(other.message.startsWith("API_ERROR: CleanTalk notice_paid_till refused the call: Service not available in your region. (error_no 403).")).toBe(
      true,
    );
    expect(other.fix).toHaveLength(1);
  });

  it("ApiError keeps the server's text on one short line", () => {
    const error = new ApiError(1, `line one\nline two\t${"x".repeat(500)}`, "get_api_key");
    expect(error.summary).not.toMatch(/[\n\t]/);
    expect(error.summary.length).toBeLessThan(260);
    // The message is that one line and the fix line, nothing the server sent spills over.
    const [first, ...rest] = error.message.split("\n");
    expect(first).toBe(`API_ERROR: ${error.summary}`);
    expect(rest).toEqual([`Fix: ${error.fix[0]}`]);
  });

  it("InputError: INVALID_INPUT with every failure in the message", () => {
    const error = new InputError([
      { property: "email", reason: "is required" },
      { property: "maxAge", reason: "is not a duration" },
    ]);
    expect([error.code, error.name, error.retryable]).toEqual(["INVALID_INPUT", "InputError", false]);
    expect(error.message).toBe("INVALID_INPUT: email: is required; maxAge: is not a duration");
    expect(error.failures).toHaveLength(2);
  });

  it("LifecycleError carries its code, cause and fix, and is never retryable", () => {
    const cause = new Error("inner");
    const error = new LifecycleError("ACCOUNT_EXISTS", "account exists", { cause, fix: "generate a key" });
    expect([error.code, error.name, error.retryable, error.cause, error.message]).toEqual([
      "ACCOUNT_EXISTS",
      "LifecycleError",
      false,
      cause,
      "ACCOUNT_EXISTS: account exists\nFix: generate a key",
    ]);
  });

  it("SchemaMismatchError says no key was taken; retryable only when asked", () => {
    const error = new SchemaMismatchError("get_api_key", "unexpected fields: auth_key", false);
    expect([error.code, error.name, error.retryable]).toEqual(["SCHEMA_MISMATCH", "SchemaMismatchError", false]);
    expect(error.message).toContain("no key was taken from it");
    expect(error.message.startsWith("SCHEMA_MISMATCH: CleanTalk get_api_key answered in an unexpected shape (unexpected fields: auth_key)")).toBe(true);
    expect(error.fix[0]).toContain("cleantalk:apiUrl");
    expect(new SchemaMismatchError("x", "y", true).retryable).toBe(true);
  });

  it("TransportError carries status and Retry-After", () => {
    const error = new TransportError("HTTP_STATUS", "HTTP 503", { retryable: true, status: 503, retryAfterMs: 2_000 });
    expect([error.code, error.name, error.status, error.retryAfterMs, error.retryable]).toEqual(["HTTP_STATUS", "TransportError", 503, 2_000, true]);
    expect(error.message).toBe("HTTP_STATUS: HTTP 503");
    const fixed = new TransportError("TIMEOUT", "Too slow.", { retryable: true, fix: "raise cleantalk:requestTimeout" });
    expect([fixed.status, fixed.retryAfterMs, fixed.message]).toEqual([undefined, undefined, "TIMEOUT: Too slow.\nFix: raise cleantalk:requestTimeout"]);
  });

  it("every code of the union comes from some class, each with the right name", () => {
    const made: [CleantalkError, CleantalkErrorCode, string][] = [
      [new InputError([{ property: "email", reason: "is required" }]), "INVALID_INPUT", "InputError"],
      [new ApiError(10, "m", "x"), "RATE_LIMITED", "ApiError"],
      [new ApiError(2, "m", "x"), "API_ERROR", "ApiError"],
      [new SchemaMismatchError("x", "y", false), "SCHEMA_MISMATCH", "SchemaMismatchError"],
      ...(["NETWORK", "TIMEOUT", "HTTP_STATUS", "RATE_LIMITED"] as const).map((code): [CleantalkError, CleantalkErrorCode, string] => [
        new TransportError(code, "m", { retryable: false }),
        code,
        "TransportError",
      ]),
      ...(
        [
          "INSECURE_ENDPOINT",
          "ACCOUNT_EXISTS",
          "KEY_NOT_ROTATED",
          "KEY_EXPIRED",
          "KEY_INVALID",
          "KEY_REJECTED",
          "IMPORT_UNSUPPORTED",
          "RETRIES_EXHAUSTED",
        ] as const
      ).map((code): [CleantalkError, CleantalkErrorCode, string] => [new LifecycleError(code, "m"), code, "LifecycleError"]),
    ];
    for (const [error, code, name] of made) {
      expect([error.code, error.name]).toEqual([code, name]);
      expect(error.message.startsWith(`${code}: `)).toBe(true);
    }
    // Adding a code to the union without a class that raises it fails to compile here.
    const everyCode = {
      INVALID_INPUT: true,
      INSECURE_ENDPOINT: true,
      ACCOUNT_EXISTS: true,
      KEY_NOT_ROTATED: true,
      KEY_EXPIRED: true,
      KEY_INVALID: true,
      KEY_REJECTED: true,
      IMPORT_UNSUPPORTED: true,
      RATE_LIMITED: true,
      API_ERROR: true,
      HTTP_STATUS: true,
      NETWORK: true,
      TIMEOUT: true,
      SCHEMA_MISMATCH: true,
      RETRIES_EXHAUSTED: true,
    } satisfies Record<CleantalkErrorCode, true>;
    expect(new Set(made.map(([, code]) => code))).toEqual(new Set(Object.keys(everyCode)));
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
    // A look-alike with a private symbol of the same description is not branded either.
    expect(CleantalkError.isInstance({ [Symbol("pulumi-cleantalk.CleantalkError")]: true })).toBe(false);
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
    for (const error of [new copy.InputError([]), new copy.TransportError("NETWORK", "m", { retryable: true }), new copy.SchemaMismatchError("x", "y", true)]) {
      expect(error instanceof CleantalkError).toBe(false);
      expect(CleantalkError.isInstance(error)).toBe(true);
    }
  });
});
