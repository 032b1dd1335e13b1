import { keysOfStack, withCheck } from "../../cli/key-rows";
import { stackExportSchema } from "../../provider/schema/state-export";
import { DYNAMIC_TYPE, keyResource, PLUGIN_TYPE, providerResource, stackExport } from "../support/state-fixtures";

const now = new Date("2026-06-01T12:00:00.000Z");
const stack = "organization/keyring/prod";

function exportOf(resources: Record<string, unknown>[]) {
  return stackExportSchema.parse(stackExport(resources));
}

describe("keysOfStack", () => {
  it("reads each key of either resource type where it stands now, from its stored dates", () => {
    const { keys, problems } = keysOfStack(
      stack,
      exportOf([
        keyResource(stack, { name: "fresh", ageDays: 10 }, now),
        keyResource(stack, { name: "due", ageDays: 340, type: PLUGIN_TYPE }, now),
        keyResource(stack, { name: "old", ageDays: 400 }, now),
        keyResource(stack, { name: "refused", ageDays: 10, invalid: true }, now),
        keyResource(stack, { name: "forever", maxAgeDays: null, label: "never rotates" }, now),
      ]),
      now,
    );
    expect(problems).toEqual([]);
    expect(keys.map(({ row }) => [row.resource, row.type, row.state, row.daysLeft])).toEqual([
      ["fresh", DYNAMIC_TYPE, "current", 355],
      ["due", PLUGIN_TYPE, "due", 25],
      ["old", DYNAMIC_TYPE, "expired", -35],
      ["refused", DYNAMIC_TYPE, "invalid", 355],
      ["forever", DYNAMIC_TYPE, "current", null],
    ]);
    const forever = keys[4]?.row;
    expect(forever).toMatchObject({ rotateAfter: null, expiresAt: null, label: "never rotates", hostnames: ["forever.example.org"], source: "provisioned" });
  });

  it("leaves out the old copy of a replaced key and everything that is not a key", () => {
    const { keys } = keysOfStack(
      stack,
      exportOf([keyResource(stack, { name: "site", delete: true }, now), keyResource(stack, { name: "site" }, now), providerResource(stack, {})]),
      now,
    );
    expect(keys.map(({ row }) => row.resource)).toEqual(["site"]);
  });

  it("reports a key without readable details and still reads the others", () => {
    const broken = keyResource(stack, { name: "broken" }, now);
    (broken.outputs as Record<string, unknown>).details = { fingerprint: "not-a-fingerprint" };
    const { keys, problems } = keysOfStack(stack, exportOf([broken, keyResource(stack, { name: "fine" }, now)]), now);
    expect(keys.map(({ row }) => row.resource)).toEqual(["fine"]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^STATE_UNREADABLE: stack organization\/keyring\/prod: key broken has no stored details this version reads \(at details\./),
    ]);
  });

  it("indexes provider resources by the reference keys hold", () => {
    const { providers, keys } = keysOfStack(
      stack,
      exportOf([providerResource(stack, { "cleantalk:apiUrl": "http://127.0.0.1:1" }), keyResource(stack, { name: "k" }, now)]),
      now,
    );
    expect(providers.get(keys[0]?.resource.provider ?? "")?.inputs).toEqual({ "cleantalk:apiUrl": "http://127.0.0.1:1" });
  });
});

describe("withCheck", () => {
  const [key] = keysOfStack(stack, exportOf([keyResource(stack, { name: "k", ageDays: 10 }, now)]), now).keys;
  if (key === undefined) throw new Error("fixture has a key");

  it("CleanTalk's refusal makes a current key invalid", () => {
    expect(withCheck(key.row, key.outputs.details, { status: "invalid" }, now)).toMatchObject({ state: "invalid", check: { status: "invalid" } });
  });

  it("a failed check keeps the recorded state", () => {
    const failed = { status: "failed", code: "NETWORK", message: "unreachable" } as const;
    expect(withCheck(key.row, key.outputs.details, failed, now)).toMatchObject({ state: "current", check: failed });
  });
});
