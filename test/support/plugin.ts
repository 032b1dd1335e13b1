/**
 * The cleantalk resource provider plugin for e2e stacks: installed from its
 * tarball into a PULUMI_HOME of its own by the e2e global setup
 * (test/e2e/plugin-home.js), the way the README tells users to install it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./pulumi-cli";

const PLUGIN_WORK = path.join(REPO_ROOT, ".work", "plugin");
const PLUGIN_HOME = path.join(PLUGIN_WORK, "pulumi-home");

/** The tarball the global setup installed (scripts/plugin-tarball.js). */
export function pluginTarball(): string {
  return readFileSync(path.join(PLUGIN_HOME, ".installed-from"), "utf8");
}

/**
 * What a stack needs to run the installed plugin. Ambient plugins are
 * ignored: the engine prefers a `pulumi-resource-cleantalk` on PATH (say,
 * from a developer's `npm install -g pulumi-cleantalk`) to an installed one,
 * and the test would then run that.
 */
export function installedPluginEnv(): Record<string, string> {
  return { PULUMI_HOME: PLUGIN_HOME, PULUMI_IGNORE_AMBIENT_PLUGINS: "true" };
}

/** The resource type of a key declared through the plugin. */
export const PLUGIN_KEY_TYPE = "cleantalk:index:AccessKey";
