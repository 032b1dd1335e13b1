/**
 * The YAML and Python language hosts on the real engine, on a file://
 * backend: for each language a program exports one plain and two secret
 * outputs, previews with no change, refreshes, is read by a second stack
 * through a StackReference, names its runtime to `pulumi about`, and is
 * destroyed; a Python program without its virtualenv fails with a message
 * that says how to create one. No provider plugin takes part:
 * stack outputs and pulumi:pulumi:StackReference are the engine's own, so a
 * failure here is the hosts' (scripts/pulumi-cli.sh, scripts/python-venv.sh).
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { createLanguageStack, type ProgramLanguage } from "../support/language-hosts";
import { expectSuccess, type PulumiStack, stateWithoutCiphertexts } from "../support/pulumi-cli";

jest.setTimeout(300_000);

const programs = path.join(__dirname, "programs");

const cases: readonly { language: ProgramLanguage; producer: string; reader: string; runtime: (workDir: string) => unknown }[] = [
  { language: "yaml", producer: "yaml-outputs", reader: "yaml-reader", runtime: () => ({ language: "yaml" }) },
  {
    language: "python",
    producer: "python-outputs",
    reader: "python-reader",
    // The interpreter of the virtualenv that Pulumi.yaml names.
    runtime: (workDir) => ({ language: "python", executable: path.join(workDir, "venv", "bin", "python"), version: expect.stringMatching(/^3\.\d+\.\d+$/) }),
  },
];

describe.each(cases)("a $language program", ({ language, producer, reader, runtime }) => {
  const message = `hello from ${language}`;
  // Random per run, so finding it in state can only mean a leak.
  const token = `token-${randomBytes(12).toString("hex")}`;
  const sealed = `sealed-${message}`;
  let producerStack: PulumiStack;
  let readerStack: PulumiStack;

  beforeAll(async () => {
    producerStack = await createLanguageStack({ language, program: path.join(programs, producer), config: { message }, secrets: { token } });
    readerStack = await createLanguageStack({
      language,
      program: path.join(programs, reader),
      backendDir: producerStack.backendDir,
      config: { producer: producerStack.referenceName },
    });
  });

  test("up exports the plain output as is and the secrets as [secret], none of them in plaintext in state", async () => {
    const up = await producerStack.up();
    expectSuccess(up);
    // The engine warns on every run about a language host it did not find beside `pulumi`.
    expect(up.stdout + up.stderr).not.toMatch(/warning/i);
    expect(up.stdout + up.stderr).not.toContain(token);

    expect(await producerStack.outputs()).toEqual({ message, token: "[secret]", sealed: "[secret]" });
    expect(await producerStack.outputs({ showSecrets: true })).toEqual({ message, token, sealed });
    const raw = await producerStack.exportRaw();
    expect(raw).toContain(message);
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(sealed);
  });

  test("preview after up plans no change", async () => {
    const preview = await producerStack.preview();
    expectSuccess(preview.raw);
    expect(preview.changeSummary).toEqual({ same: 1 });
    expect(preview.steps.map((step) => step.op)).toEqual(["same"]);
  });

  test("refresh succeeds and leaves the state as it was", async () => {
    const before = stateWithoutCiphertexts(await producerStack.exportState());
    expectSuccess(await producerStack.refresh());
    expect(stateWithoutCiphertexts(await producerStack.exportState())).toBe(before);
    expect(await producerStack.outputs({ showSecrets: true })).toEqual({ message, token, sealed });
  });

  test("a second stack reads the outputs through a StackReference, and the secret stays secret", async () => {
    const up = await readerStack.up();
    expectSuccess(up);
    expect(up.stdout + up.stderr).not.toContain(token);
    expect(await readerStack.outputs()).toEqual({ message, token: "[secret]" });
    expect(await readerStack.outputs({ showSecrets: true })).toEqual({ message, token });
    expect(await readerStack.exportRaw()).not.toContain(token);
  });

  test("pulumi about names the program's runtime", async () => {
    const about = JSON.parse((await producerStack.mustRun(["about", "--json"])).stdout) as { runtime?: unknown };
    expect(about.runtime).toEqual(runtime(producerStack.workDir));
  });

  test("destroy removes every resource of both stacks", async () => {
    expectSuccess(await readerStack.destroy());
    expectSuccess(await producerStack.destroy());
    for (const stack of [readerStack, producerStack]) {
      expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
    }
  });
});

test("a Python program whose virtualenv is missing fails, saying which one and how to create it", async () => {
  const stack = await createLanguageStack({ language: "python", program: path.join(programs, "python-outputs"), config: { message: "unused" } });
  rmSync(path.join(stack.workDir, "venv"));
  const up = await stack.up();
  expect(up.code).not.toBe(0);
  expect(up.stdout + up.stderr).toContain(`the virtualenv ${path.join(stack.workDir, "venv")} named in Pulumi.yaml has no bin/python`);
  expect(up.stdout + up.stderr).toContain("python3 -m venv");
});
