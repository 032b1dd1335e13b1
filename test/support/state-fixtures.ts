import { createHash } from "node:crypto";
import { ACCESS_KEY_TYPES, type AccessKeyType } from "../../provider/domain/access-key-types";
import { SECRET_SIG, SPECIAL_SIG_KEY } from "../../provider/schema/state-export";
import type { StoredDetails } from "../../provider/schema/stored-key";
import { fakeKey } from "./provider-fixtures";

/**
 * Literal `pulumi stack export` documents for the fleet view's and the
 * policies' unit tests: what the provider stores, built from a few facts.
 */

export const DYNAMIC_TYPE: AccessKeyType = ACCESS_KEY_TYPES[0];
export const PLUGIN_TYPE: AccessKeyType = ACCESS_KEY_TYPES[1];
const DAY = 86_400_000;

export interface KeyFixture {
  readonly name: string;
  readonly type?: AccessKeyType;
  readonly website?: readonly string[];
  readonly label?: string;
  /** Created this many days before `now`. @default 10 */
  readonly ageDays?: number;
  /** null: maxAge "never". @default 365 */
  readonly maxAgeDays?: number | null;
  /** @default 30 */
  readonly renewBeforeDays?: number;
  readonly invalid?: boolean;
  readonly delete?: boolean;
  /** Also store the credentials revealed, as `stack export --show-secrets` prints them. */
  readonly revealed?: boolean;
}

/** A fingerprint shaped like the provider's (`ctk_` and ten hex digits), derived from the name. */
export function fakeFingerprint(label: string): string {
  return `ctk_${createHash("sha256").update(label).digest("hex").slice(0, 10)}`;
}

export function storedDetails(fixture: KeyFixture, now: Date): StoredDetails {
  const created = now.getTime() - (fixture.ageDays ?? 10) * DAY;
  const maxAgeDays = fixture.maxAgeDays === undefined ? 365 : fixture.maxAgeDays;
  const schedule =
    maxAgeDays === null
      ? {}
      : {
          expiresAt: new Date(created + maxAgeDays * DAY).toISOString(),
          rotateAfter: new Date(created + (maxAgeDays - (fixture.renewBeforeDays ?? 30)) * DAY).toISOString(),
        };
  return {
    fingerprint: fakeFingerprint(fixture.name),
    createdAt: new Date(created).toISOString(),
    ...schedule,
    source: "provisioned",
    ...(fixture.invalid === true ? { keyStatus: "invalid" as const } : {}),
  };
}

export function keyResource(stack: string, fixture: KeyFixture, now: Date): Record<string, unknown> {
  const type = fixture.type ?? DYNAMIC_TYPE;
  const website = fixture.website ?? [`https://${fixture.name}.example.org`];
  const credentials = { authKey: fakeKey(`${stack}/${fixture.name}`), salt: "s".repeat(22) };
  return {
    urn: `urn:pulumi:${stack}::keyring::${type}::${fixture.name}`,
    type,
    id: `anti-spam/${fixture.name}`,
    custom: true,
    provider: `urn:pulumi:${stack}::keyring::pulumi:providers:pulumi-nodejs::default::provider-id`,
    inputs: { email: "fleet@example.org", website },
    outputs: {
      email: "fleet@example.org",
      website,
      ...(fixture.label === undefined ? {} : { label: fixture.label }),
      credentials:
        fixture.revealed === true
          ? { [SPECIAL_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(credentials) }
          : { [SPECIAL_SIG_KEY]: SECRET_SIG, ciphertext: "v1:bm9uY2U=:Y2lwaGVydGV4dA==" },
      details: storedDetails(fixture, now),
    },
    ...(fixture.delete === true ? { delete: true } : {}),
  };
}

/** The default provider of a dynamic-provider stack: its inputs are the stack's config. */
export function providerResource(stack: string, config: Record<string, unknown>): Record<string, unknown> {
  return {
    urn: `urn:pulumi:${stack}::keyring::pulumi:providers:pulumi-nodejs::default`,
    id: "provider-id",
    type: "pulumi:providers:pulumi-nodejs",
    custom: true,
    inputs: config,
    outputs: config,
  };
}

export function stackExport(resources: readonly Record<string, unknown>[]): Record<string, unknown> {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-01-01T00:00:00Z", magic: "0", version: "v3.248.0" },
      resources: [{ urn: "urn:pulumi:s::keyring::pulumi:pulumi:Stack::keyring-s", type: "pulumi:pulumi:Stack", custom: false }, ...resources],
    },
  };
}
