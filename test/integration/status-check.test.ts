/**
 * `pulumi-cleantalk status --check`: each key of a revealed export goes to
 * notice_paid_till at the API its stack was deployed with, over loopback to
 * the emulator. The exports are literal (test/support/state-fixtures.ts) with
 * keys the emulator issued.
 */
import { checkKeys } from "../../cli/key-check";
import { keysOfStack } from "../../cli/key-rows";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { SECRET_SIG, SPECIAL_SIG_KEY, stackExportSchema } from "../../provider/schema/state-export";
import { keyResource, providerResource, stackExport } from "../support/state-fixtures";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const now = new Date();
const email = "fleet@example.org";
let sequence = 0;

/** A key resource holding `keys` (one per site URL), revealed as `stack export --show-secrets` prints it. */
function revealedKey(stack: string, name: string, keys: Record<string, string>): Record<string, unknown> {
  const website = Object.keys(keys);
  const resource = keyResource(stack, { name, website }, now);
  const credentials = {
    authKey: Object.values(keys)[0],
    salt: "s".repeat(22),
    ...(website.length > 1 ? { sites: Object.fromEntries(website.map((url) => [url, { hostname: new URL(url).hostname, authKey: keys[url] }])) } : {}),
  };
  (resource.outputs as Record<string, unknown>).credentials = { [SPECIAL_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(credentials) };
  return resource;
}

function site(): string {
  sequence++;
  return `https://check-${sequence}.example.org`;
}

function stackOf(name: string, config: Record<string, unknown>, keys: Record<string, unknown>[]) {
  return keysOfStack(name, stackExportSchema.parse(stackExport([providerResource(name, config), ...keys])), now);
}

test("a key CleanTalk accepts is valid; one regenerated in the dashboard since is invalid; one refused site makes a multi-site key invalid", async () => {
  const [current, regenerated, multiA, multiB] = [site(), site(), site(), site()];
  const keys = {
    current: emulator.generateKey({ email, website: current }),
    regenerated: emulator.generateKey({ email, website: regenerated }),
    multiA: emulator.generateKey({ email, website: multiA }),
    multiB: emulator.generateKey({ email, website: multiB }),
  };
  emulator.generateKey({ email, website: regenerated });
  emulator.generateKey({ email, website: multiB });
  const before = emulator.counters().requests.notice_paid_till ?? 0;

  const stack = stackOf("org/web/prod", { "cleantalk:apiUrl": emulator.url }, [
    revealedKey("org/web/prod", "current", { [current]: keys.current }),
    revealedKey("org/web/prod", "regenerated", { [regenerated]: keys.regenerated }),
    revealedKey("org/web/prod", "multi", { [multiA]: keys.multiA, [multiB]: keys.multiB }),
  ]);
  const outcomes = await checkKeys([stack], { env: {} });
  expect(stack.keys.map((key) => [key.row.resource, outcomes.get(key)])).toEqual([
    ["current", { status: "valid" }],
    ["regenerated", { status: "invalid" }],
    ["multi", { status: "invalid" }],
  ]);
  // One call per site, none of get_api_key: checking never changes a key.
  expect((emulator.counters().requests.notice_paid_till ?? 0) - before).toBe(4);
  expect(emulator.counters().requests.get_api_key ?? 0).toBe(0);
});

test("the API comes from the stack's recorded config, else CLEANTALK_API_URL; a refused endpoint is a failed check, never a secret in the message", async () => {
  const url = site();
  const key = emulator.generateKey({ email, website: url });
  const fromEnv = stackOf("org/web/env", {}, [revealedKey("org/web/env", "k", { [url]: key })]);
  expect([...(await checkKeys([fromEnv], { env: { CLEANTALK_API_URL: emulator.url } })).values()]).toEqual([{ status: "valid" }]);

  const insecure = stackOf("org/web/insecure", { "cleantalk:apiUrl": "http://api.example.org" }, [revealedKey("org/web/insecure", "k", { [url]: key })]);
  const [outcome] = [...(await checkKeys([insecure], { env: {} })).values()];
  expect(outcome).toMatchObject({ status: "failed", code: "INSECURE_ENDPOINT" });
  expect(JSON.stringify(outcome)).not.toContain(key);
});

test("once an endpoint fails for transport reasons, the rest of its keys fail at once instead of each spending its retries", async () => {
  const keys = Array.from({ length: 6 }, (_, i) => revealedKey("org/web/down", `k${i}`, { [site()]: "abcdefgh1234" }));
  // Two attempts per call (the stack's own setting), every one answered 503.
  const down = stackOf("org/web/down", { "cleantalk:apiUrl": emulator.url, "cleantalk:maxAttempts": "2" }, keys);
  emulator.injectFault({ kind: "status", status: 503, count: 100, methods: ["notice_paid_till"] });
  const before = emulator.counters().requests.notice_paid_till ?? 0;
  try {
    const outcomes = [...(await checkKeys([down], { env: {}, concurrency: 2 })).values()];
    expect(outcomes.map((o) => (o.status === "failed" ? o.code : o.status))).toEqual(Array(6).fill("RETRIES_EXHAUSTED"));
    expect(outcomes[0]).toMatchObject({ message: expect.stringContaining("gave up after 2 attempts (last: HTTP_STATUS") });
  } finally {
    emulator.clearFaults();
  }
  // The two keys in flight when the endpoint failed, twice each; the other four were not sent.
  expect((emulator.counters().requests.notice_paid_till ?? 0) - before).toBe(4);
});

test("credentials that were not revealed cannot be checked, and say so", async () => {
  const stack = stackOf("org/web/sealed", { "cleantalk:apiUrl": emulator.url }, [keyResource("org/web/sealed", { name: "sealed" }, now)]);
  expect([...(await checkKeys([stack], { env: {} })).values()]).toEqual([
    { status: "failed", code: "STATE_UNREADABLE", message: "the key's credentials were not revealed by `pulumi stack export --show-secrets`" },
  ]);
});
