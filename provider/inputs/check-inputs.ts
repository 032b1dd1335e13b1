import type { z } from "zod";
import type { InputFailure } from "../errors/input-error";
import type { CheckedInputs, RotationMarker, RotationReason } from "../state/key-state";
import { formatDuration } from "./duration";
import { keyInputsSchema, USER_INPUT_NAMES } from "./key-inputs-schema";
import { DEFAULT_PRODUCT } from "./product";
import { DEFAULT_MAX_AGE_MS, defaultRenewBeforeMs, isRotationDue, scheduleFrom } from "./schedule";
import { storedSettings } from "../state/effective-settings";
import { containsUnknown } from "./unknown-values";

export interface CheckOutcome {
  readonly inputs: Record<string, unknown>;
  readonly failures: InputFailure[];
}

/**
 * The dynamic provider's `check`, as a pure function of the previous inputs,
 * the program's inputs and the clock. It validates without calling the API
 * and decides whether this plan rotates the key, so that `pulumi preview`
 * already shows a due key being replaced (no refresh needed).
 */
export function checkKeyInputs(olds: Record<string, unknown>, news: Record<string, unknown>, now: Date): CheckOutcome {
  const program = withoutProvider(news);
  const unknown = Object.keys(program).filter((k) => containsUnknown(program[k]));
  const known = Object.fromEntries(Object.entries(program).filter(([k]) => !unknown.includes(k)));
  const parsed = schemaAllowingMissing(unknown.filter(isUserInput)).safeParse(known);
  if (!parsed.success) return { inputs: program, failures: toFailures(parsed.error, known) };

  const values = parsed.data;
  const maxAgeMs = values.maxAge ?? DEFAULT_MAX_AGE_MS;
  const renewBeforeMs = values.renewBefore ?? defaultRenewBeforeMs(maxAgeMs);
  const failures: InputFailure[] = [];
  if (maxAgeMs <= 0) failures.push({ property: "maxAge", reason: 'must be longer than zero, e.g. "365d"' });
  if (values.renewBefore !== undefined && renewBeforeMs >= maxAgeMs) {
    failures.push({
      property: "renewBefore",
      reason: `(${formatDuration(renewBeforeMs)}) must be shorter than maxAge (${formatDuration(maxAgeMs)}); e.g. renewBefore "30d" with maxAge "365d"`,
    });
  }
  if (failures.length > 0) return { inputs: program, failures };

  const previous = previousInputs(olds);
  const checked: Record<string, unknown> = {
    email: values.email,
    website: values.website,
    // Settings equal to their defaults are left out (storedSettings).
    ...storedSettings({ productName: values.productName ?? DEFAULT_PRODUCT, maxAgeMs, renewBeforeMs, rotationTriggers: values.rotationTriggers ?? {} }),
  };
  if (values.platform !== undefined) checked.platform = values.platform;
  if (values.label !== undefined) checked.label = values.label;
  if (values.authKey !== undefined) checked.authKey = values.authKey;
  for (const key of unknown) checked[key] = program[key];

  const decision = decideRotation(previous, checked, unknown, maxAgeMs, renewBeforeMs, now);
  if (decision.failure) return { inputs: program, failures: [decision.failure] };
  checked.rotationBase = decision.base;
  if (decision.rotation) checked.rotation = decision.rotation;
  return { inputs: checked, failures: [] };
}

type UserInput = (typeof USER_INPUT_NAMES)[number];

// One schema per set of unknown inputs, built once: zod compiles a parser for
// each schema object on its first parse, so a `.partial()` per call made every
// check pay that compilation (the common case, nothing unknown, is the schema itself).
const partialSchemas = new Map<string, z.ZodType>();
function schemaAllowingMissing(unknownInputs: readonly UserInput[]): z.ZodType<Partial<z.output<typeof keyInputsSchema>>> {
  if (unknownInputs.length === 0) return keyInputsSchema;
  const key = [...unknownInputs].sort().join(",");
  let schema = partialSchemas.get(key);
  if (schema === undefined) {
    schema = keyInputsSchema.partial(Object.fromEntries(unknownInputs.map((k) => [k, true])) as Partial<Record<UserInput, true>>);
    partialSchemas.set(key, schema);
  }
  return schema as z.ZodType<Partial<z.output<typeof keyInputsSchema>>>;
}
function isUserInput(name: string): name is UserInput {
  return (USER_INPUT_NAMES as readonly string[]).includes(name);
}

interface RotationDecision {
  readonly base: string;
  readonly rotation?: RotationMarker;
  readonly failure?: InputFailure;
}

