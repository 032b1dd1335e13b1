import { LifecycleError } from "../errors/lifecycle-error";
import { containsUnknown } from "../inputs/unknown-values";
import type { CheckedInputs, KeyOutputs, RotationReason } from "../state/key-state";
import { keyFingerprint } from "./fingerprint";
import { DASHBOARD_STEPS } from "./messages";

export interface KeyDiff {
  /** Always a boolean: the engine reads undefined as "unknown". */
  readonly changes: boolean;
  readonly replaces: string[];
  /** Create-before-delete, so consumers switch to the new key in the same `up`. */
  readonly deleteBeforeReplace: false;
}

// Which property preview names as the cause of a rotation.
const rotationProperty: Readonly<Record<RotationReason, string>> = {
  age: "rotateAfter",
  triggers: "rotationTriggers",
  invalidated: "keyStatus",
  adopt: "authKey",
};

const inPlaceFields = ["label", "maxAge", "renewBefore", "platform"] as const;

/**
 * The dynamic provider's `diff`: old outputs against checked inputs. Makes no
 * API call; rotation was already decided by check (a new rotationBase).
 */
export function diffKey(olds: KeyOutputs, news: CheckedInputs): KeyDiff {
  const replaces: string[] = [];
  if (differs(olds.email, news.email)) replaces.push("email");
  if (differs(olds.website, news.website)) replaces.push("website");
  if (differs(olds.productName, news.productName)) replaces.push("productName");
  if (replaces.length === 0) {
    // The marker itself means "replace": a new base alone would miss a
    // rotation decided in the same millisecond the old base was taken.
    if (news.rotation !== undefined) replaces.push(rotationProperty[news.rotation.reason]);
    else if (differs(olds.rotationBase, news.rotationBase)) replaces.push("rotateAfter");
    else if (olds.details.keyStatus === "invalid") replaces.push("keyStatus");
  }

  if (replaces.length > 0 && typeof news.authKey === "string" && keyFingerprint(news.authKey) === olds.details.fingerprint) {
    throw new LifecycleError(
      "KEY_NOT_ROTATED",
      `authKey is the key this resource already uses, so replacing it would not rotate anything. Generate a new key first. ${DASHBOARD_STEPS} The current key and state are unchanged.`,
    );
  }

  const updates: string[] = inPlaceFields.filter((field) => differs(olds[field], news[field]));
  if (differs(olds.rotationTriggers, news.rotationTriggers)) updates.push("rotationTriggers");
  return { changes: replaces.length > 0 || updates.length > 0, replaces, deleteBeforeReplace: false };
}

function differs(a: unknown, b: unknown): boolean {
  if (containsUnknown(b)) return true;
  return JSON.stringify(canonical(a)) !== JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
