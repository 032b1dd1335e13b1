import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { REPO_ROOT } from "./pulumi-cli";

/** `npm pack --dry-run --json`: the files the published package holds. */
const packListingSchema = z.array(z.object({ files: z.array(z.object({ path: z.string().min(1) })) })).length(1);

let packed: string[] | undefined;

/**
 * The files `npm pack` would publish, from the `files` list in package.json:
 * what a user gets from `npm install pulumi-cleantalk`. Computed once per
 * test file (npm takes a second or two); scripts are not run, the build in
 * dist/ is what is shipped.
 */
export function packedFiles(): string[] {
  if (packed === undefined) {
    const listing = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    packed = packListingSchema.parse(JSON.parse(listing))[0]?.files.map((file) => file.path) ?? [];
  }
  return packed;
}

export interface InstalledPackage {
  /** `<project>/node_modules/pulumi-cleantalk` */
  readonly packageDir: string;
  /** The command as npm links it: `<project>/node_modules/.bin/pulumi-cleantalk`. */
  readonly bin: string;
  /** What a user passes to `pulumi preview --policy-pack`, relative to the project. */
  readonly policyPack: string;
}

/**
 * Installs the package into a project as npm would: exactly the packed files
 * under node_modules/pulumi-cleantalk, and the `bin` link. Its dependencies
 * (zod, undici, @pulumi/*) resolve from this repository's node_modules, above
 * the project (PulumiStack's "checkout" layout).
 */
export function installPackage(projectDir: string): InstalledPackage {
  const modules = path.join(projectDir, "node_modules");
  const packageDir = path.join(modules, "pulumi-cleantalk");
  for (const file of packedFiles()) {
    mkdirSync(path.dirname(path.join(packageDir, file)), { recursive: true });
    cpSync(path.join(REPO_ROOT, file), path.join(packageDir, file));
  }
  const target = path.join(packageDir, "dist", "cli", "index.js");
  // npm makes a bin target executable when it links it.
  chmodSync(target, 0o755);
  const bin = path.join(modules, ".bin", "pulumi-cleantalk");
  mkdirSync(path.dirname(bin), { recursive: true });
  symlinkSync(path.relative(path.dirname(bin), target), bin);
  return { packageDir, bin, policyPack: path.join("node_modules", "pulumi-cleantalk", "policy") };
}
