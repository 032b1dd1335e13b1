import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "../../sdk";
import { SECRET_OUTPUTS } from "../../provider";
import { fakeKey, fakeToken } from "../support/provider-fixtures";

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly additionalSecretOutputs: string[];
}

const registrations: Registration[] = [];
const mockCalls: pulumi.runtime.MockResourceArgs[] = [];

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        mockCalls.push(args);
        const authKey = fakeKey(`sdk-${args.name}`);
        const website: string[] = Array.isArray(args.inputs.website) ? args.inputs.website : [args.inputs.website];
        const hostnames = website.map((url) => new URL(url).hostname);
        // As the provider stores a key: one secret, one non-secret object, and
        // the per-site map only for several sites.
        const sites = Object.fromEntries(website.map((url, i) => [url, { hostname: hostnames[i], authKey: fakeKey(`sdk-${args.name}-${i}`) }]));
        return {
          id: `anti-spam/example.com/${args.name}`,
          state: {
            ...args.inputs,
            website,
            // Secret as the engine returns it (mocks do not apply additionalSecretOutputs).
            credentials: {
              [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
              value: { authKey, userToken: fakeToken(args.name), passwordHash: "hash", ...(website.length > 1 ? { sites } : {}) },
            },
            details: {
              fingerprint: "ctk_0123456789",
              createdAt: "2026-01-01T00:00:00.000Z",
              expiresAt: "2027-01-01T00:00:00.000Z",
              rotateAfter: "2026-12-02T00:00:00.000Z",
              source: "provisioned",
              ...(args.inputs.label === "invalid" ? { keyStatus: "invalid" } : {}),
              serviceId: 1,
            },
          },
        };
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

describe("CleantalkAccessKey with Pulumi mocks", () => {
  it("registers as pulumi-nodejs:dynamic/cleantalk:AccessKey with the serialised provider", async () => {
    const key = new CleantalkAccessKey("site", { email: "ops@example.com", website: "https://example.com", label: "forms" });
    expect(await resolved(key.urn)).toContain("pulumi-nodejs:dynamic/cleantalk:AccessKey::site");
    const call = mockCalls.find((c) => c.name === "site");
    expect(call?.type).toBe("pulumi-nodejs:dynamic/cleantalk:AccessKey");
    expect(call?.custom).toBe(true);
    expect(call?.inputs).toMatchObject({ email: "ops@example.com", website: "https://example.com", label: "forms" });
    expect(typeof call?.inputs.__provider).toBe("string");
    expect(call?.inputs.__provider).toContain("exports.handler");
    expect(call?.inputs.__provider).toContain('require("pulumi-cleantalk/provider")');
  });

  it("asks the engine to keep credentials secret, and authKey, userToken, passwordHash and websites come out secret", async () => {
    const key = new CleantalkAccessKey("secrets", { email: "ops@example.com", website: "https://example.com" });
    await resolved(key.urn);
    const registration = registrations.find((r) => r.name === "secrets");
    expect(registration?.type).toBe("pulumi-nodejs:dynamic/cleantalk:AccessKey");
    expect(registration?.additionalSecretOutputs).toEqual(["credentials"]);
    expect([...SECRET_OUTPUTS]).toEqual(["credentials"]);
    const secrecy = (outputs: pulumi.Output<unknown>[]) => Promise.all(outputs.map((output) => pulumi.isSecret(output)));
    expect(await secrecy([key.credentials, key.authKey, key.userToken, key.passwordHash, key.websites])).toEqual([true, true, true, true, true]);
    expect(await secrecy([key.details, key.fingerprint, key.expiresAt, key.hostnames, key.website])).toEqual([false, false, false, false, false]);
  });

  it("merges the caller's own additionalSecretOutputs and options instead of replacing them", async () => {
    const key = new CleantalkAccessKey(
      "merged",
      { email: "ops@example.com", website: "https://example.com" },
      { additionalSecretOutputs: ["hostnames"], protect: false },
    );
    await resolved(key.urn);
    const registration = registrations.find((r) => r.name === "merged");
    expect([...(registration?.additionalSecretOutputs ?? [])].sort()).toEqual(["credentials", "hostnames"]);
  });

  it("the resource options the SDK builds carry the secret outputs (seen by a transformation)", async () => {
    let seen: pulumi.ResourceOptions | undefined;
    const key = new CleantalkAccessKey(
      "transformed",
      { email: "ops@example.com", website: "https://example.com" },
      {
        transformations: [
          (args) => {
            seen = args.opts;
            return undefined;
          },
        ],
      },
    );
    await resolved(key.urn);
    expect((seen as pulumi.CustomResourceOptions | undefined)?.additionalSecretOutputs).toEqual(expect.arrayContaining(["credentials"]));
  });

  it("exposes the outputs the provider returns", async () => {
    const key = new CleantalkAccessKey("outputs", { email: "ops@example.com", website: "https://example.com" });
    expect(await resolved(key.authKey)).toBe(fakeKey("sdk-outputs"));
    expect(await resolved(key.userToken)).toBe(fakeToken("outputs"));
    expect(await resolved(key.passwordHash)).toBe("hash");
    expect(await resolved(key.websites)).toEqual({ "https://example.com": { hostname: "example.com", authKey: fakeKey("sdk-outputs") } });
    expect(await resolved(key.hostnames)).toEqual(["example.com"]);
    expect(await resolved(key.serviceId)).toBe(1);
    expect(await resolved(key.fingerprint)).toBe("ctk_0123456789");
    expect(await resolved(key.createdAt)).toBe("2026-01-01T00:00:00.000Z");
    expect(await resolved(key.expiresAt)).toBe("2027-01-01T00:00:00.000Z");
    expect(await resolved(key.rotateAfter)).toBe("2026-12-02T00:00:00.000Z");
    expect(await resolved(key.source)).toBe("provisioned");
    expect(await resolved(key.keyStatus)).toBe("valid");
    expect(await resolved(key.website)).toEqual(["https://example.com"]);
    expect(await resolved(key.id)).toBe("anti-spam/example.com/outputs");
  });

  it("registers only the inputs given plus credentials and details; the other outputs are built on first read and kept", async () => {
    const key = new CleantalkAccessKey("lean", { email: "ops@example.com", website: "https://example.com" });
    await resolved(key.urn);
    const call = mockCalls.find((c) => c.name === "lean");
    expect(Object.keys(call?.inputs ?? {}).sort()).toEqual(["__provider", "email", "website"]);
    const descriptor = Object.getOwnPropertyDescriptor(key, "fingerprint");
    expect(descriptor?.get).toBeDefined();
    expect(key.fingerprint).toBe(key.fingerprint);
    expect(Object.getOwnPropertyDescriptor(key, "fingerprint")?.get).toBeUndefined();
  });

  it("keyStatus reads invalid only when details says so", async () => {
    const key = new CleantalkAccessKey("flagged", { email: "ops@example.com", website: "https://example.com", label: "invalid" });
    expect(await resolved(key.keyStatus)).toBe("invalid");
  });

  it("websites lists every site's own key for a key of several sites", async () => {
    const key = new CleantalkAccessKey("multi", { email: "ops@example.com", website: ["https://a.example.com", "https://b.example.com"] });
    expect(await resolved(key.websites)).toEqual({
      "https://a.example.com": { hostname: "a.example.com", authKey: fakeKey("sdk-multi-0") },
      "https://b.example.com": { hostname: "b.example.com", authKey: fakeKey("sdk-multi-1") },
    });
    expect(await resolved(key.hostnames)).toEqual(["a.example.com", "b.example.com"]);
  });

  it("settings not given read as the defaults check fills in; given ones as stored", async () => {
    const defaults = new CleantalkAccessKey("defaults", { email: "ops@example.com", website: "https://example.com" });
    expect(await resolved(defaults.productName)).toBe("anti-spam");
    expect(await resolved(defaults.maxAge)).toBe("365d");
    expect(await resolved(defaults.renewBefore)).toBe("30d");
    expect(await resolved(defaults.label)).toBeUndefined();
    const short = new CleantalkAccessKey("short", { email: "ops@example.com", website: "https://example.com", maxAge: "8d", label: "forms" });
    expect(await resolved(short.maxAge)).toBe("8d");
    // A quarter of maxAge when that is shorter than 30 days, as check computes it.
    expect(await resolved(short.renewBefore)).toBe("2d");
    expect(await resolved(short.label)).toBe("forms");
  });

  it("sends a secret authKey input to the engine still marked secret", async () => {
    const supplied = pulumi.secret(fakeKey("supplied"));
    const key = new CleantalkAccessKey("adopted", { email: "ops@example.com", website: "https://example.com", authKey: supplied });
    // The authKey output is the key in use (from credentials), not the input echoed.
    expect(await resolved(key.authKey)).toBe(fakeKey("sdk-adopted"));
    expect(await pulumi.isSecret(key.authKey)).toBe(true);
    // Pulumi's wire form of a secret: the value under the secret signature.
    expect(mockCalls.find((c) => c.name === "adopted")?.inputs.authKey).toEqual({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      value: fakeKey("supplied"),
    });
  });
});

describe("CleantalkAccessKey construction and stack traces", () => {
  it("restores Error.stackTraceLimit after construction", () => {
    const before = Error.stackTraceLimit;
    new CleantalkAccessKey("limit", { email: "ops@example.com", website: "https://example.com" });
    expect(Error.stackTraceLimit).toBe(before);
  });

  it("an error thrown while constructing restores the limit and carries the caller's frames", () => {
    const before = Error.stackTraceLimit;
    let thrown: unknown;
    try {
      // A parent that is not a resource: Pulumi's constructor throws synchronously.
      new CleantalkAccessKey("bad-parent", { email: "ops@example.com", website: "https://example.com" }, { parent: {} as pulumi.Resource });
    } catch (error) {
      thrown = error;
    }
    expect(Error.stackTraceLimit).toBe(before);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).stack).toContain("sdk-mocks.test.ts");
  });
});
