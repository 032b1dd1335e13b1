import { redact } from "../../provider/client/redaction";
import { TransportError } from "../../provider/errors";
import { fakeKey } from "../support/provider-fixtures";

const key = fakeKey("redaction");
const email = "ops@example.com";

describe("redact", () => {
  it("masks every occurrence of the email and the key in message and stack, through the cause chain", () => {
    const inner = new Error(`server said: bad key ${key} for ${email}, ${key}`);
    const outer = new TransportError("NETWORK", `wrapped ${email}`, { retryable: true, cause: inner });
    expect(redact(outer, [email, key])).toBe(outer);
    for (const error of [outer, inner]) {
      expect(error.message).not.toContain(key);
      expect(error.message).not.toContain(email);
      expect(error.stack).not.toContain(key);
      expect(error.stack).not.toContain(email);
    }
    expect(inner.message).toBe("server said: bad key [redacted] for [redacted], [redacted]");
  });

  it("ignores absent, list and too-short values (masking two characters would garble every message)", () => {
    const error = new Error("ab cd ef");
    redact(error, [undefined, ["ab"], "ab"]);
    expect(error.message).toBe("ab cd ef");
  });

  it("tolerates non-errors and read-only messages", () => {
    expect(redact("plain", [key])).toBe("plain");
    expect(redact(null, [key])).toBeNull();
    const frozen = Object.freeze({ message: `has ${key}` });
    expect(() => redact(frozen, [key])).not.toThrow();
  });

  it("stops after a bounded depth on a cause cycle", () => {
    const a: { message: string; cause?: unknown } = { message: key };
    a.cause = a;
    expect(() => redact(a, [key])).not.toThrow();
    expect(a.message).toBe("[redacted]");
  });
});
