/**
 * One table, two providers: each input set is declared once through the
 * TypeScript dynamic provider (`CleantalkAccessKey`, programs/parity-dynamic)
 * and once through the plugin (`cleantalk.AccessKey` of the generated Python
 * SDK, programs/parity-python), and what a user reads back must be the same.
 *
 * Each side talks to an emulator of its own in the default mode, so the same
 * inputs meet the same CleanTalk answers. What cannot be equal is made
 * comparable first: the keys themselves (random; each must be the one that
 * side's emulator issued, or the dashboard key it was given), the fingerprint
 * (keyed with a random salt; its format), and the times (expiresAt and
 * rotateAfter as offsets from createdAt). daysLeft exists only in
 * TypeScript and is left out; pendingSites and createdAtEstimated are read
 * from `details` there, as a TypeScript user reads them.
 */
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { createLanguageStack } from "../support/language-hosts";
import { expectSuccess, PulumiStack } from "../support/pulumi-cli";

jest.setTimeout(300_000);

const programs = path.join(__dirname, "programs");
const FINGERPRINT = /^ctk_[0-9a-f]{10}$/;
const DAY_MS = 86_400_000;

interface Case {
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly adopt?: boolean;
  /** What this case must show, beyond being the same on both sides. */
  readonly expected: Record<string, unknown>;
}

const CASES: readonly Case[] = [
  {
    name: "single",
    inputs: { email: "single@example.org", website: "https://single.example.org" },
    expected: {
      hostnames: ["single.example.org"],
      source: "provisioned",
      maxAge: "365d",
      renewBefore: "30d",
      productName: "anti-spam",
      expiresAt: "createdAt + 365d",
      rotateAfter: "createdAt + 335d",
    },
  },
  {
    name: "multi",
    inputs: { email: "multi@example.org", website: ["https://a.multi.example.org", "shop.multi.example.org/"], label: "two shops" },
    expected: {
      hostnames: ["a.multi.example.org", "shop.multi.example.org"],
      websites: {
        "https://a.multi.example.org": { hostname: "a.multi.example.org", authKey: "<issued key>" },
        "https://shop.multi.example.org": { hostname: "shop.multi.example.org", authKey: "<issued key>" },
      },
      label: "two shops",
      source: "provisioned",
      pendingSites: [],
    },
  },
  {
    name: "adopted",
    inputs: { email: "adopted@example.org", website: "https://adopted.example.org", productName: "security" },
    adopt: true,
    expected: { authKey: "<dashboard key>", source: "supplied", productName: "security", createdAtEstimated: false },
  },
  {
    name: "never",
    inputs: { email: "never@example.org", website: "https://never.example.org", maxAge: "never" },
    expected: { maxAge: "never", expiresAt: undefined, rotateAfter: undefined, rotationState: "current" },
  },
  {
    name: "renew",
    inputs: { email: "renew@example.org", website: "https://renew.example.org", maxAge: "90d", renewBefore: "14d", platform: "wordpress" },
    // 14d reads back in its canonical form.
    expected: { maxAge: "90d", renewBefore: "2w", expiresAt: "createdAt + 90d", rotateAfter: "createdAt + 76d" },
  },
];

/** The stack outputs of one side, per case: `<case>_<field>` split back, nulls (Python's None) as absent. */
function byCase(outputs: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const cases = new Map<string, Record<string, unknown>>();
  for (const [name, value] of Object.entries(outputs)) {
    const [caseName, field] = name.split("_", 2);
    if (caseName === undefined || field === undefined || value === null) continue;
    cases.set(caseName, { ...cases.get(caseName), [field]: value });
  }
  return cases;
}

function offset(from: unknown, to: unknown): string | undefined {
  if (to === undefined) return undefined;
  const ms = Date.parse(String(to)) - Date.parse(String(from));
  return Number.isInteger(ms / DAY_MS) ? `createdAt + ${ms / DAY_MS}d` : `createdAt + ${ms}ms`;
}

interface Side {
  readonly emulator: RunningEmulator;
  readonly dashboardKeys: Map<string, string>;
  outputs?: Map<string, Record<string, unknown>>;
  secretFields?: string[];
}

