import { createHash } from "node:crypto";
import { keyFingerprint, newFingerprintSalt } from "../../provider/domain/fingerprint";
import { keyRecordCodec } from "../../provider/schema/stored-key";
import { fakeKey, fakeToken, keyPlan, keyRecord } from "../support/provider-fixtures";

const salt = fakeToken("fingerprint-salt");

describe("keyFingerprint", () => {
  const key = fakeKey("fingerprint");

  it("has the ctk_ + 10 hex format (40 bits of the digest)", () => {
    expect(keyFingerprint(key, salt)).toMatch(/^ctk_[0-9a-f]{10}$/);
    expect(keyFingerprint(key, salt).length).toBe("ctk_".length + 10);
  });

  it("is stable for a key and salt, and differs between keys", () => {
    expect(keyFingerprint(key, salt)).toBe(keyFingerprint(key, salt));
    const prints = new Set(Array.from({ length: 200 }, (_, i) => keyFingerprint(fakeKey(`k${i}`), salt)));
    expect(prints.size).toBe(200);
  });

  it("differs per salt, so a rotation shows a new fingerprint even when the key is the same", () => {
    const prints = new Set(Array.from({ length: 50 }, (_, i) => keyFingerprint(key, fakeToken(`salt-${i}`))));
    expect(prints.size).toBe(50);
    expect(keyFingerprint(key, newFingerprintSalt())).not.toBe(keyFingerprint(key, newFingerprintSalt()));
  });

  it("does not contain the key or a plain or prefixed hash of it", () => {
    const print = keyFingerprint(key, salt);
    expect(print).not.toContain(key);
    for (const algorithm of ["sha256", "sha1", "md5"]) {
      expect(print.slice(4)).not.toBe(createHash(algorithm).update(key).digest("hex").slice(0, 10));
    }
    expect(print).not.toBe(unkeyedFingerprint(key));
  });
});

describe("newFingerprintSalt", () => {
  it("is 128 random bits as base64url (22 characters), new on every call", () => {
    const salts = Array.from({ length: 20 }, () => newFingerprintSalt());
    for (const s of salts) expect(s).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(salts).size).toBe(20);
  });
});

/**
 * What someone who reads the state file without its passphrase can do with
 * the fingerprint. Real keys are 8–15 lowercase letters and digits; the
 * search space here is cut to 4 letters × 8 positions (65,536 candidates) so
 * that a full enumeration runs in the test, and the true key is one of them.
 */
describe("recovering a key from its public fingerprint", () => {
  const alphabet = "aeks";
  const candidates = Array.from({ length: alphabet.length ** 8 }, (_, n) => {
    let text = "";
    for (let position = 0, rest = n; position < 8; position++, rest = Math.floor(rest / alphabet.length)) text += alphabet[rest % alphabet.length];
    return text;
  });
  // A key from that space, chosen by a seeded generator rather than written down.
  const trueKey = [...fakeKey("brute-force", 8)].map((c) => alphabet[c.charCodeAt(0) % alphabet.length]).join("");
  const secretSalt = fakeToken("brute-force-salt");
  // What a reader of the state sees: the stored record without its ciphertext (credentials holds the key and the salt).
  const { credentials: _ciphertext, ...publicState } = keyRecordCodec.encode(
    (() => {
      const record = keyRecord(keyPlan(), { authKey: trueKey });
      return {
        ...record,
        credentials: { ...record.credentials, salt: secretSalt },
        details: { ...record.details, fingerprint: keyFingerprint(trueKey, secretSalt) },
      };
    })(),
  );
  const published = publicState.details.fingerprint;
  const matching = (fingerprint: (candidate: string) => string) => candidates.filter((candidate) => fingerprint(candidate) === published);

  it("the space is what the test says, holds the key, and the public state names neither key nor salt", () => {
    expect(candidates).toHaveLength(65_536);
    expect(new Set(candidates).size).toBe(65_536);
    expect(candidates).toContain(trueKey);
    expect(JSON.stringify(publicState)).not.toContain(trueKey);
    expect(JSON.stringify(publicState)).not.toContain(secretSalt);
  });

  it("without the salt, no candidate matches: the true key is singled out no better than any other", () => {
    const guessedSalt = fakeToken("guess");
    expect(matching((candidate) => keyFingerprint(candidate, guessedSalt))).toEqual([]);
  });

  it("with the salt (inside the secret credentials) exactly the true key matches", () => {
    expect(matching((candidate) => keyFingerprint(candidate, secretSalt))).toEqual([trueKey]);
  });

  it("the unkeyed digest older builds published would single the key out from the state alone", () => {
    const unkeyedPublished = unkeyedFingerprint(trueKey);
    expect(candidates.filter((candidate) => unkeyedFingerprint(candidate) === unkeyedPublished)).toEqual([trueKey]);
  });
});

/** The construction before the keyed fingerprint: 40 bits of sha256("pulumi-cleantalk:" + key), no secret. */
function unkeyedFingerprint(key: string): string {
  return `ctk_${createHash("sha256").update(`pulumi-cleantalk:${key}`).digest("hex").slice(0, 10)}`;
}
