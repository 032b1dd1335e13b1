/**
 * The ways the README gives to install the plugin, on the real engine:
 * - `pulumi plugin install resource cleantalk <version> --file <tarball>`
 *   with the tarball of scripts/plugin-tarball.js, into a fresh PULUMI_HOME,
 *   and a YAML program run with no plugin on PATH at all;
 * - on PATH, as npm links the package's bin (node_modules/.bin; global
 *   installs link it into a directory on PATH), where the engine finds it and
 *   warns that it did;
 * - as a source plugin: the project's Pulumi.yaml names the package's plugin/
 *   directory (PulumiPlugin.yaml), and the Node.js language host runs it
 *   through RunPlugin.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { diagnosticsOf } from "../support/cli-output";
import { createLanguageStack, pulumiCliWithHostsBin } from "../support/language-hosts";
import { pluginTarball } from "../support/plugin";
import { expectSuccess, REPO_ROOT, WORK_ROOT } from "../support/pulumi-cli";

jest.setTimeout(300_000);

const program = path.join(__dirname, "programs", "plugin-yaml");
const { version } = require(path.join(REPO_ROOT, "package.json")) as { version: string };
/** The tarball carries the provider's production dependencies; more than this means a dev dependency crept in. */
const TARBALL_BUDGET_BYTES = 20 * 1024 * 1024;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

function leaks(text: string): string[] {
  return emulator.issued().authKeys.filter((key) => text.includes(key));
}

describe("installed from the tarball", () => {
  const tarball = pluginTarball();

  test("holds the launcher and the production dependencies, nothing for development", () => {
    const entries = execFileSync("tar", ["-tzvf", tarball], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).split("\n");
    const names = entries.map((line) => line.split(/\s+/).pop() ?? "");
    expect(entries.find((line) => line.endsWith(" pulumi-resource-cleantalk"))).toMatch(/^-rwxr-xr-x /);
    for (const required of [
      "package.json",
      "dist/provider/runtime/plugin-main.js",
      "node_modules/@pulumi/pulumi/package.json",
      "node_modules/undici/",
      "node_modules/zod/",
    ]) {
      expect(names).toContain(required);
    }
    // No PulumiPlugin.yaml: `pulumi plugin install` would then ask a language host to install dependencies.
    for (const absent of ["PulumiPlugin.yaml", "node_modules/typescript/", "node_modules/jest/", "node_modules/@biomejs/biome/", "node_modules/ts-node/"]) {
      expect(names).not.toContain(absent);
    }
    expect(names.filter((name) => name.startsWith("dist/") && !/\/$|\.js$/.test(name))).toEqual([]);
    expect(statSync(tarball).size).toBeLessThan(TARBALL_BUDGET_BYTES);
  });

  test("pulumi plugin install puts it in PULUMI_HOME, and a program runs it with no plugin on PATH", async () => {
    const sandbox = mkdtempSync(path.join(WORK_ROOT, "plugin-install-"));
    const home = path.join(sandbox, "pulumi-home");
    mkdirSync(home, { recursive: true });
    // Only the CLI with its hosts and node: neither node_modules/.bin nor plugin/bin.
    const PATH = [pulumiCliWithHostsBin(), path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter);
    const env = { PATH, PULUMI_HOME: home };
    expect(() => execFileSync("sh", ["-c", "command -v pulumi-resource-cleantalk"], { env: { PATH } })).toThrow();

    const stack = await createLanguageStack({
      language: "yaml",
      program,
      env,
      config: { "cleantalk:apiUrl": emulator.url, email: "owner-install@example.org", website: "https://install.example.org" },
    });
    expectSuccess(await stack.run(["plugin", "install", "resource", "cleantalk", version, "--file", tarball], { stackFlag: false }));
    const listed = JSON.parse((await stack.run(["plugin", "ls", "--json"], { stackFlag: false })).stdout) as { name: string; kind: string; version: string }[];
    expect(listed.map(({ name, kind, version }) => ({ name, kind, version }))).toEqual([{ name: "cleantalk", kind: "resource", version }]);

    const up = await stack.up();
    expectSuccess(up);
    expect(diagnosticsOf(up.stdout).filter((d) => d.severity !== "info")).toEqual([]);
    expect(await stack.outputs()).toMatchObject({ authKey: "[secret]", source: "provisioned", keyStatus: "valid" });
    expect(leaks(up.stdout + up.stderr + (await stack.exportRaw()))).toEqual([]);
    expectSuccess(await stack.refresh());
    expectSuccess(await stack.destroy());
  });
});

test("on PATH through npm's bin link, the engine runs it and says where it found it", async () => {
  // What `npm install pulumi-cleantalk` makes of the package's `bin`: a link
  // in node_modules/.bin to plugin/bin/pulumi-resource-cleantalk of the
  // installed package (here, this checkout).
  const project = mkdtempSync(path.join(WORK_ROOT, "plugin-bin-"));
  const bin = path.join(project, "node_modules", ".bin");
  mkdirSync(bin, { recursive: true });
  symlinkSync(REPO_ROOT, path.join(project, "node_modules", "pulumi-cleantalk"), "dir");
  symlinkSync(path.join("..", "pulumi-cleantalk", "plugin", "bin", "pulumi-resource-cleantalk"), path.join(bin, "pulumi-resource-cleantalk"));
  const stack = await createLanguageStack({
    language: "yaml",
    program,
    // A PULUMI_HOME of its own (the stack's default), with no plugin installed in it.
    env: { PATH: [pulumiCliWithHostsBin(), bin, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter) },
    config: { "cleantalk:apiUrl": emulator.url, email: "owner-path@example.org", website: "https://path.example.org" },
  });
  const up = await stack.up();
  expectSuccess(up);
  const warnings = diagnosticsOf(up.stdout).filter((d) => d.severity === "warning");
  expect(warnings.length).toBeGreaterThan(0);
  for (const warning of warnings) expect(warning.message).toBe(`using pulumi-resource-cleantalk from $PATH at ${path.join(bin, "pulumi-resource-cleantalk")}`);
  expect(await stack.outputs()).toMatchObject({ authKey: "[secret]", source: "provisioned" });
  expectSuccess(await stack.destroy());
});

test("as a source plugin named in Pulumi.yaml, the Node.js language host runs it through RunPlugin", async () => {
  const stack = await createLanguageStack({
    language: "yaml",
    program,
    // No plugin installed (the stack's own PULUMI_HOME), none on PATH, and ambient ones ignored.
    env: { PATH: [pulumiCliWithHostsBin(), path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter), PULUMI_IGNORE_AMBIENT_PLUGINS: "true" },
    config: { "cleantalk:apiUrl": emulator.url, email: "owner-source@example.org", website: "https://source.example.org" },
  });
  appendFileSync(path.join(stack.workDir, "Pulumi.yaml"), `plugins:\n  providers:\n    - name: cleantalk\n      path: ${path.join(REPO_ROOT, "plugin")}\n`);
  const up = await stack.up();
  expectSuccess(up);
  expect(diagnosticsOf(up.stdout).filter((d) => d.severity !== "info")).toEqual([]);
  expect(await stack.outputs()).toMatchObject({ authKey: "[secret]", source: "provisioned", keyStatus: "valid" });
  const preview = await stack.preview();
  expectSuccess(preview.raw);
  expect(preview.changeSummary).toEqual({ same: 2 });
  expectSuccess(await stack.destroy());
});
