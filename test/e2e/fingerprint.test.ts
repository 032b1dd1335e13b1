/**
 * The public fingerprint gives nothing away, shown on a real stack's state.
 * The attacker model: someone who reads the exported state without its
 * passphrase (what a leaked state file or backup shows) and tries to find an
 * 8-character key, the shortest CleanTalk has been seen to hand out, by
 * testing candidates against the fingerprint offline.
 *
 * The full space of 8-character keys (36^8 ≈ 2.8 × 10^12) is too large for a
 * test, so the search runs over a slice of it that certainly contains the key:
 * the key with its last three characters varied (36^3 = 46,656 candidates).
 * The digest the provider used to publish, unkeyed, singles the key out of
 * that slice; the keyed one does not without the salt, and does with it.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { keyFingerprint, storedDetailsSchema } from "../../provider";
import { accessKeys, expectSuccess, PulumiStack, type StackExport, type StateResource, stateWithoutCiphertexts } from "../support/pulumi-cli";

const program = path.join(__dirname, "programs", "key-lifecycle");
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

jest.setTimeout(300_000);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

/** The key with its last three characters replaced by every combination: 46,656 candidates, the key among them. */
function candidatesAround(key: string): string[] {
  const prefix = key.slice(0, -3);
  const out: string[] = [];
  for (const a of ALPHABET) for (const b of ALPHABET) for (const c of ALPHABET) out.push(`${prefix}${a}${b}${c}`);
  return out;
}

/** The construction the provider used before fingerprints were keyed: public and unkeyed. */
function unkeyedFingerprint(key: string): string {
  return `ctk_${createHash("sha256").update(`pulumi-cleantalk:${key}`).digest("hex").slice(0, 10)}`;
}

test("from the exported state without its passphrase, an 8-character key cannot be found from its fingerprint; with the secret salt it can", async () => {
  const site = { email: "fingerprint@example.org", website: "https://fingerprint.example.org" };
  const key = emulator.generateKey({ ...site, keyLength: 8 });
  expect(key).toHaveLength(8);
  const stack = await PulumiStack.create({ program, config: { "cleantalk:apiUrl": emulator.url, ...site }, secrets: { authKey: key } });
  expectSuccess(await stack.up());

  // What a reader of the state file without the passphrase has.
  const publicState = stateWithoutCiphertexts(await stack.exportState());
  const { resources = [] } = JSON.parse(publicState) as { resources?: StateResource[] };
  const [stored] = accessKeys({ deployment: { resources } });
  const { fingerprint } = storedDetailsSchema.parse(stored?.outputs?.details);
  expect(fingerprint).toMatch(/^ctk_[0-9a-f]{10}$/);
  expect(publicState).not.toContain(key);
  const { salt } = JSON.parse(
    (
      (accessKeys(JSON.parse((await stack.mustRun(["stack", "export", "--show-secrets"])).stdout) as StackExport)[0]?.outputs?.credentials ?? {}) as {
        plaintext: string;
      }
    ).plaintext,
  ) as { salt: string };
  expect(salt.length).toBeGreaterThanOrEqual(22);
  expect(publicState).not.toContain(salt);

  const candidates = candidatesAround(key);
  expect(candidates).toContain(key);

  // Unkeyed, the published digest would single the key out of the candidates.
  const unkeyed = unkeyedFingerprint(key);
  expect(candidates.filter((candidate) => unkeyedFingerprint(candidate) === unkeyed)).toEqual([key]);

  // Keyed, nothing the public state holds finds it: no guess of the salt (none, the fingerprint itself, the site) matches.
  for (const guess of ["", fingerprint, site.website, "pulumi-cleantalk"]) {
    expect(candidates.filter((candidate) => keyFingerprint(candidate, guess) === fingerprint)).toEqual([]);
  }
  // With the secret salt from the encrypted credentials, it is found.
  expect(candidates.filter((candidate) => keyFingerprint(candidate, salt) === fingerprint)).toEqual([key]);

  // A rotation shows a new fingerprint, even for a key that had the same text.
  const next = emulator.generateKey({ ...site, keyLength: 8 });
  await stack.setConfig("authKey", next, { secret: true });
  expectSuccess(await stack.up());
  expect((await stack.outputs()).fingerprint).not.toBe(fingerprint);
});
