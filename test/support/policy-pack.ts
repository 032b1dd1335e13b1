import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * Installs a policy pack into a project the way pulumi-cleantalk ships its
 * own (CONTRIBUTING.md, "Policy packs"): `node_modules/<package>/policy/`
 * holds PulumiPolicy.yaml and a package.json whose `main` is
 * `../dist/policy/index.js`, and the pack's TypeScript is compiled to
 * `node_modules/<package>/dist/policy/`. Compiled, because the engine runs a
 * pack inside node_modules, where ts-node refuses to compile. Its imports
 * (@pulumi/policy, @pulumi/pulumi) resolve from the project, as a user's do.
 *
 * Returns the pack's path relative to the project: what a user passes to
 * `pulumi preview --policy-pack`.
 */
export function installPolicyPack(projectDir: string, fixtureDir: string, packageName: string): string {
  const packageDir = path.join(projectDir, "node_modules", packageName);
  const packDir = path.join(packageDir, "policy");
  const distDir = path.join(packageDir, "dist", "policy");
  mkdirSync(packDir, { recursive: true });
  mkdirSync(distDir, { recursive: true });
  cpSync(path.join(fixtureDir, "PulumiPolicy.yaml"), path.join(packDir, "PulumiPolicy.yaml"));
  cpSync(path.join(fixtureDir, "package.json"), path.join(packDir, "package.json"));
  // The pack runs from policy/, and @pulumi/policy reads the pack's version
  // from the package.json there.
  for (const file of readdirSync(fixtureDir).filter((name) => name.endsWith(".ts"))) {
    const { outputText } = ts.transpileModule(readFileSync(path.join(fixtureDir, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    writeFileSync(path.join(distDir, file.replace(/\.ts$/, ".js")), outputText);
  }
  return path.join("node_modules", packageName, "policy");
}
