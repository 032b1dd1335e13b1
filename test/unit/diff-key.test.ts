import { CleantalkError } from "../../provider/errors/cleantalk-error";
import { UNKNOWN_VALUE } from "../../provider/inputs/unknown-values";
import { diffKey } from "../../provider/lifecycle/diff-key";
import type { CheckedInputs, KeyOutputs } from "../../provider/state/key-state";
import { checkedInputs, fakeKey, keyOutputs, thrownBy } from "../support/provider-fixtures";

const base = checkedInputs();
const olds = keyOutputs(base, fakeKey("current"));
const later = "2026-02-01T00:00:00.000Z";

function diff(news: Partial<CheckedInputs> & Record<string, unknown>, previous: KeyOutputs = olds) {
  const result = diffKey(previous, { ...base, ...news } as CheckedInputs);
  expect(typeof result.changes).toBe("boolean");
  expect(result.deleteBeforeReplace).toBe(false);
  return result;
}

describe("diffKey", () => {
  it("reports no changes for the inputs the outputs were built from", () => {
    expect(diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("ignores the __provider property and outputs-only fields", () => {
    const previous = { ...olds, __provider: "serialised" } as unknown as KeyOutputs;
    expect(diff({ __provider: "serialised-other" }, previous).changes).toBe(false);
  });

  it.each([
    ["email", { email: "other@example.com" }],
    ["website", { website: ["https://other.example.com"] }],
    ["website", { website: ["https://example.com", "https://b.example.com"] }],
    ["productName", { productName: "security" as const }],
  ])("replaces on a %s change", (property, news) => {
    expect(diff({ ...news, rotationBase: later })).toEqual({ changes: true, replaces: [property], deleteBeforeReplace: false });
  });

  it("names every identity field that changed", () => {
    expect(diff({ email: "x@example.com", productName: "doboard" }).replaces).toEqual(["email", "productName"]);
  });

  it.each([
    ["age", "rotateAfter"],
    ["triggers", "rotationTriggers"],
    ["invalidated", "keyStatus"],
    ["adopt", "authKey"],
  ] as const)("a rotation for %s replaces, naming %s", (reason, property) => {
    const news = { rotationBase: later, rotation: { reason, previousBase: base.rotationBase }, ...(reason === "adopt" ? { authKey: fakeKey("new") } : {}) };
    expect(diff(news).replaces).toEqual([property]);
  });

  it("a rotation marker replaces even when the new base equals the old one (same instant)", () => {
    expect(diff({ rotation: { reason: "adopt", previousBase: base.rotationBase }, authKey: fakeKey("new") }).replaces).toEqual(["authKey"]);
  });

  it("a new rotationBase without a marker replaces as rotateAfter", () => {
    expect(diff({ rotationBase: later }).replaces).toEqual(["rotateAfter"]);
  });

  it("an invalid key replaces even when the base did not move", () => {
    expect(diff({}, { ...olds, details: { ...olds.details, keyStatus: "invalid" } }).replaces).toEqual(["keyStatus"]);
  });

  it.each([
    ["label", { label: "new label" }],
    ["maxAge", { maxAge: "200d" }],
    ["renewBefore", { renewBefore: "10d" }],
    ["platform", { platform: "wordpress" }],
    ["rotationTriggers", { rotationTriggers: { note: "x" } }],
  ])("updates %s in place", (_field, news) => {
    expect(diff(news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("removing a label is an in-place change too", () => {
    const labelled = keyOutputs(checkedInputs({ label: "old" }));
    expect(diffKey(labelled, base)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("compares maps regardless of key order", () => {
    const previous = { ...olds, rotationTriggers: { a: "1", b: "2" } };
    expect(diff({ rotationTriggers: { b: "2", a: "1" } }, previous).changes).toBe(false);
  });

  it("an unknown value during preview counts as a change (and replaces for identity fields)", () => {
    expect(diff({ email: UNKNOWN_VALUE }).replaces).toEqual(["email"]);
    expect(diff({ label: UNKNOWN_VALUE })).toMatchObject({ changes: true, replaces: [] });
  });

  it("refuses a replacement whose supplied authKey is the key already in use", () => {
    const current = fakeKey("current");
    const error = thrownBy(() => diff({ authKey: current, rotationBase: later, rotation: { reason: "adopt", previousBase: base.rotationBase } }));
    expect(CleantalkError.isInstance(error)).toBe(true);
    expect((error as CleantalkError).code).toBe("KEY_NOT_ROTATED");
    expect((error as CleantalkError).message).toContain("Generate key");
    expect((error as CleantalkError).message).not.toContain(current);
  });

  it("also refuses it for an age rotation", () => {
    const error = thrownBy(() => diff({ authKey: fakeKey("current"), rotationBase: later, rotation: { reason: "age", previousBase: base.rotationBase } }));
    expect((error as CleantalkError).code).toBe("KEY_NOT_ROTATED");
  });

  it("accepts the current key as authKey when nothing is replaced", () => {
    const supplied = keyOutputs(base, fakeKey("current"));
    expect(diff({ authKey: fakeKey("current") }, supplied).changes).toBe(false);
  });

  it("accepts a different supplied key for a replacement", () => {
    expect(diff({ authKey: fakeKey("other"), rotationBase: later, rotation: { reason: "adopt", previousBase: base.rotationBase } }).replaces).toEqual([
      "authKey",
    ]);
  });
});
