/**
 * Stacks of YAML, Python and Go programs for the e2e tests: the CLI directory
 * with those languages' hosts beside `pulumi` (scripts/pulumi-cli.sh) and,
 * for Python, the virtualenv with the `pulumi` wheel (scripts/python-venv.sh).
 */
import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import path from "node:path";
import { installedPluginEnv } from "./plugin";
import { PulumiStack, REPO_ROOT, type StackOptions } from "./pulumi-cli";

export type ProgramLanguage = "yaml" | "python" | "go";

let cliBin: string | undefined;
const virtualenvs = new Map<VirtualenvKind, string>();

/** "plain": the `pulumi` wheel and what it needs; "sdk": also the plugin's generated Python SDK. */
export type VirtualenvKind = "plain" | "sdk";

/** Runs one of our scripts that prints a cached directory (building it first if needed). */
function cachedDirectory(script: string, args: readonly string[] = []): string {
  return execFileSync("bash", [path.join(REPO_ROOT, "scripts", script), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/** The directory holding `pulumi` with the Node.js, YAML, Python and Go language hosts beside it. */
export function pulumiCliWithHostsBin(): string {
  cliBin ??= cachedDirectory("pulumi-cli.sh", ["yaml", "python", "go"]);
  return cliBin;
}

/** The cached virtualenv that has the `pulumi` wheel of our CLI's release (and, for "sdk", pulumi_cleantalk). */
export function pythonVirtualenv(kind: VirtualenvKind = "plain"): string {
  let dir = virtualenvs.get(kind);
  if (dir === undefined) {
    dir = cachedDirectory("python-venv.sh", kind === "sdk" ? ["sdk"] : []);
    virtualenvs.set(kind, dir);
  }
  return dir;
}

export interface LanguageStackOptions extends StackOptions {
  readonly language: ProgramLanguage;
  /**
   * The program declares cleantalk resources: the stack runs the plugin
   * installed from its tarball (test/support/plugin.ts), and a Python
   * program's virtualenv has the generated SDK.
   * @default false
   */
  readonly plugin?: boolean;
}

/**
 * A stack of a YAML, Python or Go program. A Python program's Pulumi.yaml
 * names `venv` as its virtualenv, as a user's project does; here `venv` links
 * to the cached one, so no test installs the wheel again.
 */
export async function createLanguageStack(options: LanguageStackOptions): Promise<PulumiStack> {
  const { language, plugin = false, ...stackOptions } = options;
  const stack = await PulumiStack.create({
    ...stackOptions,
    env: {
      PATH: `${pulumiCliWithHostsBin()}${path.delimiter}${process.env.PATH ?? ""}`,
      ...(plugin ? installedPluginEnv() : {}),
      ...stackOptions.env,
    },
  });
  if (language === "python") symlinkSync(pythonVirtualenv(plugin ? "sdk" : "plain"), path.join(stack.workDir, "venv"), "dir");
  return stack;
}
