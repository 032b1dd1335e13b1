import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { hostnamesOf } from "../../provider/domain/site-keys";
import { keyInputsSchema } from "../../provider/schema/key-inputs";

import serializedProvider = require("../../sdk/serialized-provider");

import { uniqueAccount } from "../support/provider-emulator";

interface SerializedFunction {
  readonly text: string;
  readonly exportName: string;
  readonly containsSecrets: boolean;
}

// Exactly what @pulumi/pulumi/dynamic/index.js does for every dynamic resource
// (serializeFunctionMaybeSecret): serialise a thunk returning the provider.
function serializeLikePulumi(provider: unknown): Promise<SerializedFunction> {
  const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
    serializeFunction(func: () => unknown, args: { allowSecrets: boolean }): Promise<SerializedFunction>;
  };
  return closure.serializeFunction(() => provider, { allowSecrets: true });
}

const repoRoot = resolve(__dirname, "../..");

function runNode(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [script], { cwd, env, timeout: 30_000, maxBuffer: 1_048_576 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`child failed: ${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
      else done({ stdout, stderr });
    });
  });
}

/**
 * A project outside the checkout whose node_modules/pulumi-cleantalk serves `./internal` from
 * this checkout's sources (through ts-node), so the fresh process below runs the code under
 * test, not a possibly stale dist/. Outside: inside the checkout, Node resolves the package
 * name to the checkout itself (package self-reference) before looking in node_modules.
 */
function sourceProject(): string {
  const project = mkdtempSync(join(tmpdir(), "pulumi-cleantalk-serialization-"));
  const linked = join(project, "node_modules", "pulumi-cleantalk");
  mkdirSync(linked, { recursive: true });
  writeFileSync(join(linked, "package.json"), JSON.stringify({ name: "pulumi-cleantalk", exports: { "./internal": "./internal.js" } }));
  writeFileSync(
    join(linked, "internal.js"),
    `require(${JSON.stringify(require.resolve("ts-node"))}).register({ transpileOnly: true, project: ${JSON.stringify(join(repoRoot, "tsconfig.json"))} });
module.exports = require(${JSON.stringify(join(repoRoot, "provider", "index.ts"))});
`,
  );
  return project;
}

describe("the serialised dynamic provider", () => {
  let emulator: RunningEmulator;
  let serialized: SerializedFunction;
  let workDir: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    serialized = await serializeLikePulumi(serializedProvider);
    workDir = sourceProject();
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it("is a small handler that only requires the provider package", () => {
    const bytes = Buffer.byteLength(serialized.text, "utf8");
    console.log(`serialised provider: ${bytes} bytes`);
    expect(serialized.exportName).toBe("handler");
    expect(serialized.containsSecrets).toBe(false);
    expect(bytes).toBeLessThan(8_192);
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      expect(serialized.text).toContain(`/*${method}*/`);
    }
    expect(serialized.text.match(/require\("pulumi-cleantalk\/internal"\)/g)).toHaveLength(7);
  });

  it("carries no zod, undici or provider internals", () => {
    for (const internal of [/zod/i, /undici/i, /safeParse/, /ZodType/, /Dispatcher/, /keepAlive/i, /Symbol\.for/, /CleantalkClient/, /api\.cleantalk\.org/]) {
      expect(serialized.text).not.toMatch(internal);
    }
  });

  it("control: a provider that captures a zod schema cannot be serialised at all", async () => {
    const capturing = { check: async (_olds: unknown, news: unknown) => keyInputsSchema.safeParse(news) };
    await expect(serializeLikePulumi(capturing)).rejects.toThrow(/could not be serialized/);
  });

  it("runs in a fresh node process (on the sources): handler() → configure → check → create on the emulator", async () => {
    const providerFile = join(workDir, "provider.js");
    writeFileSync(providerFile, serialized.text);
    const site = uniqueAccount("serial");
    const runner = join(workDir, "runner.js");
    writeFileSync(
      runner,
      `"use strict";
const provider = require(${JSON.stringify(providerFile)}).handler();
const config = { get: (key) => (key === "cleantalk:apiUrl" ? process.env.TEST_API_URL : undefined) };
(async () => {
  await provider.configure({ config });
  const news = { email: process.env.TEST_EMAIL, website: process.env.TEST_WEBSITE, __provider: "serialised" };
  const checked = await provider.check({}, news);
  const created = await provider.create(checked.inputs);
  const preview = await provider.check({}, { email: "not an email", website: "ftp://x.example.com" });
  const loaded = Object.keys(require.cache).some((file) => file.endsWith(require("node:path").join("provider", "index.ts")));
  process.stdout.write(JSON.stringify({ failures: checked.failures, id: created.id, outs: created.outs, previewFailures: preview.failures, loaded }));
})().catch((error) => {
  process.stderr.write(String(error && error.stack));
  process.exit(1);
});
`,
    );
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", TEST_API_URL: emulator.url, TEST_EMAIL: site.email, TEST_WEBSITE: site.website };
    const { stdout } = await runNode(runner, env, workDir);
    const result = JSON.parse(stdout) as {
      failures: unknown[];
      id: string;
      outs: { website: string[]; credentials: { authKey: string }; details: { source: string; hostnames?: string[] } };
      previewFailures: { property: string; reason: string }[];
      loaded: boolean;
    };
    expect(result.loaded).toBe(true);
    expect(result.failures).toEqual([]);
    expect(result.outs.details.source).toBe("provisioned");
    expect(hostnamesOf(result.outs.website, result.outs.details.hostnames)).toEqual([site.hostname]);
    expect(result.id).toContain(site.hostname);
    expect(result.previewFailures.map((f) => f.property)).toEqual(["email", "website"]);
    for (const failure of result.previewFailures) expect(failure.reason.startsWith("INVALID_INPUT: ")).toBe(true);
    const counters = emulator.counters();
    expect(counters.requests.get_api_key).toBe(1);
    expect(counters.totalKeysIssued).toBe(1);
    expect(emulator.issued().authKeys).toEqual([result.outs.credentials.authKey]);
  });
});
