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
        return {
          id: `anti-spam/example.com/${args.name}`,
          state: {
            ...args.inputs,
            authKey,
            userToken: fakeToken(args.name),
            passwordHash: "hash",
            serviceId: 1,
            websites: { "https://example.com": { hostname: "example.com", authKey } },
            hostnames: ["example.com"],
            fingerprint: "ctk_0123456789",
            keyStatus: "valid",
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

  it("asks the engine to keep authKey, userToken, passwordHash and websites secret", async () => {
    const key = new CleantalkAccessKey("secrets", { email: "ops@example.com", website: "https://example.com" });
    await resolved(key.urn);
    const registration = registrations.find((r) => r.name === "secrets");
    expect(registration?.type).toBe("pulumi-nodejs:dynamic/cleantalk:AccessKey");
    expect([...(registration?.additionalSecretOutputs ?? [])].sort()).toEqual(["authKey", "passwordHash", "userToken", "websites"]);
    expect([...SECRET_OUTPUTS].sort()).toEqual(["authKey", "passwordHash", "userToken", "websites"]);
  });

  it("merges the caller's own additionalSecretOutputs and options instead of replacing them", async () => {
    const key = new CleantalkAccessKey(
      "merged",
      { email: "ops@example.com", website: "https://example.com" },
      { additionalSecretOutputs: ["hostnames"], protect: false },
    );
    await resolved(key.urn);
    const registration = registrations.find((r) => r.name === "merged");
    expect([...(registration?.additionalSecretOutputs ?? [])].sort()).toEqual(["authKey", "hostnames", "passwordHash", "userToken", "websites"]);
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
    expect((seen as pulumi.CustomResourceOptions | undefined)?.additionalSecretOutputs).toEqual(
      expect.arrayContaining(["authKey", "userToken", "passwordHash", "websites"]),
    );
  });

  it("exposes the outputs the provider returns", async () => {
    const key = new CleantalkAccessKey("outputs", { email: "ops@example.com", website: "https://example.com" });
    expect(await resolved(key.authKey)).toBe(fakeKey("sdk-outputs"));
    expect(await resolved(key.hostnames)).toEqual(["example.com"]);
    expect(await resolved(key.fingerprint)).toBe("ctk_0123456789");
    expect(await resolved(key.keyStatus)).toBe("valid");
    expect(await resolved(key.id)).toBe("anti-spam/example.com/outputs");
  });

  it("sends a secret authKey input to the engine still marked secret", async () => {
    const supplied = pulumi.secret(fakeKey("supplied"));
    const key = new CleantalkAccessKey("adopted", { email: "ops@example.com", website: "https://example.com", authKey: supplied });
    await resolved(key.urn);
    // Pulumi's wire form of a secret: the value under the secret signature.
    expect(mockCalls.find((c) => c.name === "adopted")?.inputs.authKey).toEqual({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      value: fakeKey("supplied"),
    });
  });
});
