/**
 * Bad input through the real engine: `pulumi preview` of a resource whose
 * inputs come from a JSON config value. Each must fail naming the field and
 * the fix, before any request reaches the API. (The full table of bad inputs
 * runs at check level in test/integration/bad-input.test.ts.)
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import { PulumiStack } from "../support/pulumi-cli";
import { JSON_KEY_PROGRAM, outputOf } from "../support/reliability-harness";

jest.setTimeout(300_000);

const OK = { email: "ops@example.com", website: "https://shop.example.com" };

interface BadInput {
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** Field named in the failure. */
  readonly field: string;
  /** The part of the message that says what to do. */
  readonly fix: string;
}

const cases: BadInput[] = [
  { name: "email missing", inputs: { website: OK.website }, field: "email", fix: 'set the email of the CleanTalk account, e.g. email: "ops@example.com"' },
  {
    name: "email malformed",
    inputs: { ...OK, email: "ops(at)example.com" },
    field: "email",
    fix: "is not a valid ASCII email address such as ops@example.com",
  },
  {
    name: "website with a javascript: scheme",
    inputs: { ...OK, website: "javascript:alert(1)" },
    field: "website",
    fix: "a CleanTalk site is an http:// or https:// URL",
  },
  { name: "website an empty list", inputs: { ...OK, website: [] }, field: "website", fix: "give at least one site URL" },
  { name: "productName unknown", inputs: { ...OK, productName: "antispam-pro" }, field: "productName", fix: "use one of anti-spam, anti-spam-hosting" },
  { name: "maxAge not a duration", inputs: { ...OK, maxAge: "forever" }, field: "maxAge", fix: 'write a number and a unit such as "365d"' },
  {
    name: "renewBefore not shorter than maxAge",
    inputs: { ...OK, maxAge: "30d", renewBefore: "45d" },
    field: "renewBefore",
    fix: "must be shorter than maxAge (30d)",
  },
  {
    name: "an input that does not exist",
    inputs: { ...OK, site: "https://x.example.com" },
    field: "site",
    fix: "is not an input of CleantalkAccessKey; remove it",
  },
  { name: "authKey not a key", inputs: { ...OK, authKey: "Not-A-Key!" }, field: "authKey", fix: "copy it again from the dashboard" },
  {
    name: "rotationTriggers value not a string",
    inputs: { ...OK, rotationTriggers: { leak: 5 } },
    field: "rotationTriggers",
    fix: 'values must be strings, e.g. { leak: "2026-11-22" }',
  },
];

let emulator: RunningEmulator;
let stack: PulumiStack;
beforeAll(async () => {
  emulator = await startEmulator();
  stack = await PulumiStack.create({ program: JSON_KEY_PROGRAM, config: { "cleantalk:apiUrl": emulator.url, inputs: JSON.stringify(OK) } });
});
afterAll(async () => {
  await emulator.stop();
});

test.each(cases)("preview refuses: $name", async ({ inputs, field, fix }) => {
  await stack.setConfig("inputs", JSON.stringify(inputs));
  const preview = await stack.run(["preview"]);
  const text = outputOf(preview);
  expect(preview.code).not.toBe(0);
  expect(text).toContain(field);
  expect(text).toContain(fix);
  expect(emulator.counters().requests.total).toBe(0);
});

test("the same program previews cleanly with good inputs, still without a request", async () => {
  await stack.setConfig("inputs", JSON.stringify(OK));
  const preview = await stack.preview();
  expect(preview.raw.code).toBe(0);
  expect(preview.changeSummary).toEqual({ create: 2 });
  expect(emulator.counters().requests.total).toBe(0);
});
