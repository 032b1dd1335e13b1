/**
 * The SDK generator (tools/pulumi-cli/cmd/pulumi-codegen) on a small schema
 * shaped like ours: each generated SDK must build with its language's own
 * tools, mark the secret output secret, and `-check` must catch an SDK that
 * no longer matches the schema.
 */
import { execFile } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { pythonVirtualenv } from "../support/language-hosts";
import { REPO_ROOT } from "../support/pulumi-cli";

const run = promisify(execFile);
const fixtures = path.join(__dirname, "fixtures", "codegen");
const schema = path.join(fixtures, "schema.json");
/** Compiling the Pulumi Go SDK cold takes minutes on 2 shared cores. */
const GO_BUILD_TIMEOUT_MS = 600_000;

jest.setTimeout(GO_BUILD_TIMEOUT_MS + 120_000);

let codegen: string;
let work = "";
let sdk: string;

async function generate(outDir: string, ...flags: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(codegen, [...flags, schema, outDir], { timeout: 60_000 });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stderr: failed.stderr ?? "" };
  }
}

beforeAll(async () => {
  const { stdout } = await run("bash", [path.join(REPO_ROOT, "scripts", "pulumi-tool.sh"), "pulumi-codegen"], { timeout: GO_BUILD_TIMEOUT_MS });
  codegen = path.join(stdout.trim(), "pulumi-codegen");
  // Inside the checkout (ignored), so the TypeScript SDK resolves @pulumi/pulumi from its node_modules.
  const root = path.join(REPO_ROOT, ".work", "codegen");
  mkdirSync(root, { recursive: true });
  work = mkdtempSync(path.join(root, "run-"));
  sdk = path.join(work, "sdk");
  const generated = await generate(sdk);
  if (generated.code !== 0) throw new Error(`pulumi-codegen failed:\n${generated.stderr}`);
});

afterAll(() => {
  // Jest indexes the checkout: a generated package.json left in it would
  // collide with the next run's.
  if (work) rmSync(work, { recursive: true, force: true });
});

test("each SDK marks the secret output secret in the resource's constructor", () => {
  const source = (file: string) => readFileSync(path.join(sdk, file), "utf8");
  expect(source("nodejs/accessKey.ts")).toContain('additionalSecretOutputs: ["authKey"]');
  expect(source("python/pulumi_cleantalk/access_key.py")).toContain('additional_secret_outputs=["authKey"]');
  expect(source("go/cleantalk/accessKey.go")).toMatch(/AdditionalSecretOutputs\(\[\]string\{\s*"authKey",\s*\}\)/);
});

test("the Go SDK builds and vets with a program that uses it", async () => {
  const program = path.join(work, "go-program");
  cpSync(path.join(fixtures, "go-program"), program, { recursive: true });
  // go.mod and go.sum of the program pin every module; nothing may change them.
  const env = { ...process.env, GOFLAGS: "-mod=readonly", GOSUMDB: "off", GOTOOLCHAIN: "local" };
  await run("go", ["build", "-o", path.join(work, "program"), "."], { cwd: program, env, timeout: GO_BUILD_TIMEOUT_MS });
  await run("go", ["vet", "./...", "github.com/pulumi-cleantalk/pulumi-cleantalk/sdk/go/..."], { cwd: program, env, timeout: GO_BUILD_TIMEOUT_MS });
});

test("the Python SDK installs from its directory and imports against the pulumi wheel", async () => {
  const python = path.join(pythonVirtualenv(), "bin", "python");
  const site = path.join(work, "python-site");
  // --no-index and no build isolation: the virtualenv already has what the build needs.
  await run(python, ["-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--no-build-isolation", "--target", site, path.join(sdk, "python")], {
    timeout: 120_000,
  });
  const probe = "import pulumi_cleantalk as c; print(c.AccessKey.__name__, c.Provider.__name__, c._utilities.get_version())";
  const { stdout } = await run(python, ["-c", probe], { env: { ...process.env, PYTHONPATH: site }, timeout: 60_000 });
  expect(stdout.trim()).toBe("AccessKey Provider 0.1.0");
});

test("the TypeScript SDK type-checks with its own tsconfig", async () => {
  const tsc = path.join(REPO_ROOT, "node_modules", ".bin", "tsc");
  await run(tsc, ["-p", path.join(sdk, "nodejs", "tsconfig.json"), "--noEmit"], { timeout: 120_000 });
});

test("-check passes on what was generated and names each file that no longer matches", async () => {
  // A directory of its own: building the Python SDK above left build files in `sdk`.
  const checked = path.join(work, "checked-sdk");
  expect((await generate(checked)).code).toBe(0);
  expect((await generate(checked, "-check")).code).toBe(0);

  appendFileSync(path.join(checked, "go", "cleantalk", "accessKey.go"), "// edited by hand\n");
  writeFileSync(path.join(checked, "python", "pulumi_cleantalk", "stray.py"), "");
  rmSync(path.join(checked, "nodejs", "provider.ts"));
  const stale = await generate(checked, "-check");
  expect(stale.code).toBe(1);
  const named = stale.stderr
    .split("\n")
    .filter((line) => line.startsWith("  "))
    .map((line) => line.trim());
  expect(named).toEqual(["go/cleantalk/accessKey.go (differs)", "nodejs/provider.ts (missing)", "python/pulumi_cleantalk/stray.py (not generated)"]);

  expect((await generate(checked)).code).toBe(0);
  expect((await generate(checked, "-check")).code).toBe(0);
});
