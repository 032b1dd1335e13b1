/**
 * Shared checks for the reliability e2e suites: "every key accounted for"
 * (state against the emulator's own books), leak scans, and ending a CLI run
 * the way a crash would.
 */
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { RunningEmulator } from "../../emulator";
// The emulator runs in this process, so its fingerprints are keyed with the same secret.
import { keyFingerprint as emulatorFingerprint } from "../../emulator/credentials";
import { keyFingerprint } from "../../provider";
import { accessKeys, type CliResult, type PulumiStack, type StackExport, stateWithoutCiphertexts } from "./pulumi-cli";

export const FLEET_PROGRAM = path.join(__dirname, "..", "e2e", "programs", "fleet");
export const JSON_KEY_PROGRAM = path.join(__dirname, "..", "e2e", "programs", "json-key");

/** get_api_key requests the emulator has counted (the record is keyed by method name). */
export function getApiKeyCalls(emulator: RunningEmulator): number {
  return emulator.counters().requests.get_api_key ?? 0;
}

/** `https://<prefix>-<i>.<domain>` for i < count: the sites the fleet program declares. */
export function fleetSites(count: number, prefix = "site", domain = "fleet.example.com"): string[] {
  return Array.from({ length: count }, (_, i) => `https://${prefix}-${i}.${domain}`);
}

/** The emulator's per-site counter label for a site URL (anti-spam). */
export function siteLabel(website: string): string {
  return `${new URL(website).host}|anti-spam`;
}

/** `pulumi stack export --show-secrets`: the state with plaintext secrets, for comparing keys. */
export async function exportWithSecrets(stack: PulumiStack): Promise<StackExport> {
  const result = await stack.mustRun(["stack", "export", "--show-secrets"]);
  return JSON.parse(result.stdout) as StackExport;
}

export interface StateKey {
  readonly name: string;
  readonly website: string;
  readonly authKey: string;
  /** Keys the fingerprint; inside the secret credentials. */
  readonly salt: string;
  readonly fingerprint: string;
}

/** Every CleantalkAccessKey in a --show-secrets export, with its plaintext key. */
export function stateKeys(state: StackExport): StateKey[] {
  return accessKeys(state).map((r) => {
    const outputs = (r.outputs ?? {}) as Record<string, unknown>;
    const credentials = plain(outputs.credentials) as { authKey?: unknown; salt?: unknown } | undefined;
    const authKey = credentials?.authKey;
    const details = (outputs.details ?? {}) as { fingerprint?: unknown };
    return {
      name: r.urn.split("::").pop() ?? r.urn,
      website: String((outputs.website as string[] | undefined)?.[0] ?? ""),
      authKey: typeof authKey === "string" ? authKey : "",
      salt: typeof credentials?.salt === "string" ? credentials.salt : "",
      fingerprint: String(details.fingerprint ?? ""),
    };
  });
}

// --show-secrets exports secrets as {"4dabf18193072939515e22adb298388d": "...", plaintext: "<json>"}.
function plain(value: unknown): unknown {
  if (typeof value === "object" && value !== null && "plaintext" in value) return JSON.parse(String((value as { plaintext: unknown }).plaintext));
  return value;
}

/**
 * "Every key accounted for": the state holds exactly `sites` (one key each);
 * the emulator issued exactly one key per site and no other; each state key
 * is that site's current key at the emulator (so no key in state is an
 * orphan, and no issued key is missing from state); fingerprints match keys.
 */
