import { readFileSync } from "node:fs";
import path from "node:path";
import { ACCESS_KEY_TOKEN, PACKAGE_SCHEMA } from "../../provider/runtime/package-schema";
import { keyInputsSchema } from "../../provider/schema/key-inputs";

const ROOT = path.resolve(__dirname, "..", "..");

describe("the plugin's package schema", () => {
  it("plugin/schema.json is the schema the plugin serves (run `npm run schema` after changing it)", () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const written = JSON.parse(readFileSync(path.join(ROOT, "plugin", "schema.json"), "utf8")) as unknown;
    expect(written).toEqual(JSON.parse(JSON.stringify({ ...PACKAGE_SCHEMA, version })));
  });

  it("declares every input the provider accepts, and only those", () => {
    const resource = PACKAGE_SCHEMA.resources[ACCESS_KEY_TOKEN];
    expect(Object.keys(resource.inputProperties).sort()).toEqual(Object.keys(keyInputsSchema.shape).sort());
    expect([...resource.requiredInputs].sort()).toEqual(["email", "website"]);
  });

  it("marks every credential secret, as input and as output, and describes every property", () => {
    const resource = PACKAGE_SCHEMA.resources[ACCESS_KEY_TOKEN];
    const properties: Record<string, { secret?: boolean; description?: string }> = resource.properties;
    for (const name of ["authKey", "userToken", "passwordHash", "websites", "credentials"]) expect(properties[name]?.secret).toBe(true);
    expect(resource.inputProperties.authKey.secret).toBe(true);
    for (const name of ["fingerprint", "createdAt", "expiresAt", "rotateAfter", "rotationState", "hostnames", "details"])
      expect(properties[name]?.secret).toBeUndefined();
    for (const [name, property] of Object.entries(properties)) expect([name, typeof property.description]).toEqual([name, "string"]);
  });
});
