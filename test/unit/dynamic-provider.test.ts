import { CleantalkError } from "../../provider/errors/cleantalk-error";
import { createDynamicProvider } from "../../provider/runtime/dynamic-provider";
import { ProviderRuntime } from "../../provider/runtime/provider-runtime";
import { keyPlanCodec, keyRecordCodec } from "../../provider/schema/stored-key";
import { fakeKey, keyPlan, keyRecord, rejectionOf, TestClock } from "../support/provider-fixtures";

const CREATED = "2025-03-01T00:00:00.000Z";
const record = keyRecord(keyPlan(), { authKey: fakeKey("current"), createdAt: CREATED });
const olds = keyRecordCodec.encode(record) as Record<string, unknown>;
const news = keyPlanCodec.encode(keyPlan()) as Record<string, unknown>;

function provider(env: NodeJS.ProcessEnv = {}) {
  return createDynamicProvider(new ProviderRuntime({ now: new TestClock(CREATED).now, env, warn: () => {}, debug: () => {} }));
}

describe("the dynamic provider the host calls", () => {
  it("diff answers only what the host reads: changes, replaces as a plain array, create-before-delete", async () => {
    const answer = await provider().diff("id", olds, { ...news, email: "other@example.com" });
    expect(answer).toEqual({ changes: true, replaces: ["email"], deleteBeforeReplace: false });
    expect(Array.isArray(answer.replaces)).toBe(true);
  });

  it("check reports failures instead of throwing", async () => {
    const outcome = await provider().check({}, { email: "ops@example.com", website: "ftp://example.com" });
    expect(outcome.failures).toEqual([{ property: "website", reason: expect.stringMatching(/^INVALID_INPUT: /) }]);
  });

  it("configure takes the stack's settings; a refused one fails the steps that call CleanTalk", async () => {
    const dynamic = provider();
    await dynamic.configure({ config: { get: (name: string) => (name === "cleantalk:maxAttempts" ? "abc" : undefined) } });
    const error = await rejectionOf(dynamic.read("id", olds));
    expect((error as CleantalkError).message).toMatch(/^INVALID_INPUT: cleantalk:maxAttempts: /);
  });

  it("an expected error from read keeps its message for the resource and prints one pointer line on stderr", async () => {
    const error = await rejectionOf(provider({ CLEANTALK_MAX_ATTEMPTS: "abc" }).read("id", olds));
    expect(CleantalkError.isInstance(error)).toBe(true);
    expect((error as CleantalkError).message).toMatch(/^INVALID_INPUT: CLEANTALK_MAX_ATTEMPTS: /);
    expect(String(error)).toBe("[pulumi-cleantalk] a key's refresh failed");
    expect((error as Error).stack).toBe("INVALID_INPUT, see that key's own error");
  });

  it("an unexpected error (a bug, unreadable state) keeps its stack", async () => {
    const error = await rejectionOf(provider().read("id", { ...olds, details: { nonsense: true } }));
    expect(CleantalkError.isInstance(error)).toBe(false);
    expect((error as Error).stack).toContain("the stored state of this key is unreadable");
    expect((error as Error).stack).toMatch(/\n\s+at /);
  });

  it("delete forgets the key without a call", async () => {
    await expect(provider({ CLEANTALK_MAX_ATTEMPTS: "abc" }).delete("id", olds)).resolves.toBeUndefined();
  });
});
