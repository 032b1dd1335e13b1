import path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { storedDetailsSchema } from "../../provider/schema/stored-key";
import { sleep } from "./cli-output";
import { type InstalledPackage, installPackage } from "./installed-package";
import { accessKeys, type CliResult, expectSuccess, PulumiStack, type StackBackend } from "./pulumi-cli";

const program = path.join(__dirname, "..", "e2e", "programs", "keyring");

/** The stacks of a fleet, by the state their keys are in. */
export const FLEET_STACKS = ["current", "due", "expired", "invalid", "regenerated", "empty"] as const;
export type FleetStack = (typeof FLEET_STACKS)[number];

export interface Fleet {
  readonly stacks: Readonly<Record<FleetStack, PulumiStack>>;
  /** The package installed in the `current` stack's project, as a user installs it. */
  readonly installed: InstalledPackage;
  /** `organization/keyring/<name>`: how `--all` names a stack of a file or bucket backend. */
  qualified(name: FleetStack): string;
  /** `pulumi-cleantalk <args>` run from the `current` stack's project, with its environment. */
  command(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; cwd?: string }): Promise<CliResult>;
}

export interface FleetOptions {
  readonly emulator: RunningEmulator;
  /** Shared by every stack of the fleet. */
  readonly backend: { readonly backendDir: string } | { readonly backend: StackBackend };
  /** Tells this fleet's sites and account apart from others on the same emulator. */
  readonly tag: string;
}

/**
 * Six stacks of one project on one backend, with keys in every state, reached
 * as a user reaches them with the emulator in its default mode (see
 * test/e2e/rotation-states.test.ts):
 * - current: a key with the defaults, and one with maxAge "never";
 * - due: maxAge and renewBefore shortened on a key a few seconds old (1h, 59m58s);
 * - expired: shortened the same way to 45s/44s, then left to run out;
 * - invalid: an adopted key regenerated in the dashboard, then `pulumi refresh`;
 * - regenerated: a provisioned key regenerated in the dashboard, no refresh
 *   (its state still says current: only `--check` can tell);
 * - empty: deployed, no keys.
 */
export async function buildFleet(options: FleetOptions): Promise<Fleet> {
  const { emulator, tag } = options;
  const email = `fleet-${tag}@example.org`;
  const website = (stack: FleetStack, key = "site") => `https://${key}-${stack}-${tag}.example.org`;
  const create = async (name: FleetStack, keys: Record<string, unknown>): Promise<PulumiStack> => {
    const stack = await PulumiStack.create({
      program,
      stack: name,
      ...options.backend,
      config: { "cleantalk:apiUrl": emulator.url, email, keys: JSON.stringify(keys) },
    });
    expectSuccess(await stack.up());
    return stack;
  };
  const shorten = async (stack: PulumiStack, name: FleetStack, maxAge: string, renewBefore: string): Promise<void> => {
    // A key a few seconds old, so that its rotateAfter (created + maxAge − renewBefore) is already past.
    await sleep(2_100);
    await stack.setConfig("keys", JSON.stringify({ site: { website: website(name), maxAge, renewBefore } }));
    expectSuccess(await stack.up());
  };

  // First, so that its 45 seconds run out while the others are built.
  const expired = await create("expired", { site: { website: website("expired") } });
  await shorten(expired, "expired", "45s", "44s");
  const [expiredKey] = accessKeys(await expired.exportState());
  const expiresAt = Date.parse(storedDetailsSchema.parse(expiredKey?.outputs?.details).expiresAt ?? "");

  const current = await create("current", {
    site: { website: website("current") },
    legacy: { website: website("current", "legacy"), maxAge: "never", label: "no rotation" },
  });
  const due = await create("due", { site: { website: website("due") } });
  await shorten(due, "due", "1h", "59m58s");

  const invalidSite = { email, website: website("invalid") };
  const invalid = await PulumiStack.create({ program, stack: "invalid", ...options.backend, config: { "cleantalk:apiUrl": emulator.url, email } });
  await invalid.setConfig("siteKey", emulator.generateKey(invalidSite), { secret: true });
  await invalid.setConfig("keys", JSON.stringify({ site: { website: invalidSite.website, authKeyFrom: "siteKey" } }));
  expectSuccess(await invalid.up());
  emulator.generateKey(invalidSite);
  expectSuccess(await invalid.refresh());

  const regenerated = await create("regenerated", { site: { website: website("regenerated") } });
  emulator.generateKey({ email, website: website("regenerated") });

  const empty = await create("empty", {});

  const wait = expiresAt + 1_000 - Date.now();
  if (!Number.isFinite(wait)) throw new Error("the expired stack's key has no expiresAt");
  if (wait > 0) await sleep(wait);

  const stacks = { current, due, expired, invalid, regenerated, empty };
  const installed = installPackage(current.workDir);
  return {
    stacks,
    installed,
    qualified: (name) => `organization/${current.project}/${name}`,
    command: (args, commandOptions = {}) => current.exec(process.execPath, [installed.bin, ...args], commandOptions),
  };
}
