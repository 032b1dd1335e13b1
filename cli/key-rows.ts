import { type AccessKeyType, isAccessKeyType, resourceNameOf } from "../provider/domain/access-key-types";
import { daysLeft, type RotationState, recordedSchedule, rotationStateAt } from "../provider/domain/schedule";
import { keyStandingAt } from "../provider/schema/key-standing";
import { type ExportedKeyOutputs, type ExportedResource, exportedKeyOutputsSchema, type StackExport } from "../provider/schema/state-export";
import type { KeySource } from "../provider/schema/stored-key";
import { StatusError } from "./status-error";

/** What `--check` learned about a key from CleanTalk. */
export type CheckOutcome = { readonly status: "valid" | "invalid" } | { readonly status: "failed"; readonly code: string; readonly message: string };

/** One key of the fleet, as the table and `--json` show it. Nothing secret, no email. */
export interface KeyRow {
  readonly stack: string;
  /** The resource's name in its program. */
  readonly resource: string;
  readonly urn: string;
  readonly type: AccessKeyType;
  readonly hostnames: readonly string[];
  readonly fingerprint: string;
  readonly source: KeySource;
  readonly createdAt: string;
  /** null with maxAge "never". */
  readonly rotateAfter: string | null;
  /** null with maxAge "never". */
  readonly expiresAt: string | null;
  /** Now: from the stored dates and the last recorded validity, or CleanTalk's answer with `--check`. */
  readonly state: RotationState;
  /** Whole days until expiry, negative once expired; null when the key never expires by age. */
  readonly daysLeft: number | null;
  readonly label: string | null;
  /** Only with `--check`. */
  readonly check?: CheckOutcome;
}

/** A key of one stack, with the resource it was read from (`--check` reads its credentials and provider). */
export interface StackKey {
  readonly row: KeyRow;
  readonly outputs: ExportedKeyOutputs & Record<string, unknown>;
  readonly resource: ExportedResource;
}

export interface StackKeys {
  readonly stack: string;
  readonly keys: StackKey[];
  /** Keys that could not be read; the other keys are still reported. */
  readonly problems: StatusError[];
  /** Provider resources by `<urn>::<id>`, the reference a key's `provider` holds. */
  readonly providers: ReadonlyMap<string, ExportedResource>;
}

/** Every key of one stack's export, where it stands at `now`. Pure: the clock is an argument. */
export function keysOfStack(stack: string, state: StackExport, now: Date): StackKeys {
  const keys: StackKey[] = [];
  const problems: StatusError[] = [];
  const providers = new Map<string, ExportedResource>();
  for (const resource of state.deployment.resources ?? []) {
    if (resource.type.startsWith("pulumi:providers:") && resource.id !== undefined) providers.set(`${resource.urn}::${resource.id}`, resource);
    // The old copy of a replaced key waits here for its delete; its replacement is the key.
    if (!isAccessKeyType(resource.type) || resource.delete === true) continue;
    const parsed = exportedKeyOutputsSchema.safeParse(resource.outputs);
    if (!parsed.success) {
      const path = parsed.error.issues[0]?.path.join(".") ?? "";
      problems.push(
        new StatusError(
          "STATE_UNREADABLE",
          `stack ${stack}: key ${resourceNameOf(resource.urn)} has no stored details this version reads${path === "" ? "" : ` (at ${path})`}.`,
          "run `pulumi up` for the stack with this version of pulumi-cleantalk, or upgrade pulumi-cleantalk.",
        ),
      );
      continue;
    }
    const outputs = { ...resource.outputs, ...parsed.data };
    keys.push({ row: rowOf(stack, resource.urn, resource.type, parsed.data, now), outputs, resource });
  }
  return { stack, keys, problems, providers };
}

function rowOf(stack: string, urn: string, type: AccessKeyType, outputs: ExportedKeyOutputs, now: Date): KeyRow {
  const { details } = outputs;
  const standing = keyStandingAt(details, outputs.website, now);
  return {
    stack,
    resource: resourceNameOf(urn),
    urn,
    type,
    hostnames: standing.hostnames,
    fingerprint: details.fingerprint,
    source: details.source,
    createdAt: details.createdAt,
    rotateAfter: details.rotateAfter ?? null,
    expiresAt: details.expiresAt ?? null,
    state: standing.state,
    daysLeft: standing.daysLeft ?? null,
    label: outputs.label ?? null,
  };
}

/**
 * The row once CleanTalk has answered for the key: its answer replaces the
 * validity recorded at the last refresh. A failed check leaves the recorded
 * state, and the row says the check failed.
 */
export function withCheck(row: KeyRow, details: ExportedKeyOutputs["details"], check: CheckOutcome, now: Date): KeyRow {
  if (check.status === "failed") return { ...row, check };
  const schedule = recordedSchedule(details);
  return { ...row, state: rotationStateAt(schedule, check.status === "invalid", now), daysLeft: daysLeft(schedule, now) ?? null, check };
}
