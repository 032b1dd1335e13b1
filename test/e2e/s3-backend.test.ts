/**
 * State in an S3-compatible bucket, as teams that share stacks keep it: our
 * CLI against moto's S3 server on loopback (test/support/s3-backend.ts).
 * `pulumi login`, `stack init`, `up`, `stack ls` and `stack export` work, and
 * the state really lands in the bucket.
 */
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { expectSuccess, PulumiStack, WORK_ROOT } from "../support/pulumi-cli";
import { type S3Backend, startS3Backend } from "../support/s3-backend";

const program = path.join(__dirname, "programs", "widget");
const WIDGET_TYPE = "pulumi-nodejs:dynamic/policy-fixture:Widget";

jest.setTimeout(300_000);

let s3: S3Backend;
let stack: PulumiStack;
beforeAll(async () => {
  s3 = await startS3Backend();
  stack = await PulumiStack.create({ program, backend: s3, config: { size: "3", label: "bucket" } });
});
afterAll(async () => {
  await s3?.stop();
});

test("up keeps the stack's state in the bucket, and stack ls and stack export read it back", async () => {
  expectSuccess(await stack.up());
  expect(await s3.objectKeys()).toContain(`.pulumi/stacks/${stack.project}/${stack.name}.json`);

  const listed = JSON.parse((await stack.mustRun(["stack", "ls", "--json"])).stdout) as { name: string; resourceCount?: number }[];
  expect(listed).toEqual([expect.objectContaining({ name: stack.name, resourceCount: 3 })]);

  const widget = (await stack.exportState()).deployment.resources?.find((r) => r.type === WIDGET_TYPE);
  expect(widget?.outputs).toMatchObject({ size: 3, label: "bucket" });
});

test("pulumi login with the URL form of Pulumi's docs (disableSSL, no scheme) reaches the same bucket", async () => {
  // A fresh Pulumi home and no PULUMI_BACKEND_URL: only the login says where state lives.
  const env = { PULUMI_BACKEND_URL: undefined, PULUMI_HOME: mkdtempSync(path.join(WORK_ROOT, "s3-login-home-")) };
  expectSuccess(await stack.run(["login", s3.legacyUrl], { stackFlag: false, env }));
  const whoami = await stack.run(["whoami", "--verbose"], { stackFlag: false, env });
  expectSuccess(whoami);
  expect(whoami.stdout).toContain(`Backend URL: ${s3.legacyUrl}`);
  const ls = await stack.run(["stack", "ls", "--json"], { stackFlag: false, env });
  expectSuccess(ls);
  expect((JSON.parse(ls.stdout) as { name: string }[]).map((entry) => entry.name)).toEqual([stack.name]);
});
