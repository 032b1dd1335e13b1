import { createHash } from "node:crypto";
import { keyFingerprint } from "../../provider/lifecycle/fingerprint";
import { fakeKey } from "../support/provider-fixtures";

describe("keyFingerprint", () => {
  const key = fakeKey("fingerprint");

  it("has the ctk_ + 10 hex format", () => {
    expect(keyFingerprint(key)).toMatch(/^ctk_[0-9a-f]{10}$/);
  });

  it("is stable for a key and differs between keys", () => {
    expect(keyFingerprint(key)).toBe(keyFingerprint(key));
    const prints = new Set(Array.from({ length: 200 }, (_, i) => keyFingerprint(fakeKey(`k${i}`))));
    expect(prints.size).toBe(200);
  });

  it("does not contain the key or a plain hash of it", () => {
    const print = keyFingerprint(key);
    expect(print).not.toContain(key);
    for (const algorithm of ["sha256", "sha1", "md5"]) {
      expect(print.slice(4)).not.toBe(createHash(algorithm).update(key).digest("hex").slice(0, 10));
    }
  });

  it("keeps only 40 bits of the digest", () => {
    expect(keyFingerprint(key).length).toBe("ctk_".length + 10);
  });
});
