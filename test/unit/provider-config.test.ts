import { providerConfig } from "../../cli/key-check";
import { resolveSettings } from "../../provider/schema/provider-settings";
import { SECRET_SIG, SPECIAL_SIG_KEY } from "../../provider/schema/state-export";

/** `--check` reads each stack's provider settings from its provider resource, as last deployed. */
describe("providerConfig", () => {
  it("reads the dynamic provider's stack config by its full key", () => {
    const config = providerConfig({
      urn: "u",
      type: "pulumi:providers:pulumi-nodejs",
      inputs: { "cleantalk:apiUrl": "http://127.0.0.1:8787", "web:other": "x" },
    });
    expect(config.get("cleantalk:apiUrl")).toBe("http://127.0.0.1:8787");
    expect(config.get("cleantalk:maxAttempts")).toBeUndefined();
  });

  it("reads the plugin's own namespace without the prefix, numbers as text", () => {
    const config = providerConfig({ urn: "u", type: "pulumi:providers:cleantalk", inputs: { apiUrl: "https://api.cleantalk.org", maxAttempts: 3 } });
    expect(resolveSettings(config, {})).toMatchObject({ apiUrl: new URL("https://api.cleantalk.org"), maxAttempts: 3 });
  });

  it("reads a secret setting once revealed, and leaves an encrypted one to the environment's fallback", () => {
    const revealed = providerConfig({
      urn: "u",
      type: "pulumi:providers:pulumi-nodejs",
      inputs: { "cleantalk:apiUrl": { [SPECIAL_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify("http://127.0.0.1:9") } },
    });
    expect(revealed.get("cleantalk:apiUrl")).toBe("http://127.0.0.1:9");
    const sealed = providerConfig({
      urn: "u",
      type: "pulumi:providers:pulumi-nodejs",
      inputs: { "cleantalk:apiUrl": { [SPECIAL_SIG_KEY]: SECRET_SIG, ciphertext: "v1:x" } },
    });
    expect(resolveSettings(sealed, { CLEANTALK_API_URL: "http://127.0.0.1:7" }).apiUrl.href).toBe("http://127.0.0.1:7/");
  });

  it("without a provider resource, everything comes from the environment or the defaults", () => {
    expect(resolveSettings(providerConfig(undefined), {}).apiUrl.href).toBe("https://api.cleantalk.org/");
  });
});
