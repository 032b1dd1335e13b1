import { dynamicProvider } from "../../provider";
import { keyFingerprint } from "../../provider/lifecycle/fingerprint";
import { checkedInputs, fakeKey, fakeToken, preReleaseOutputs } from "../support/provider-fixtures";

/**
 * A stack written by a pre-release build (flat outputs, defaults stored), as
 * the runtime sees it on the first plan after upgrading: no rotation, no API
 * call, one in-place update that rewrites the state in today's layout.
 */
const key = fakeKey("legacy-runtime");
const rotationBase = new Date(Date.now() - 24 * 3_600_000).toISOString();
const oldInputs = { ...checkedInputs({ rotationBase }), __provider: "serialised" };
const oldOutputs = { ...preReleaseOutputs({ authKey: key, userToken: fakeToken("legacy-runtime"), rotationBase }), __provider: "serialised" };
const program = { email: "ops@example.com", website: "https://example.com", __provider: "serialised" };

describe("upgrading from a pre-release state layout", () => {
  it("check keeps the key's schedule: no rotation", async () => {
    const checked = await dynamicProvider.check(oldInputs, program);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toEqual({ email: "ops@example.com", website: ["https://example.com"], rotationBase });
  });

  it("diff plans an in-place update, update rewrites the state, and the next diff is clean", async () => {
    const checked = (await dynamicProvider.check(oldInputs, program)).inputs;
    expect(await dynamicProvider.diff("id", oldOutputs, checked)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs } = await dynamicProvider.update("id", oldOutputs, checked);
    expect(outs).toMatchObject({
      credentials: { authKey: key, userToken: fakeToken("legacy-runtime") },
      details: { fingerprint: keyFingerprint(key), createdAt: rotationBase, source: "provisioned" },
    });
    expect(outs).not.toHaveProperty("authKey");
    expect(await dynamicProvider.diff("id", outs as unknown as Record<string, unknown>, checked)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});