export async function expectAccountedFor(
  stack: PulumiStack,
  emulator: RunningEmulator,
  sites: readonly string[],
  options: { alsoIssuedFor?: readonly string[] } = {},
): Promise<StateKey[]> {
  const state = await exportWithSecrets(stack);
  const keys = stateKeys(state);
  const problems: string[] = [];
  const bySite = new Map(keys.map((k) => [k.website, k]));
  if (keys.length !== sites.length) problems.push(`state holds ${keys.length} keys, expected ${sites.length}`);
  const pending = state.deployment.pending_operations ?? [];
  if (pending.length > 0) problems.push(`${pending.length} pending operations remain`);

  const counters = emulator.counters();
  const expectedLabels = [...sites, ...(options.alsoIssuedFor ?? [])].map(siteLabel).sort();
  const issuedLabels = Object.keys(counters.keysIssued).sort();
  if (JSON.stringify(issuedLabels) !== JSON.stringify(expectedLabels))
    problems.push(`emulator issued for ${issuedLabels.length} sites, expected ${expectedLabels.length}`);
  const twice = Object.entries(counters.keysIssued).filter(([, n]) => n !== 1);
  if (twice.length > 0) problems.push(`issued more than once: ${twice.map(([label, n]) => `${label}=${n}`).join(", ")}`);
  if (counters.totalKeysIssued !== expectedLabels.length) problems.push(`totalKeysIssued ${counters.totalKeysIssued}, expected ${expectedLabels.length}`);

  const issued = new Set(emulator.issued().authKeys);
  const current = new Map(emulator.sites().map((s) => [s.hostname, s.keyFingerprint]));
  for (const site of sites) {
    const key = bySite.get(site);
    if (key === undefined) {
      problems.push(`no key in state for ${site}`);
      continue;
    }
    if (!issued.has(key.authKey)) problems.push(`${key.name}: key in state was never issued by the emulator`);
    if (key.fingerprint !== keyFingerprint(key.authKey, key.salt)) problems.push(`${key.name}: fingerprint does not match its key`);
    if (current.get(new URL(site).hostname) !== emulatorFingerprint(key.authKey)) problems.push(`${key.name}: not the emulator's current key for ${site}`);
  }
  const distinct = new Set(keys.map((k) => k.authKey));
  if (distinct.size !== keys.length) problems.push("two resources share a key");
  expect(problems).toEqual([]);
  return keys;
}

/**
 * stateWithoutCiphertexts, minus one thing a test itself changes: the default
 * dynamic provider records the whole stack config as its inputs, so adding a
 * key (`pulumi config set count N`) rewrites that record even when the `up`
 * fails. Keys, the stack's outputs and pending operations are compared as is.
 */
export function keyState(state: StackExport): string {
  // The engine may rewrite the checkpoint in another order after a failed
  // step; order carries no meaning between unrelated resources.
  const resources = (state.deployment.resources ?? []).filter((r) => r.type !== "pulumi:providers:pulumi-nodejs").sort((a, b) => a.urn.localeCompare(b.urn));
  const text = stateWithoutCiphertexts({ deployment: { ...state.deployment, resources } });
  // The serialised provider is kilobytes of identical text per resource: a digest keeps a failing diff readable.
  return JSON.stringify(
    JSON.parse(text),
    (key, value: unknown) =>
      key === "__provider" && typeof value === "string" ? `sha256:${createHash("sha256").update(value).digest("hex").slice(0, 12)}` : value,
    1,
  );
}

/** Values that must never appear: every issued key, token and password hash, plus extras. */
export function secretValues(emulator: RunningEmulator, extra: readonly string[] = []): string[] {
  const issued = emulator.issued();
  return [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes, ...extra].filter((v) => v.length >= 3);
}

/** Which of `secrets` occur in `text` (empty = no leak). */
export function leaksIn(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

export function outputOf(result: CliResult): string {
  return `${result.stdout}\n${result.stderr}`;
}

/** Direct children of `pid`, read from /proc (Linux). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Field 4 (ppid) follows "pid (comm) state"; comm may hold spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** `pid` and all its descendants, parents first. Bounded: a CLI run has a handful of processes. */
export function processTree(pid: number): number[] {
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length > 0 && tree.length < 64) {
    const next = queue.shift() as number;
    tree.push(next);
    queue.push(...childrenOf(next));
  }
  return tree;
}

/**
 * What a power cut or an OOM kill does to `pulumi up`: SIGKILL the CLI and
 * every process it started. The language host and the dynamic-provider
 * process run in process groups of their own, so killing the CLI's group
 * would leave them running; we kill the tree, by pid.
 */
export function killTree(child: ChildProcess): number[] {
  if (child.pid === undefined) return [];
  const tree = processTree(child.pid);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return tree;
}

/** Polls `condition` every 50 ms for at most `timeoutMs`; returns whether it became true. */
export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

/**
 * Step 0 of the crash-recovery procedure, for file:// backends. A SIGKILL can
 * land between the checkpoint's two files: the checkpoint itself is written to
 * a temp file and renamed (atomic), but its `.attrs` sidecar (content type,
 * md5) can be left empty, and then every command fails with "failed to load
 * checkpoint: EOF". Removing the empty sidecar (and the stray temp file)
 * brings back the last complete checkpoint. Returns the files removed.
 */
export function repairCutCheckpoint(stack: PulumiStack): string[] {
  const dir = path.join(stack.backendDir, ".pulumi", "stacks", stack.project);
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    const emptySidecar = name.endsWith(".json.attrs") && statSync(file).size === 0;
    const strayTemp = name.startsWith(`${stack.name}.json.`) && name.endsWith(".tmp");
    if (emptySidecar || strayTemp) {
      rmSync(file);
      removed.push(name);
    }
  }
  return removed;
}
