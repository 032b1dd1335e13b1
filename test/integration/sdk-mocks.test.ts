import * as pulumi from "@pulumi/pulumi";
import { type KeyRecord, keyPlanCodec, keyRecordCodec } from "../../provider";
import { checkKey } from "../../provider/lifecycle/check-key";
import { CleantalkAccessKey } from "../../sdk";
import { DAY_MS, fakeKey, fakeToken, keyRecord, thrownBy } from "../support/provider-fixtures";
import { type LogEngine, startLogEngine } from "../support/pulumi-log-engine";

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly additionalSecretOutputs: string[];
}

const registrations: Registration[] = [];
const mockCalls: pulumi.runtime.MockResourceArgs[] = [];
/** What each mocked resource "stored", by name. */
const stored = new Map<string, KeyRecord>();
let engine: LogEngine;

// The SDK reads the clock when the program runs; ages are set relative to that, half a day off
// a day boundary so daysLeft cannot flip while the test runs.
const HALF_DAY = DAY_MS / 2;
const ages: Readonly<Record<string, number>> = {
  // 340.5 days old: due (rotateAfter at 335 days), 24 days left.
  due: 340 * DAY_MS + HALF_DAY,
  // 400.5 days old: expired 35.5 days ago.
  expired: 400 * DAY_MS + HALF_DAY,
};
const CURRENT_AGE = 10 * DAY_MS + HALF_DAY;

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/**
 * The provider's outputs for these inputs, without the API: the inputs checked as `check` does,
 * a record built for them, and encoded to the lean stored layout as `create` stores it. The
 * input `label` picks the key's age ("due", "expired"; current otherwise) or its status.
 */
function providerState(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const { authKey: _secretInput, __provider: _provider, ...program } = inputs;
  const checked = checkKey({}, program);
  if (checked.failures.length > 0) throw new Error(`mock: inputs refused: ${JSON.stringify(checked.failures)}`);
  const plan = keyPlanCodec.parse(checked.inputs);
  const label = typeof program.label === "string" ? program.label : "";
  const createdAt = new Date(Date.now() - (ages[label] ?? CURRENT_AGE)).toISOString();
  const base = keyRecord(plan, { authKey: fakeKey(`sdk-${name}`), createdAt, now: new Date(), keyStatus: label === "invalid" ? "invalid" : "valid" });
  const sites = Object.fromEntries(
    plan.website.map((url, i) => [
      url,
      { hostname: new URL(url).hostname, authKey: plan.website.length > 1 ? fakeKey(`sdk-${name}-${i}`) : fakeKey(`sdk-${name}`) },
    ]),
  );
  const record: KeyRecord = {
    ...base,
    credentials: {
      ...base.credentials,
      authKey: Object.values(sites)[0]?.authKey ?? "",
      userToken: fakeToken(name),
      passwordHash: fakeToken(`hash-${name}`),
      sites,
    },
    details: { ...base.details, serviceId: 1 },
  };
  stored.set(name, record);
  const outs = keyRecordCodec.encode(record);
  // Secret as the engine returns it (mocks do not apply additionalSecretOutputs).
  return { ...outs, credentials: { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: outs.credentials } };
}

beforeAll(async () => {
  engine = await startLogEngine();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        mockCalls.push(args);
        return { id: `anti-spam/example.com/${args.name}`, state: providerState(args.name, args.inputs) };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  );
  // The mock monitor answers registrations; wrap it to see what the SDK sends
  // the engine (the engine, not the SDK, applies additionalSecretOutputs).
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: { getType(): string; getName(): string; getAdditionalsecretoutputsList(): string[] }, callback: unknown): unknown;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    registrations.push({ type: req.getType(), name: req.getName(), additionalSecretOutputs: req.getAdditionalsecretoutputsList() });
    return register(req, callback);
  };
});
afterAll(() => engine.stop());

const site = { email: "ops@example.com", website: "https://example.com" };

