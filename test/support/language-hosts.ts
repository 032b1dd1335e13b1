/**
 * Stacks of YAML and Python programs for the e2e tests: the CLI directory
 * with those languages' hosts beside `pulumi` (scripts/pulumi-cli.sh) and,
 * for Python, the virtualenv with the `pulumi` wheel (scripts/python-venv.sh).
 */
import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import path from "node:path";
import { PulumiStack, REPO_ROOT, type StackOptions } from "./pulumi-cli";

export type ProgramLanguage = "yaml" | "python";

let cliBin: string | undefined;
let virtualenv: string | undefined;

/** Runs one of our scripts that prints a cached directory (building it first if needed). */
function cachedDirectory(script: string, args: readonly string[] = []): string {
  return execFileSync("bash", [path.join(REPO_ROOT, "scripts", script), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/** The directory holding `pulumi` with the Node.js, YAML and Python language hosts beside it. */
export function pulumiCliWithHostsBin(): string {
  cliBin ??= cachedDirectory("pulumi-cli.sh", ["yaml", "python"]);
  return cliBin;
}

/** The cached virtualenv that has the `pulumi` wheel of our CLI's release. */
export function pythonVirtualenv(): string {
  virtualenv ??= cachedDirectory("python-venv.sh");
  return virtualenv;
}

export interface LanguageStackOptions extends StackOptions {
  readonly language: ProgramLanguage;
}

/**
 * A stack of a YAML or Python program. A Python program's Pulumi.yaml names
 * `venv` as its virtualenv, as a user's project does; here `venv` links to
 * the cached one, so no test installs the wheel again.
 */
export async function createLanguageStack(options: LanguageStackOptions): Promise<PulumiStack> {
  const { language, ...stackOptions } = options;
  const stack = await PulumiStack.create({
    ...stackOptions,
    env: { PATH: `${pulumiCliWithHostsBin()}${path.delimiter}${process.env.PATH ?? ""}`, ...stackOptions.env },
  });
  if (language === "python") symlinkSync(pythonVirtualenv(), path.join(stack.workDir, "venv"), "dir");
  return stack;
}
