/**
 * The provider as a user gets it: the package installed in a project's
 * node_modules (a real directory, not our checkout's symlink). There Pulumi's
 * serialiser stores the provider as a `require` of the package's
 * "serialized-provider" export instead of its functions, which is what keeps
 * each key's state small. The serialised text is then loaded the way the
 * dynamic-provider host loads it and used against the emulator.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";

const repoRoot = path.resolve(__dirname, "../..");

let emulator: RunningEmulator;
let project: string;

beforeAll(async () => {
  // The one layer that tests the built package: build it first if a source is newer.
  await (require("../e2e/build-if-stale.js") as () => Promise<void>)();
  emulator = await startEmulator();
  // Outside the checkout: inside it, Node resolves "pulumi-cleantalk" to the
  // checkout itself (package self-reference) before looking in node_modules.
  project = mkdtempSync(path.join(tmpdir(), "pulumi-cleantalk-installed-"));
  const installed = path.join(project, "node_modules", "pulumi-cleantalk");
  mkdirSync(installed, { recursive: true });
  cpSync(path.join(repoRoot, "package.json"), path.join(installed, "package.json"));
  cpSync(path.join(repoRoot, "dist"), path.join(installed, "dist"), { recursive: true });
}, 300_000);

afterAll(async () => {
  await emulator.stop();
  rmSync(project, { recursive: true, force: true });
});

const script = `
require("pulumi-cleantalk"); // the SDK, which loads the provider object as the resource does
const serializedProvider = require("pulumi-cleantalk/dist/sdk/serialized-provider.js");
const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
const requireFromString = require("require-from-string");
(async () => {
  // What @pulumi/pulumi/dynamic does for every resource, then what the host's getProvider does.
  const serialized = await serializeFunction(() => serializedProvider, { allowSecrets: true });
  const provider = requireFromString(serialized.text).handler();
  await provider.configure({ config: { get: (key) => (key === "cleantalk:apiUrl" ? process.env.API_URL : undefined) } });
  const checked = await provider.check({}, { email: "ops@example.com", website: "https://installed.example.com" });
  const created = await provider.create(checked.inputs);
  console.log(JSON.stringify({ text: serialized.text, fingerprint: created.outs.details.fingerprint }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

test("installed in node_modules, the provider serialises to a require of the package, and works", async () => {
  writeFileSync(path.join(project, "run.js"), script);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ["run.js"], // The project's other dependencies (@pulumi/pulumi, zod, undici) come from the checkout.
      { cwd: project, env: { ...process.env, API_URL: emulator.url, NODE_PATH: path.join(repoRoot, "node_modules") }, timeout: 60_000 },
      (error, out, err) => {
        if (error) reject(new Error(`${error.message}\n${out}\n${err}`));
        else resolve(out);
      },
    );
  });
  const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as { text: string; fingerprint: string };
  console.log(`serialised provider, installed layout: ${result.text.length} bytes`);
  expect(result.text).toContain('require("pulumi-cleantalk/dist/sdk/serialized-provider.js")');
  expect(result.text).not.toContain("dynamicProvider.check");
  expect(result.text.length).toBeLessThan(600);
  expect(result.fingerprint).toMatch(/^ctk_[0-9a-f]{10}$/);
  expect(emulator.counters().totalKeysIssued).toBe(1);
});