describe("CleantalkAccessKey with Pulumi mocks", () => {
  it("registers as pulumi-nodejs:dynamic/cleantalk:AccessKey with the serialised provider", async () => {
    const key = new CleantalkAccessKey("site", { ...site, label: "forms" });
    expect(await resolved(key.urn)).toContain("pulumi-nodejs:dynamic/cleantalk:AccessKey::site");
    const call = mockCalls.find((c) => c.name === "site");
    expect(call?.type).toBe("pulumi-nodejs:dynamic/cleantalk:AccessKey");
    expect(call?.custom).toBe(true);
    expect(call?.inputs).toMatchObject({ email: "ops@example.com", website: "https://example.com", label: "forms" });
    expect(typeof call?.inputs.__provider).toBe("string");
    expect(call?.inputs.__provider).toContain("exports.handler");
    expect(call?.inputs.__provider).toContain('require("pulumi-cleantalk/internal")');
  });

  it("asks the engine to keep credentials secret, and authKey, userToken, passwordHash and websites come out secret", async () => {
    const key = new CleantalkAccessKey("secrets", site);
    await resolved(key.urn);
    const registration = registrations.find((r) => r.name === "secrets");
    expect(registration?.type).toBe("pulumi-nodejs:dynamic/cleantalk:AccessKey");
    expect(registration?.additionalSecretOutputs).toEqual(["credentials"]);
    const secrecy = (outputs: pulumi.Output<unknown>[]) => Promise.all(outputs.map((output) => pulumi.isSecret(output)));
    expect(await secrecy([key.credentials, key.authKey, key.userToken, key.passwordHash, key.websites])).toEqual([true, true, true, true, true]);
    expect(
      await secrecy([key.details, key.fingerprint, key.expiresAt, key.hostnames, key.website, key.rotationState, key.daysLeft, key.keyStatus, key.source]),
    ).toEqual([false, false, false, false, false, false, false, false, false]);
  });

  it("merges the caller's own additionalSecretOutputs and options instead of replacing them", async () => {
    const key = new CleantalkAccessKey("merged", site, { additionalSecretOutputs: ["hostnames"], protect: false });
    await resolved(key.urn);
    const registration = registrations.find((r) => r.name === "merged");
    expect([...(registration?.additionalSecretOutputs ?? [])].sort()).toEqual(["credentials", "hostnames"]);
  });

  it("the resource options the SDK builds carry the secret outputs (seen by a transformation)", async () => {
    let seen: pulumi.ResourceOptions | undefined;
    const key = new CleantalkAccessKey("transformed", site, {
      transformations: [
        (args) => {
          seen = args.opts;
          return undefined;
        },
      ],
    });
    await resolved(key.urn);
    expect((seen as pulumi.CustomResourceOptions | undefined)?.additionalSecretOutputs).toEqual(expect.arrayContaining(["credentials"]));
  });

  it("exposes the outputs the provider returns, and the rotation state at the time the program runs", async () => {
    const key = new CleantalkAccessKey("outputs", site);
    await resolved(key.urn);
    const record = stored.get("outputs");
    if (record === undefined) throw new Error("the mock stored nothing");
    expect(await resolved(key.authKey)).toBe(fakeKey("sdk-outputs"));
    expect(await resolved(key.userToken)).toBe(fakeToken("outputs"));
    expect(await resolved(key.passwordHash)).toBe(fakeToken("hash-outputs"));
    expect(await resolved(key.websites)).toEqual({ "https://example.com": { hostname: "example.com", authKey: fakeKey("sdk-outputs") } });
    expect(await resolved(key.hostnames)).toEqual(["example.com"]);
    expect(await resolved(key.serviceId)).toBe(1);
    expect(await resolved(key.fingerprint)).toBe(record.details.fingerprint);
    expect(await resolved(key.fingerprint)).toMatch(/^ctk_[0-9a-f]{10}$/);
    expect(await resolved(key.createdAt)).toBe(record.details.createdAt);
    expect(await resolved(key.expiresAt)).toBe(record.details.expiresAt);
    expect(await resolved(key.rotateAfter)).toBe(record.details.rotateAfter);
    expect(await resolved(key.source)).toBe("provisioned");
    expect(await resolved(key.keyStatus)).toBe("valid");
    expect(await resolved(key.rotationState)).toBe("current");
    // 10.5 days old, 365 days of life: 354.5 days left, rounded down.
    expect(await resolved(key.daysLeft)).toBe(354);
    expect(await resolved(key.website)).toEqual(["https://example.com"]);
    expect(await resolved(key.id)).toBe("anti-spam/example.com/outputs");
  });

  it("registers only the inputs given plus credentials and details; outputs named like inputs are assigned, the others are class getters built once", async () => {
    const key = new CleantalkAccessKey("lean", site);
    await resolved(key.urn);
    const call = mockCalls.find((c) => c.name === "lean");
    expect(Object.keys(call?.inputs ?? {}).sort()).toEqual(["__provider", "email", "website"]);
    // Named like an input: plain data properties, assigned in the constructor over Pulumi's.
    for (const name of ["authKey", "maxAge", "renewBefore", "productName", "label"] as const) {
      const descriptor = Object.getOwnPropertyDescriptor(key, name);
      expect(descriptor?.get).toBeUndefined();
      expect(pulumi.Output.isInstance(descriptor?.value)).toBe(true);
    }
    // The others: accessors of the class, never redefined on the instance; one output per key, built on first read.
    for (const name of ["fingerprint", "hostnames", "websites", "rotationState", "daysLeft", "userToken", "createdAt", "keyStatus"] as const) {
      expect(typeof Object.getOwnPropertyDescriptor(CleantalkAccessKey.prototype, name)?.get).toBe("function");
      expect(Object.getOwnPropertyDescriptor(key, name)).toBeUndefined();
      expect(pulumi.Output.isInstance(key[name])).toBe(true);
      expect(key[name]).toBe(key[name]);
    }
  });

  it("keyStatus and rotationState read invalid only when details says so", async () => {
    const key = new CleantalkAccessKey("flagged", { ...site, label: "invalid" });
    expect(await resolved(key.keyStatus)).toBe("invalid");
    expect(await resolved(key.rotationState)).toBe("invalid");
    expect(await resolved(key.daysLeft)).toBe(354);
  });

  it("an expired key reads expired, with negative days left", async () => {
    const key = new CleantalkAccessKey("expired", { ...site, label: "expired" });
    expect(await resolved(key.rotationState)).toBe("expired");
    // Expired 35.5 days ago: −36 whole days, rounded down.
    expect(await resolved(key.daysLeft)).toBe(-36);
  });

  it('maxAge "never": no dates, always current, no days left', async () => {
    const key = new CleantalkAccessKey("never", { ...site, maxAge: "never", label: "expired" });
    expect(await resolved(key.expiresAt)).toBeUndefined();
    expect(await resolved(key.rotateAfter)).toBeUndefined();
    expect(await resolved(key.rotationState)).toBe("current");
    expect(await resolved(key.daysLeft)).toBeUndefined();
    expect(await resolved(key.maxAge)).toBe("never");
    expect(await resolved(key.renewBefore)).toBe("0s");
  });

  it("websites lists every site's own key for a key of several sites", async () => {
    const key = new CleantalkAccessKey("multi", { email: "ops@example.com", website: ["https://a.example.com", "https://b.example.com"] });
    expect(await resolved(key.websites)).toEqual({
      "https://a.example.com": { hostname: "a.example.com", authKey: fakeKey("sdk-multi-0") },
      "https://b.example.com": { hostname: "b.example.com", authKey: fakeKey("sdk-multi-1") },
    });
    expect(await resolved(key.authKey)).toBe(fakeKey("sdk-multi-0"));
    expect(await resolved(key.hostnames)).toEqual(["a.example.com", "b.example.com"]);
  });

  it("settings not given read as the defaults check fills in; given ones as stored", async () => {
    const defaults = new CleantalkAccessKey("defaults", site);
    expect(await resolved(defaults.productName)).toBe("anti-spam");
    expect(await resolved(defaults.maxAge)).toBe("365d");
    expect(await resolved(defaults.renewBefore)).toBe("30d");
    expect(await resolved(defaults.label)).toBeUndefined();
    const short = new CleantalkAccessKey("short", { ...site, maxAge: "8d", label: "forms", productName: "antispam" });
    expect(await resolved(short.maxAge)).toBe("8d");
    // A quarter of maxAge when that is shorter than 30 days, as check computes it.
    expect(await resolved(short.renewBefore)).toBe("2d");
    expect(await resolved(short.label)).toBe("forms");
    expect(await resolved(short.productName)).toBe("anti-spam");
  });

  describe("a supplied authKey is always a secret input", () => {
    const wire = (value: string) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });

    it.each<[string, (key: string) => pulumi.Input<string>]>([
      ["a secret", (key) => pulumi.secret(key)],
      ["a plain string", (key) => key],
      ["a plain Output", (key) => pulumi.output(key)],
    ])("passed as %s", async (how, supply) => {
      const name = `adopted-${how.replace(/\W+/g, "-")}`;
      const key = new CleantalkAccessKey(name, { ...site, authKey: supply(fakeKey(`supplied-${name}`)) });
      // The authKey output is the key in use (from credentials), not the input echoed.
      expect(await resolved(key.authKey)).toBe(fakeKey(`sdk-${name}`));
      expect(await pulumi.isSecret(key.authKey)).toBe(true);
      // Pulumi's wire form of a secret: the value under the secret signature.
      expect(mockCalls.find((c) => c.name === name)?.inputs.authKey).toEqual(wire(fakeKey(`supplied-${name}`)));
    });

    it("a map of per-site keys, each plain", async () => {
      const map = { "https://a.example.com": fakeKey("map-a"), "https://b.example.com": fakeKey("map-b") };
      const key = new CleantalkAccessKey("adopted-map", { email: "ops@example.com", website: Object.keys(map), authKey: map });
      await resolved(key.urn);
      const sent = mockCalls.find((c) => c.name === "adopted-map")?.inputs.authKey as Record<string, unknown>;
      expect(sent[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
      expect(sent.value).toEqual(map);
    });
  });

  it("the import option is refused at construction with IMPORT_UNSUPPORTED, before anything is registered", () => {
    const error = thrownBy(() => new CleantalkAccessKey("imported", site, { import: "anti-spam/example.com/ctk_0123456789" }));
    // A RunError: Pulumi reports a user's mistake in the program by its message alone, without a stack trace.
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^IMPORT_UNSUPPORTED: CleantalkAccessKey 'imported' cannot be imported: Pulumi does not import dynamic resources\.\nFix:\n {2}1\. Remove the import option\.\n {2}2\. /,
    );
    expect(message).toContain('authKey: config.requireSecret("cleantalkAuthKey")');
    expect(mockCalls.find((c) => c.name === "imported")).toBeUndefined();
    expect(registrations.find((r) => r.name === "imported")).toBeUndefined();
  });

  describe("a due key's warning", () => {
    const keyDue = (urn: string) => engine.logs.filter((log) => log.severity === "warning" && log.message.startsWith("KEY_DUE:") && log.urn === urn);

    it("a due key logs exactly one KEY_DUE warning, attached to the resource, with what to do", async () => {
      const key = new CleantalkAccessKey("due", { ...site, label: "due" });
      const urn = await resolved(key.urn);
      expect(await resolved(key.rotationState)).toBe("due");
      // 340.5 days old: 24.5 days left, rounded down.
      expect(await resolved(key.daysLeft)).toBe(24);
      await resolved(pulumi.all([key.details, key.hostnames]));
      await engine.flush();
      const warnings = engine.logs.filter((log) => log.message.startsWith("KEY_DUE:"));
      expect(warnings).toHaveLength(1);
      expect(keyDue(urn)).toEqual(warnings);
      const record = stored.get("due");
      const message = warnings[0]?.message ?? "";
      expect(message).toContain(
        `KEY_DUE: the CleanTalk key of 'due' for example.com (${record?.details.fingerprint}) expires in 24 days, on ${record?.details.expiresAt?.slice(0, 10)}`,
      );
      expect(message).toContain("Fix:\n  1. In the CleanTalk dashboard");
      expect(message).toContain("pulumi config set --secret cleantalkAuthKey <new key>");
      for (const secret of [fakeKey("sdk-due"), fakeToken("due"), fakeToken("hash-due"), site.email]) expect(message).not.toContain(secret);
    });

    it.each(["current", "expired", "invalid"])("a key that is %s logs none", async (label) => {
      const before = engine.logs.length;
      const key = new CleantalkAccessKey(`quiet-${label}`, { ...site, label });
      await resolved(pulumi.all([key.urn, key.details, key.hostnames, key.rotationState]));
      await engine.flush();
      expect(engine.logs.slice(before).filter((log) => log.severity === "warning")).toEqual([]);
    });
  });
});

describe("CleantalkAccessKey construction and stack traces", () => {
  it("leaves Error.stackTraceLimit alone", () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 17;
    try {
      new CleantalkAccessKey("limit", site);
      expect(Error.stackTraceLimit).toBe(17);
    } finally {
      Error.stackTraceLimit = before;
    }
  });

  it("an error thrown while constructing carries the caller's frames", () => {
    const before = Error.stackTraceLimit;
    // A parent that is not a resource: Pulumi's constructor throws synchronously.
    const thrown = thrownBy(() => new CleantalkAccessKey("bad-parent", site, { parent: {} as pulumi.Resource }));
    expect(Error.stackTraceLimit).toBe(before);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).stack).toContain("sdk-mocks.test.ts");
  });
});
