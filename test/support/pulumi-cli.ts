import { type ChildProcess, execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Inside the repo (ignored) so programs resolve `pulumi-cleantalk` and `@pulumi/pulumi` from its node_modules. */
export const WORK_ROOT = path.join(REPO_ROOT, ".work", "e2e");

let cliBin: string | undefined;

/**
 * The directory holding `pulumi`, its Node language host and the dynamic
 * provider launcher (scripts/pulumi-cli.sh: PATH, cache, or a build). Throws
 * if none can be had: end-to-end tests never skip silently.
 */
export function pulumiCliBin(): string {
  cliBin ??= execFileSync("bash", [path.join(REPO_ROOT, "scripts", "pulumi-cli.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  return cliBin;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails the test with the CLI's own output when a command did not succeed. */
export function expectSuccess(result: CliResult): void {
  if (result.code !== 0) throw new Error(`pulumi exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
}

/** Where a stack's state lives when it is not a fresh `file://` directory. */
export interface StackBackend {
  /** The backend URL (what `pulumi login` takes), e.g. an S3 bucket's. */
  readonly url: string;
  /** What the CLI needs to reach it (credentials, region), passed with every command. */
  readonly env: Readonly<Record<string, string>>;
}

export interface StackOptions {
  /** A program directory (Pulumi.yaml + index.ts), copied so stack files stay out of the repo. */
  readonly program: string;
  readonly stack?: string;
  /** Plain stack config, "namespace:key" or program keys. */
  readonly config?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  /** Shared backend directory, for StackReference between stacks; default a fresh one. */
  readonly backendDir?: string;
  /** A backend other than a directory (test/support/s3-backend.ts); excludes `backendDir`. */
  readonly backend?: StackBackend;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * "checkout" (default): the program runs inside this repository and loads
   * the package from it. "installed": the program runs as a user's project,
   * outside the checkout, with the built package copied into its own
   * node_modules (other dependencies through NODE_PATH).
   */
  readonly layout?: "checkout" | "installed";
}

export interface RunOptions {
  timeoutMs?: number;
  onSpawn?: (child: ChildProcess) => void;
  /**
   * Appends `--stack <name>`; false for commands that take no stack (`login`, `whoami`, `stack ls`).
   * @default true
   */
  stackFlag?: boolean;
  /** Variables for this command only, over the stack's; `undefined` removes one. */
  env?: NodeJS.ProcessEnv;
}

/** One stack of one program on a `file://` backend (or another `StackBackend`), driven through the real CLI. */
export class PulumiStack {
  readonly name: string;
  readonly workDir: string;
  /** The URL the CLI uses for this stack's state (`PULUMI_BACKEND_URL`). */
  readonly backendUrl: string;
  readonly project: string;
  readonly #backendDir: string | undefined;
  readonly #env: NodeJS.ProcessEnv;

  private constructor(name: string, workDir: string, backendUrl: string, backendDir: string | undefined, project: string, env: NodeJS.ProcessEnv) {
    this.name = name;
    this.workDir = workDir;
    this.backendUrl = backendUrl;
    this.#backendDir = backendDir;
    this.project = project;
    this.#env = env;
  }

  /** The state directory of a `file://` stack; other backends have none. */
  get backendDir(): string {
    if (this.#backendDir === undefined) throw new Error(`stack ${this.name} keeps its state at ${this.backendUrl}, not in a directory`);
    return this.#backendDir;
  }

  static async create(options: StackOptions): Promise<PulumiStack> {
    if (options.backend !== undefined && options.backendDir !== undefined) throw new Error("give a stack either backendDir or backend, not both");
    const installed = options.layout === "installed";
    // Outside the checkout for "installed": inside it, Node resolves
    // "pulumi-cleantalk" to the checkout itself (package self-reference).
    const root = installed ? path.join(tmpdir(), "pulumi-cleantalk-e2e") : WORK_ROOT;
    mkdirSync(root, { recursive: true });
    const sandbox = mkdtempSync(path.join(root, `${path.basename(options.program)}-`));
    const workDir = path.join(sandbox, "program");
    cpSync(options.program, workDir, {
      recursive: true,
      filter: (src) => !/Pulumi\.[^/]+\.yaml$/.test(path.basename(src)) || path.basename(src) === "Pulumi.yaml",
    });
    if (installed) {
      const target = path.join(workDir, "node_modules", "pulumi-cleantalk");
      mkdirSync(target, { recursive: true });
      cpSync(path.join(REPO_ROOT, "package.json"), path.join(target, "package.json"));
      cpSync(path.join(REPO_ROOT, "dist"), path.join(target, "dist"), { recursive: true });
    }
    const backendDir = options.backend === undefined ? (options.backendDir ?? path.join(sandbox, "backend")) : undefined;
    if (backendDir !== undefined) mkdirSync(backendDir, { recursive: true });
    const backendUrl = options.backend?.url ?? `file://${backendDir}`;
    const project = /^name:\s*(\S+)/m.exec(readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8"))?.[1] ?? "project";
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${pulumiCliBin()}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: backendUrl,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_HOME: path.join(sandbox, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      // Programs are type-checked by `npm run typecheck`; at run time only transpile.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      ...(installed ? { NODE_PATH: path.join(REPO_ROOT, "node_modules") } : {}),
      ...options.backend?.env,
      ...options.env,
    };
    const stack = new PulumiStack(options.stack ?? "e2e", workDir, backendUrl, backendDir, project, env);
    await stack.mustRun(["stack", "init"]);
    for (const [key, value] of Object.entries(options.config ?? {})) await stack.setConfig(key, value);
    for (const [key, value] of Object.entries(options.secrets ?? {})) await stack.setConfig(key, value, { secret: true });
    return stack;
  }

  /** Runs `pulumi <args>` for this stack; never throws on a non-zero exit. */
  run(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    const stackArgs = (options.stackFlag ?? true) ? ["--stack", this.name] : [];
    return this.exec("pulumi", [...args, ...stackArgs, "--non-interactive"], options);
  }

  /**
   * Runs any command in the stack's project directory with the stack's
   * environment (the CLI on PATH, the backend, its credentials and
   * passphrase), as a user would in a shell set up for this stack; never
   * throws on a non-zero exit.
   */
  exec(file: string, args: readonly string[], options: Omit<RunOptions, "stackFlag"> & { cwd?: string } = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      const child = execFile(
        file,
        [...args],
        { cwd: options.cwd ?? this.workDir, env: { ...this.#env, ...options.env }, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 180_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
      options.onSpawn?.(child);
    });
  }

  async mustRun(args: readonly string[]): Promise<CliResult> {
    const result = await this.run(args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    return result;
  }

  setConfig(key: string, value: string, options: { secret?: boolean } = {}): Promise<CliResult> {
    return this.mustRun(["config", "set", key, value, ...(options.secret ? ["--secret"] : ["--plaintext"])]);
  }

  removeConfig(key: string): Promise<CliResult> {
    return this.mustRun(["config", "rm", key]);
  }

  up(extra: readonly string[] = []): Promise<CliResult> {
    return this.run(["up", "--yes", "--skip-preview", ...extra]);
  }

  /** `pulumi preview --json`: the planned steps and the change summary. */
  async preview(extra: readonly string[] = []): Promise<PreviewResult> {
    const result = await this.run(["preview", "--json", ...extra]);
    let parsed: PreviewJson = {};
    try {
      parsed = JSON.parse(result.stdout) as PreviewJson;
    } catch {
      // A failed preview prints diagnostics, not JSON; the caller reads `raw`.
    }
    return { raw: result, steps: parsed.steps ?? [], changeSummary: parsed.changeSummary ?? {}, diagnostics: parsed.diagnostics ?? [] };
  }

  /**
   * `pulumi preview` with the engine's events streamed as JSON lines
   * (PULUMI_ENABLE_STREAMING_JSON_PREVIEW): policy violations arrive as
   * `policyEvent`s, which the `--json` summary of `preview()` leaves out.
   */
  async previewEvents(extra: readonly string[] = []): Promise<{ raw: CliResult; events: EngineEvent[] }> {
    const raw = await this.run(["preview", "--json", ...extra], { env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" } });
    const events = raw.stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as EngineEvent);
    return { raw, events };
  }

  refresh(): Promise<CliResult> {
    return this.run(["refresh", "--yes", "--skip-preview"]);
  }

  destroy(): Promise<CliResult> {
    return this.run(["destroy", "--yes", "--skip-preview"]);
  }

  cancel(): Promise<CliResult> {
    return this.run(["cancel", "--yes"]);
  }

  /** The raw `pulumi stack export` text, as stored (secrets stay encrypted). */
  async exportRaw(): Promise<string> {
    return (await this.mustRun(["stack", "export"])).stdout;
  }

  async exportState(): Promise<StackExport> {
    return JSON.parse(await this.exportRaw()) as StackExport;
  }

  /** Stack outputs; with showSecrets false, secrets read "[secret]". */
  async outputs(options: { showSecrets?: boolean } = {}): Promise<Record<string, unknown>> {
    const result = await this.mustRun(["stack", "output", "--json", ...(options.showSecrets ? ["--show-secrets"] : [])]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** The fully-qualified name a StackReference uses on a file backend. */
  get referenceName(): string {
    return `organization/${this.project}/${this.name}`;
  }
}

export interface PreviewStep {
  readonly op: string;
  readonly urn: string;
  readonly diffReasons?: string[];
  readonly replaceReasons?: string[];
}

interface PreviewJson {
  steps?: PreviewStep[];
  changeSummary?: Record<string, number>;
  diagnostics?: { message?: string; severity?: string }[];
}

export interface PreviewResult {
  readonly raw: CliResult;
  readonly steps: PreviewStep[];
  readonly changeSummary: Record<string, number>;
  readonly diagnostics: { message?: string; severity?: string }[];
}

/** A policy's finding about one resource (or the stack), as the engine reports it. */
export interface PolicyEvent {
  readonly resourceUrn?: string;
  /** The policy's description, a newline, then the message it reported. */
  readonly message: string;
  readonly policyName: string;
  readonly policyPackName: string;
  readonly enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
}

/** Which of a pack's policies judged one resource and passed or failed. */
export interface PolicyAnalyzeSummaryEvent {
  readonly resourceUrn: string;
  readonly policyPackName: string;
  readonly passed?: string[];
  readonly failed?: string[];
}

/** One line of the engine's event stream; only the kinds tests read are typed. */
export interface EngineEvent {
  readonly policyEvent?: PolicyEvent;
  readonly policyAnalyzeSummaryEvent?: PolicyAnalyzeSummaryEvent;
}

export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly delete?: boolean;
  readonly pendingReplacement?: boolean;
}

export interface StackExport {
  readonly deployment: { resources?: StateResource[]; pending_operations?: unknown[]; manifest?: unknown; secrets_providers?: unknown };
}

/**
 * The keys and their consumers (resources whose type ends in `:AccessKey` or
 * `:KeyConsumer`), ciphertexts masked. A failed `up` still rewrites the
 * stack's outputs and the bookkeeping of resources it left alone (e.g. their
 * `propertyDependencies`); what must not change is the key and what it feeds.
 */
export function keyAndConsumerState(state: StackExport): string {
  const resources = (state.deployment.resources ?? []).filter((r) => r.type.endsWith(":AccessKey") || r.type.endsWith(":KeyConsumer"));
  return stateWithoutCiphertexts({ deployment: { ...state.deployment, resources } });
}

/** The CleantalkAccessKey resources of an export. */
export function accessKeys(state: StackExport): StateResource[] {
  return (state.deployment.resources ?? []).filter((r) => r.type === "pulumi-nodejs:dynamic/cleantalk:AccessKey");
}

/**
 * Resources and pending operations with ciphertexts masked: what "the same
 * state, secrets aside" means (secret values are re-encrypted with fresh
 * nonces whenever the engine rewrites a checkpoint). The default provider
 * resources are left out: they record the stack's config, which the user
 * edits before the `up` being judged, whatever that `up` then does.
 */
export function stateWithoutCiphertexts(state: StackExport): string {
  const resources = (state.deployment.resources ?? []).filter((r) => !r.type.startsWith("pulumi:providers:"));
  const { pending_operations } = state.deployment;
  return JSON.stringify({ resources, pending_operations }, (_key, value: unknown) => {
    if (typeof value === "object" && value !== null && "ciphertext" in value) return "[secret]";
    return value;
  });
}