function decideRotation(
  previous: CheckedInputs | undefined,
  next: Record<string, unknown>,
  unknown: readonly string[],
  maxAgeMs: number,
  renewBeforeMs: number,
  now: Date,
): RotationDecision {
  const nowIso = now.toISOString();
  // A new resource, or one whose identity changed (the engine replaces it
  // anyway): the new key starts a fresh schedule and is not a rotation.
  if (previous === undefined || identityChanged(previous, next, unknown)) return { base: nowIso };

  const reason = rotationReason(previous, next, unknown, maxAgeMs, renewBeforeMs, now);
  if (reason === undefined) return { base: previous.rotationBase };

  if (reason !== "adopt" && next.authKey !== undefined && next.authKey === previous.authKey) {
    return {
      base: previous.rotationBase,
      failure: {
        property: "authKey",
        reason:
          `a new key is due (${describe(reason)}) but authKey is still the key in use. CleanTalk only issues a new key for an existing site from its dashboard: ` +
          'Settings → "Change the Access key" → "Generate key" → apply, then `pulumi config set --secret <name> <new key>` and run `pulumi up` again',
      },
    };
  }
  const rotation: RotationMarker = { reason, previousBase: previous.rotationBase };
  return { base: nowIso, rotation };
}

function rotationReason(
  previous: CheckedInputs,
  next: Record<string, unknown>,
  unknown: readonly string[],
  maxAgeMs: number,
  renewBeforeMs: number,
  now: Date,
): RotationReason | undefined {
  if (!unknown.includes("rotationTriggers") && !sameRecord(previous.rotationTriggers, next.rotationTriggers)) return "triggers";
  if (typeof previous.keyInvalidated === "string") return "invalidated";
  if (!unknown.includes("authKey") && next.authKey !== undefined && next.authKey !== previous.authKey) return "adopt";
  const schedule = scheduleFrom(new Date(previous.rotationBase), maxAgeMs, renewBeforeMs);
  return isRotationDue(schedule, now) ? "age" : undefined;
}

function describe(reason: RotationReason): string {
  return {
    age: "the key reached its rotation age",
    triggers: "rotationTriggers changed",
    invalidated: "CleanTalk reported the key invalid",
    adopt: "a new authKey was supplied",
  }[reason];
}

function identityChanged(previous: CheckedInputs, next: Record<string, unknown>, unknown: readonly string[]): boolean {
  if (unknown.includes("email") || unknown.includes("website") || unknown.includes("productName")) return true;
  return (
    previous.email !== next.email ||
    previous.productName !== next.productName ||
    previous.website.length !== (next.website as string[]).length ||
    previous.website.some((url, i) => url !== (next.website as string[])[i])
  );
}

/** The previous inputs as check stored them, or undefined for a new resource (or unreadable state). */
function previousInputs(olds: Record<string, unknown>): CheckedInputs | undefined {
  const { email, website, rotationBase } = olds;
  if (typeof email !== "string" || !Array.isArray(website) || typeof rotationBase !== "string") return undefined;
  if (Number.isNaN(new Date(rotationBase).getTime())) return undefined;
  return olds as unknown as CheckedInputs;
}

function sameRecord(a: unknown, b: unknown): boolean {
  const left = (a ?? {}) as Record<string, unknown>;
  const right = (b ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (left[key] !== right[key]) return false;
  return true;
}

function withoutProvider(news: Record<string, unknown>): Record<string, unknown> {
  const { __provider: _ignored, ...rest } = news;
  return rest;
}

function toFailures(error: z.ZodError, input: Record<string, unknown>): InputFailure[] {
  const failures: InputFailure[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        failures.push({ property: key, reason: `is not an input of CleantalkAccessKey; remove it (inputs are ${USER_INPUT_NAMES.join(", ")})` });
      }
      continue;
    }
    // zod does not put the input on issues (reportInput is off, and must stay
    // off: authKey would ride along), so "missing" is read from the value itself.
    const missing = valueAt(input, issue.path) === undefined;
    const { path, message } = missing ? issue : nestedDetail(issue);
    const property = path.length > 0 ? path.map(String).join(".") : "(inputs)";
    const reason = missing && (issue.code === "invalid_type" || issue.code === "invalid_union") ? `is required; ${requiredHint(property)}` : message;
    failures.push({ property, reason });
  }
  return failures;
}

/**
 * Issues that wrap other issues carry only the wrapper's generic message.
 * `website` is a union (one URL or a list): when a value is of the right type
 * but refused (a javascript: scheme, credentials), the branch that got past
 * the type check holds the reason the user needs. A rotationTriggers key that
 * is too long arrives as `invalid_key` around the real reason.
 */
function nestedDetail(issue: z.core.$ZodIssue): { path: readonly PropertyKey[]; message: string } {
  if (issue.code === "invalid_key" || issue.code === "invalid_element") {
    const inner = issue.issues[0];
    return inner === undefined ? issue : { path: issue.path, message: inner.message };
  }
  if (issue.code !== "invalid_union") return issue;
  for (const branch of issue.errors) {
    const specific = branch.find((inner) => inner.code !== "invalid_type");
    if (specific !== undefined) return { path: [...issue.path, ...specific.path], message: specific.message };
  }
  return issue;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function requiredHint(property: string): string {
  if (property === "email") return 'set the email of the CleanTalk account, e.g. email: "ops@example.com"';
  if (property === "website") return 'set the site URL (or a list), e.g. website: "https://example.com"';
  return "set it";
}
