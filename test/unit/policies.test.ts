import { type PolicyResource, type ResourceValidationArgs, type ResourceValidationPolicy, Secret, type StackValidationArgs } from "@pulumi/policy";
import { secrecyOf } from "../../policy/authkey-secrecy";
import {
  authKeySecretDetector,
  authKeySecretPolicy,
  dueKeysPolicy,
  labelRequiredPolicy,
  maxAgePolicy,
  renewBeforePolicy,
  usableKeysPolicy,
} from "../../policy/policies";
import { fakeKey } from "../support/provider-fixtures";
import { DYNAMIC_TYPE, keyResource, PLUGIN_TYPE } from "../support/state-fixtures";

class NotApplicable extends Error {}

/** The arguments @pulumi/policy builds for a resource validation, over plain props. */
function resourceArgs(type: string, name: string, props: Record<string, unknown>, config: object = {}): ResourceValidationArgs {
  return {
    type,
    name,
    urn: `urn:pulumi:s::p::${type}::${name}`,
    props,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

function validate(policy: ResourceValidationPolicy, args: ResourceValidationArgs): string[] {
  const messages: string[] = [];
  const validations = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  for (const validation of validations) void validation(args, (message) => messages.push(message));
  return messages;
}

const email = "fleet@example.org";
const website = ["https://site.example.org"];

describe.each([DYNAMIC_TYPE, PLUGIN_TYPE])("resource policies on %s", (type) => {
  it("maxAge: the default 365d and anything shorter pass; longer or never fail; the limit is a setting", () => {
    const check = (inputs: Record<string, unknown>, config: object = {}) =>
      validate(maxAgePolicy, resourceArgs(type, "site", { email, website, ...inputs }, config));
    expect(check({})).toEqual([]);
    expect(check({ maxAge: "90d" })).toEqual([]);
    expect(check({ maxAge: "400d" })).toEqual([
      "key 'site' has maxAge 400d, longer than the 365d this stack allows; set maxAge to 365d or less (CleanTalk keys are active for 365 days; a key kept longer stops working before Pulumi rotates it).",
    ]);
    expect(check({ maxAge: "never" })[0]).toMatch(/^key 'site' has maxAge "never", so it is never rotated by age; set maxAge to 365d or less/);
    expect(check({ maxAge: "400d" }, { maxAge: "500d" })).toEqual([]);
    expect(check({ maxAge: "100d" }, { maxAge: "90d" })[0]).toContain("longer than the 90d this stack allows");
  });

  it("renewBefore: the default passes; a short window fails; a key that never expires has none; the minimum is a setting", () => {
    const check = (inputs: Record<string, unknown>, config: object = {}) =>
      validate(renewBeforePolicy, resourceArgs(type, "site", { email, website, ...inputs }, config));
    expect(check({})).toEqual([]);
    expect(check({ renewBefore: "2d" })).toEqual([
      "key 'site' becomes due only 2d before it expires (renewBefore), less than the 7 days this stack asks for; set renewBefore to \"7d\" or more, so a new key is generated and rolled out while the old one still works.",
    ]);
    // A 20-day key's default window is a quarter of its life: 5 days.
    expect(check({ maxAge: "20d" })[0]).toContain("due only 5d before it expires");
    expect(check({ maxAge: "never" })).toEqual([]);
    expect(check({ renewBefore: "2d" }, { minimumDays: 1 })).toEqual([]);
    expect(check({}, { minimumDays: 45 })[0]).toContain("due only 30d before it expires");
  });

  it("label: present passes, absent or blank fails", () => {
    const check = (inputs: Record<string, unknown>) => validate(labelRequiredPolicy, resourceArgs(type, "site", { email, website, ...inputs }));
    expect(check({ label: "contact forms" })).toEqual([]);
    expect(check({})).toEqual(["key 'site' has no label; set label (e.g. \"production contact forms\") to say what the key is for."]);
    expect(check({ label: "  " })).toHaveLength(1);
  });

  it("authKey: what the detector saw in the remediation decides, and the key never appears in the message", () => {
    const key = fakeKey("policy-plain");
    const judge = (authKey: unknown) => {
      const args = resourceArgs(type, "site", { email, website, authKey });
      void authKeySecretDetector.remediateResource?.(args);
      return validate(authKeySecretPolicy, args);
    };
    expect(judge(new Secret(key))).toEqual([]);
    expect(judge(undefined)).toEqual([]);
    const [message] = judge(key);
    expect(message).toMatch(/^key 'site' receives authKey as plain text, which Pulumi would store and show unencrypted; pass it as a secret/);
    expect(message).not.toContain(key);
  });

  it("authKey: without the detector's record the policy does not apply, and says why", () => {
    expect(() => validate(authKeySecretPolicy, resourceArgs(type, "never-seen", { email, website, authKey: "x" }))).toThrow(
      /cleantalk-authkey-secret-detector did not run/,
    );
  });
});

describe("secrecyOf", () => {
  it("a secret, a map of secrets and nothing are fine; plain text, a map with one plain key or an unknown are plain", () => {
    expect(secrecyOf(new Secret("k"))).toBe("secret");
    expect(secrecyOf({ "https://a.example.org": new Secret("k1"), "https://b.example.org": new Secret("k2") })).toBe("secret");
    expect(secrecyOf(undefined)).toBe("absent");
    expect(secrecyOf("k")).toBe("plain");
    expect(secrecyOf({ "https://a.example.org": new Secret("k1"), "https://b.example.org": "k2" })).toBe("plain");
    expect(secrecyOf("04da6b54-80e4-46f7-96ec-b56ff0331ba9")).toBe("plain");
  });
});

describe("stack policies", () => {
  // The policies read the real clock: the fixtures are dated an hour ahead of
  // it, so whole days left come out the same however long the test takes.
  const now = new Date(Date.now() + 3_600_000);

  function stackArgs(resources: Record<string, unknown>[]): StackValidationArgs {
    return {
      resources: resources.map(
        (r): PolicyResource => ({
          type: String(r.type),
          name: String(r.urn).split("::").pop() ?? "",
          urn: String(r.urn),
          props: (r.outputs ?? r.inputs) as Record<string, unknown>,
          opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
          },
          dependencies: [],
          propertyDependencies: {},
          isType: () => false,
          asType: () => undefined,
        }),
      ),
      stackTags: new Map(),
      getConfig: <T extends object>() => ({}) as T,
      notApplicable: (reason?: string): never => {
        throw new NotApplicable(reason);
      },
    };
  }

  function violations(policy: typeof usableKeysPolicy, resources: Record<string, unknown>[]): { message: string; urn: string | undefined }[] {
    const found: { message: string; urn: string | undefined }[] = [];
    void policy.validateStack(stackArgs(resources), (message, urn) => found.push({ message, urn }));
    return found;
  }

  const fleet = [
    keyResource("s", { name: "fresh", ageDays: 5 }, now),
    keyResource("s", { name: "due", ageDays: 350, type: PLUGIN_TYPE }, now),
    keyResource("s", { name: "old", ageDays: 370 }, now),
    keyResource("s", { name: "refused", ageDays: 5, invalid: true }, now),
    keyResource("s", { name: "forever", maxAgeDays: null }, now),
  ];

  it("expired and invalid keys are violations, each attached to its key, with the dashboard steps", () => {
    const found = violations(usableKeysPolicy, fleet);
    expect(found.map((v) => v.urn?.split("::").pop())).toEqual(["old", "refused"]);
    expect(found[0]?.message).toMatch(
      /^key 'old' for old\.example\.org \(ctk_[0-9a-f]{10}\) expired \d days ago, on \d{4}-\d{2}-\d{2}\.\nFix:\n {2}1\. In the CleanTalk dashboard/,
    );
    expect(found[1]?.message).toMatch(
      /^key 'refused' for refused\.example\.org \(ctk_[0-9a-f]{10}\) is no longer accepted by CleanTalk \(recorded by the last refresh\)\./,
    );
  });

  it("due keys are reported with the KEY_DUE notice the SDK prints", () => {
    const found = violations(dueKeysPolicy, fleet);
    expect(found.map((v) => v.urn?.split("::").pop())).toEqual(["due"]);
    expect(found[0]?.message).toMatch(/^KEY_DUE: the CleanTalk key of 'due' for due\.example\.org \(ctk_[0-9a-f]{10}\) expires in 15 days/);
  });

  it("a key without recorded details (being created or replaced at preview) is left for after the update", () => {
    const planned = { urn: `urn:pulumi:s::p::${DYNAMIC_TYPE}::new`, type: DYNAMIC_TYPE, inputs: { email, website, maxAge: "1s" } };
    const unknown = {
      urn: `urn:pulumi:s::p::${DYNAMIC_TYPE}::changing`,
      type: DYNAMIC_TYPE,
      outputs: { email, website, details: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
    };
    expect(violations(usableKeysPolicy, [planned, unknown])).toEqual([]);
    expect(violations(dueKeysPolicy, [planned, unknown])).toEqual([]);
  });

  it("no message carries a credential", () => {
    const revealed = [
      keyResource("s", { name: "old", ageDays: 370, revealed: true }, now),
      keyResource("s", { name: "due", ageDays: 350, revealed: true }, now),
    ];
    const text = JSON.stringify([...violations(usableKeysPolicy, revealed), ...violations(dueKeysPolicy, revealed)]);
    expect(text).not.toContain(fakeKey("s/old"));
    expect(text).not.toContain(fakeKey("s/due"));
  });
});
