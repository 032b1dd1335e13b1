// @ts-check
/**
 * A trimmed JavaScript copy of test/support/pulumi-cli.ts (the e2e harness),
 * so `npm run bench` needs no TypeScript at run time: one stack of one program
 * on a fresh file:// backend, driven through the real Pulumi CLI.
 *
 * Programs run as a user's project does: copied outside the checkout, with
 * the built package copied into the project's own node_modules (so Pulumi
 * serialises the provider as a `require` of the package, as it does for
 * users), and the other dependencies found through NODE_PATH.
 */
const { execFile, execFileSync } = require("node:child_process");
const { cpSync, mkdirSync, mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");

const REPO_ROOT = path.resolve(__dirname, "..", "..");
// Outside the checkout: inside it, Node resolves "pulumi-cleantalk" to the
// checkout itself (package self-reference), not to the installed copy.
const WORK_ROOT = path.join(tmpdir(), "pulumi-cleantalk-bench");

/** @type {string | undefined} */
let cliBin;
function pulumiCliBin() {
  cliBin ??= execFileSync("bash", [path.join(REPO_ROOT, "scripts", "pulumi-cli.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  return cliBin;
}

function pulumiVersion() {
  return execFileSync(path.join(pulumiCliBin(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
}

class PulumiStack {
  /**
   * @param {string} workDir
   * @param {NodeJS.ProcessEnv} env
   */
  constructor(workDir, env) {
    this.workDir = workDir;
    this.env = env;
    this.name = "bench";
  }

  /**
   * `packages`: more packages to install into the project's node_modules, by
   * name, from a directory holding the built package.
   * @param {{ program: string, config?: Record<string, string>, env?: Record<string, string>, packages?: Record<string, string> }} options
   */
  static async create(options) {
    mkdirSync(WORK_ROOT, { recursive: true });
    const sandbox = mkdtempSync(path.join(WORK_ROOT, `${path.basename(options.program)}-`));
    const workDir = path.join(sandbox, "program");
    cpSync(options.program, workDir, { recursive: true });
    const installed = path.join(workDir, "node_modules", "pulumi-cleantalk");
    mkdirSync(installed, { recursive: true });
    cpSync(path.join(REPO_ROOT, "package.json"), path.join(installed, "package.json"));
    cpSync(path.join(REPO_ROOT, "dist"), path.join(installed, "dist"), { recursive: true });
    for (const [name, dir] of Object.entries(options.packages ?? {})) cpSync(dir, path.join(workDir, "node_modules", name), { recursive: true });
    const backendDir = path.join(sandbox, "backend");
    mkdirSync(backendDir, { recursive: true });
    const env = {
      ...process.env,
      PATH: `${pulumiCliBin()}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
      PULUMI_HOME: path.join(sandbox, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      // As in the e2e harness: programs are type-checked by `npm run typecheck`.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      NODE_PATH: path.join(REPO_ROOT, "node_modules"),
      ...options.env,
    };
    const stack = new PulumiStack(workDir, env);
    await stack.mustRun(["stack", "init"]);
    for (const [key, value] of Object.entries(options.config ?? {})) {
      await stack.mustRun(["config", "set", key, value, "--plaintext"]);
    }
    return stack;
  }

  /**
   * Runs `pulumi <args>`; resolves with the exit code, output and wall time.
   * @param {readonly string[]} args
   * @param {number} [timeoutMs]
   * @returns {Promise<{ code: number, stdout: string, stderr: string, ms: number }>}
   */
  run(args, timeoutMs = 300_000) {
    const started = performance.now();
    return new Promise((resolve) => {
      execFile(
        "pulumi",
        [...args, "--stack", this.name, "--non-interactive"],
        { cwd: this.workDir, env: this.env, maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
          resolve({ code, stdout, stderr, ms: performance.now() - started });
        },
      );
    });
  }

  /** @param {readonly string[]} args */
  async mustRun(args) {
    const result = await this.run(args);
    if (result.code !== 0)
      throw new Error(`pulumi ${args.join(" ")} failed (${result.code}) in ${this.workDir}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
    return result;
  }

  up() {
    return this.mustRun(["up", "--yes", "--skip-preview"]);
  }

  preview() {
    return this.mustRun(["preview"]);
  }

  async exportRaw() {
    return (await this.mustRun(["stack", "export"])).stdout;
  }
}

module.exports = { PulumiStack, pulumiCliBin, pulumiVersion, REPO_ROOT, WORK_ROOT };