/** One case's fields as a user compares them across providers (see the file's comment). */
function comparable(side: Side, caseName: string, fields: Record<string, unknown>): Record<string, unknown> {
  const issued = new Set(side.emulator.issued().authKeys);
  const dashboardKey = side.dashboardKeys.get(caseName);
  const key = (value: unknown) =>
    dashboardKey !== undefined && value === dashboardKey ? "<dashboard key>" : issued.has(String(value)) ? "<issued key>" : `<not a key: ${typeof value}>`;
  const { authKey, websites, fingerprint, createdAt, expiresAt, rotateAfter, ...rest } = fields;
  return {
    ...rest,
    authKey: key(authKey),
    websites: Object.fromEntries(
      // Python exports the SDK's nested output objects with its own names (auth_key).
      Object.entries((websites ?? {}) as Record<string, { hostname?: unknown; authKey?: unknown; auth_key?: unknown }>).map(([url, site]) => [
        url,
        { hostname: site.hostname, authKey: key(site.authKey ?? site.auth_key) },
      ]),
    ),
    fingerprint: FINGERPRINT.test(String(fingerprint)) ? "ctk_<10 hex digits>" : fingerprint,
    createdAt: Number.isNaN(Date.parse(String(createdAt))) ? createdAt : "<ISO 8601>",
    expiresAt: offset(createdAt, expiresAt),
    rotateAfter: offset(createdAt, rotateAfter),
  };
}

const sides: Record<"dynamic" | "plugin", Side> = {} as Record<"dynamic" | "plugin", Side>;

beforeAll(async () => {
  for (const name of ["dynamic", "plugin"] as const) sides[name] = { emulator: await startEmulator(), dashboardKeys: new Map() };
  const config = (side: Side) => ({ "cleantalk:apiUrl": side.emulator.url, cases: JSON.stringify(CASES.map(({ expected: _, ...c }) => c)) });
  const secrets = (side: Side) => {
    for (const c of CASES.filter((c) => c.adopt)) {
      const { email, website, productName } = c.inputs as { email: string; website: string; productName?: string };
      side.dashboardKeys.set(c.name, side.emulator.generateKey({ email, website, ...(productName === undefined ? {} : { productName }) }));
    }
    return { authKeys: JSON.stringify(Object.fromEntries(side.dashboardKeys)) };
  };
  const stacks = {
    dynamic: await PulumiStack.create({ program: path.join(programs, "parity-dynamic"), config: config(sides.dynamic), secrets: secrets(sides.dynamic) }),
    plugin: await createLanguageStack({
      language: "python",
      plugin: true,
      program: path.join(programs, "parity-python"),
      config: config(sides.plugin),
      secrets: secrets(sides.plugin),
    }),
  };
  for (const name of ["dynamic", "plugin"] as const) {
    const stack = stacks[name];
    expectSuccess(await stack.up());
    const shown = await stack.outputs();
    sides[name].secretFields = [
      ...new Set(
        Object.keys(shown)
          .filter((k) => shown[k] === "[secret]")
          .map((k) => k.split("_")[1] ?? k),
      ),
    ].sort();
    sides[name].outputs = byCase(await stack.outputs({ showSecrets: true }));
    expectSuccess(await stack.destroy());
  }
});

afterAll(async () => {
  for (const side of Object.values(sides)) await side.emulator.stop();
});

test("both mark the same outputs secret: the key and the per-site keys", () => {
  expect(sides.dynamic.secretFields).toEqual(["authKey", "websites"]);
  expect(sides.plugin.secretFields).toEqual(sides.dynamic.secretFields);
});

test.each(CASES)("$name: the plugin's outputs are the dynamic provider's", ({ name, expected }) => {
  const dynamic = comparable(sides.dynamic, name, sides.dynamic.outputs?.get(name) ?? {});
  const plugin = comparable(sides.plugin, name, sides.plugin.outputs?.get(name) ?? {});
  expect(plugin).toEqual(dynamic);
  expect(dynamic).toMatchObject({ fingerprint: "ctk_<10 hex digits>", createdAt: "<ISO 8601>", keyStatus: "valid", createdAtEstimated: false, ...expected });
  if (!("authKey" in expected)) expect(dynamic.authKey).toBe("<issued key>");
});
