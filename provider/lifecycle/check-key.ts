import { formatDuration } from "../domain/duration";
import { sameIdentity } from "../domain/identity";
import { DEFAULT_PRODUCT } from "../domain/product";
import { DASHBOARD_STEP } from "../domain/runbook";
import { sameValue } from "../domain/same-value";
import { DEFAULT_MAX_AGE_MS, defaultRenewBeforeMs } from "../domain/schedule";
import { containsUnknown } from "../domain/unknown-values";
import type { InputFailure } from "../errors/input-error";
import { toFailures } from "../schema/input-failures";
import { keyInputsSchema, type ProgramInputs, USER_INPUT_NAMES } from "../schema/key-inputs";
import { type KeyPlan, keyPlanCodec } from "../schema/stored-key";

export interface CheckOutcome {
  /** The plan as it is stored (lean), plus any input still unknown at preview, passed through. */
  readonly inputs: Record<string, unknown>;
  readonly failures: InputFailure[];
}

/**
 * The provider's `check`: validates and normalises the program's inputs, as a
 * pure function of the previous and the new inputs. No API call and no clock:
 * whether the key must be replaced is decided by diff, which sees the stored
 * key. Failures start with their code, so preview names it like every other
 * error.
 */
export function checkKey(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome {
  const program = withoutProvider(news);
  const unknown = Object.keys(program).filter((name) => containsUnknown(program[name]));
  const known = Object.fromEntries(Object.entries(program).filter(([name]) => !unknown.includes(name)));
  // An input computed from another resource is unknown at preview; it is
  // checked with its real value during `up`.
  const schema = unknown.length === 0 ? keyInputsSchema : keyInputsSchema.partial(partialMask(unknown));
  const parsed = schema.safeParse(known);
  if (!parsed.success) return refused(program, toFailures(parsed.error, known));

  const values = parsed.data as Partial<ProgramInputs>;
  const failures = crossFieldFailures(values, unknown);
  if (failures.length > 0) return refused(program, failures);
  if (values.email === undefined || values.website === undefined) {
    // Identity still unknown: nothing more to decide until `up`.
    return { inputs: program, failures: [] };
  }

  const plan = planOf(values as ProgramInputs);
  const previous = keyPlanCodec.safeParse(withoutProvider(olds));
  if (previous.success && !unknown.includes("rotationTriggers") && !unknown.includes("authKey")) {
    const failure = sameKeyForNewDemand(previous.data, plan);
    if (failure !== undefined) return refused(program, [failure]);
  }
  const inputs: Record<string, unknown> = { ...keyPlanCodec.encode(plan) };
  for (const name of unknown) inputs[name] = program[name];
  return { inputs, failures: [] };
}

function planOf(values: ProgramInputs): KeyPlan {
  const maxAgeMs = values.maxAge === undefined ? DEFAULT_MAX_AGE_MS : values.maxAge;
  return {
    email: values.email,
    website: values.website,
    productName: values.productName ?? DEFAULT_PRODUCT,
    ...(values.platform === undefined ? {} : { platform: values.platform }),
    maxAgeMs,
    renewBeforeMs: values.renewBefore ?? defaultRenewBeforeMs(maxAgeMs),
    rotationTriggers: values.rotationTriggers ?? {},
    ...(values.label === undefined ? {} : { label: values.label }),
    ...(values.authKey === undefined ? {} : { authKey: values.authKey }),
  };
}

function crossFieldFailures(values: Partial<ProgramInputs>, unknown: readonly string[]): InputFailure[] {
  const failures: InputFailure[] = [];
  const { maxAge, renewBefore, authKey, website } = values;
  if (maxAge === 0) failures.push({ property: "maxAge", reason: 'must be longer than zero, e.g. "365d" (or "never")' });
  if (maxAge === null && renewBefore !== undefined) {
    failures.push({ property: "renewBefore", reason: 'has no effect with maxAge "never" (the key never becomes due); remove it' });
  }
  if (typeof maxAge === "number" && maxAge > 0 && renewBefore !== undefined && renewBefore >= maxAge) {
    failures.push({
      property: "renewBefore",
      reason: `(${formatDuration(renewBefore)}) must be shorter than maxAge (${formatDuration(maxAge)}); e.g. renewBefore "30d" with maxAge "365d"`,
    });
  }
  // An unknown maxAge is absent here, not the default: it is compared during `up`.
  if (maxAge === undefined && !unknown.includes("maxAge") && renewBefore !== undefined && renewBefore >= DEFAULT_MAX_AGE_MS) {
    failures.push({ property: "renewBefore", reason: `(${formatDuration(renewBefore)}) must be shorter than maxAge (365d by default)` });
  }
  if (authKey !== undefined && typeof authKey !== "string" && website !== undefined) {
    for (const url of Object.keys(authKey)) {
      if (!website.includes(url)) {
        failures.push({
          property: `authKey.${url}`,
          reason: `names a site that is not in website (${website.join(", ")}); use the site's URL as written there`,
        });
      }
    }
  }
  return failures;
}

/**
 * rotationTriggers demand a new key now; if authKey is still the key supplied
 * last time, the demand cannot be met from it, and CleanTalk's API will not
 * hand out another for a site it knows: refuse at preview, before any step.
 */
function sameKeyForNewDemand(previous: KeyPlan, next: KeyPlan): InputFailure | undefined {
  if (!sameIdentity(previous, next) || next.authKey === undefined) return undefined;
  if (sameValue(previous.rotationTriggers, next.rotationTriggers) || previous.authKey === undefined || !sameValue(previous.authKey, next.authKey))
    return undefined;
  return {
    property: "authKey",
    reason:
      "KEY_NOT_ROTATED: rotationTriggers changed, which demands a new key, but authKey is still the key in use.\n" +
      `Fix:\n  1. ${DASHBOARD_STEP}\n  2. pulumi config set --secret <the config key your program reads authKey from> <new key>\n  3. pulumi up`,
  };
}

function refused(program: Record<string, unknown>, failures: InputFailure[]): CheckOutcome {
  return { inputs: program, failures: failures.map((f) => (/^[A-Z_]+: /.test(f.reason) ? f : { ...f, reason: `INVALID_INPUT: ${f.reason}` })) };
}

function partialMask(unknown: readonly string[]): Partial<Record<(typeof USER_INPUT_NAMES)[number], true>> {
  return Object.fromEntries(unknown.filter((name) => (USER_INPUT_NAMES as readonly string[]).includes(name)).map((name) => [name, true]));
}

function withoutProvider(inputs: Record<string, unknown>): Record<string, unknown> {
  const { __provider: _ignored, ...rest } = inputs;
  return rest;
}
