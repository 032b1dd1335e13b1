/**
 * The plugin's SDKs under plugin/sdk, checked in: each must be exactly what
 * the generator makes of plugin/schema.json (run `npm run sdk` after changing
 * the schema), and each must build with its language's own tools, together
 * with the examples written against it. test/integration/codegen.test.ts
 * tests the generator itself; test/e2e runs the Python SDK and the examples.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ACCESS_KEY_TOKEN, PACKAGE_SCHEMA } from "../../provider/runtime/package-schema";
import { pythonVirtualenv } from "../support/language-hosts";
import { REPO_ROOT } from "../support/pulumi-cli";

const run = promisify(execFile);
/** Compiling the Pulumi Go SDK cold takes minutes on 2 shared cores. */
const GO_BUILD_TIMEOUT_MS = 600_000;
const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };

jest.setTimeout(GO_BUILD_TIMEOUT_MS + 120_000);

test("plugin/sdk is what the generator makes of plugin/schema.json (else: npm run sdk)", async () => {
  // The script builds the generator first if needed (scripts/pulumi-tool.sh), then runs it with -check.
  await run("bash", [path.join(REPO_ROOT, "scripts", "plugin-sdks.sh"), "--check"], { timeout: GO_BUILD_TIMEOUT_MS });
});

test("the Go examples build and vet against the Go SDK", async () => {
  const examples = path.join(REPO_ROOT, "examples", "go");
  const out = mkdtempSync(path.join(tmpdir(), "cleantalk-go-examples-"));
  try {
    // go.mod and go.sum of the examples pin every module; nothing may change them.
    const env = { ...process.env, GOFLAGS: "-mod=readonly", GOSUMDB: "off", GOTOOLCHAIN: "local" };
    await run("go", ["build", "-o", `${out}${path.sep}`, "./..."], { cwd: examples, env, timeout: GO_BUILD_TIMEOUT_MS });
    await run("go", ["vet", "./...", "github.com/pulumi-cleantalk/pulumi-cleantalk/plugin/sdk/go/..."], { cwd: examples, env, timeout: GO_BUILD_TIMEOUT_MS });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("the Python SDK installs into a virtualenv, carries the package's version and takes every input", async () => {
  const python = path.join(pythonVirtualenv("sdk"), "bin", "python");
  const probe = [
    "import inspect, json, pulumi_cleantalk as c",
    "print(json.dumps({'version': c._utilities.get_version(), 'args': sorted(inspect.signature(c.AccessKeyArgs.__init__).parameters)[1:]}))",
  ].join("; ");
  const { stdout } = await run(python, ["-c", probe], { timeout: 60_000 });
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const inputs = Object.keys(PACKAGE_SCHEMA.resources[ACCESS_KEY_TOKEN].inputProperties).map(snake).sort();
  expect(JSON.parse(stdout)).toEqual({ version, args: inputs });
});

test("the Python examples compile", async () => {
  const python = path.join(pythonVirtualenv("sdk"), "bin", "python");
  const files = ["producer", "consumer"].map((program) => path.join(REPO_ROOT, "examples", "python", program, "__main__.py"));
  // Compiled in memory: py_compile would write __pycache__ into the examples.
  const check = "import sys; [compile(open(f).read(), f, 'exec') for f in sys.argv[1:]]";
  await run(python, ["-c", check, ...files], { timeout: 60_000 });
});

test("the Node.js SDK type-checks with its own tsconfig and carries the package's version", async () => {
  const sdk = path.join(REPO_ROOT, "plugin", "sdk", "nodejs");
  const tsc = path.join(REPO_ROOT, "node_modules", ".bin", "tsc");
  await run(tsc, ["-p", path.join(sdk, "tsconfig.json"), "--noEmit"], { timeout: 120_000 });
  expect(JSON.parse(readFileSync(path.join(sdk, "package.json"), "utf8"))).toMatchObject({ version, pulumi: { name: "cleantalk", version } });
});
