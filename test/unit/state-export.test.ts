import { revealedValue, SECRET_SIG, SPECIAL_SIG_KEY, stackExportSchema } from "../../provider/schema/state-export";

describe("revealedValue", () => {
  it("reads a revealed secret's JSON, passes plain values through, and has nothing for a ciphertext", () => {
    expect(revealedValue({ [SPECIAL_SIG_KEY]: SECRET_SIG, plaintext: '{"authKey":"abc"}' })).toEqual({ authKey: "abc" });
    expect(revealedValue({ [SPECIAL_SIG_KEY]: SECRET_SIG, plaintext: '"http://127.0.0.1:8787"' })).toBe("http://127.0.0.1:8787");
    expect(revealedValue({ [SPECIAL_SIG_KEY]: SECRET_SIG, ciphertext: "v1:abc" })).toBeUndefined();
    expect(revealedValue({ [SPECIAL_SIG_KEY]: SECRET_SIG, plaintext: "not json" })).toBeUndefined();
    expect(revealedValue("https://api.cleantalk.org")).toBe("https://api.cleantalk.org");
    expect(revealedValue({ authKey: "abc" })).toEqual({ authKey: "abc" });
  });
});

describe("stackExportSchema", () => {
  it("reads a deployment with no resources (a stack never deployed) and keeps unknown fields out of the way", () => {
    expect(stackExportSchema.parse({ version: 3, deployment: { manifest: {}, secrets_providers: {} } }).deployment.resources).toBeUndefined();
  });

  it("refuses what is not an export", () => {
    expect(stackExportSchema.safeParse({ version: "3" }).success).toBe(false);
    expect(stackExportSchema.safeParse([]).success).toBe(false);
  });
});
