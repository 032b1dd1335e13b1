/**
 * The package ships its command and its policy pack: `npx pulumi-cleantalk`
 * needs the `bin` entry and its build, and `--policy-pack
 * node_modules/pulumi-cleantalk/policy` needs the pack's directory, whose
 * package.json @pulumi/policy reads the pack's version from.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as Record<string, unknown>;

describe("package layout", () => {
  const pkg = read("package.json");

  it("declares the command and ships its build", () => {
    expect(pkg.bin).toEqual({ "pulumi-cleantalk": "dist/cli/index.js", "pulumi-resource-cleantalk": "plugin/bin/pulumi-resource-cleantalk" });
    expect(pkg.files).toEqual(expect.arrayContaining(["dist/cli", "dist/policy", "policy/PulumiPolicy.yaml", "policy/package.json"]));
    expect(readFileSync(path.join(ROOT, "cli", "index.ts"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("the pack's package.json loads the compiled pack and carries the package's version", () => {
    const pack = read("policy/package.json");
    expect(pack.main).toBe("../dist/policy/index.js");
    expect(pack.version).toBe(pkg.version);
  });

  it("exports the policies for packs of one's own, and keeps @pulumi/policy an optional peer", () => {
    expect((pkg.exports as Record<string, unknown>)["./policy"]).toEqual({ types: "./dist/policy/policies.d.ts", default: "./dist/policy/policies.js" });
    expect((pkg.peerDependenciesMeta as Record<string, unknown>)["@pulumi/policy"]).toEqual({ optional: true });
  });
});
