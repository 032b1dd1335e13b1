import { createHash } from "node:crypto";
import type { CheckedInputs, KeyOutputs } from "../../provider";
import { keyFingerprint } from "../../provider";

/**
 * Generated stand-ins for credentials (STYLE.md "Generated fixtures"): derived
 * from a label so a test reads the same every run, never pasted in as literals.
 */
export function fakeKey(label: string, length = 13): string {
  return fakeAlnum(`key:${label}`, length, false);
}

export function fakeToken(label: string): string {
  return fakeAlnum(`token:${label}`, 32, true);
}

function fakeAlnum(seed: string, length: number, mixedCase: boolean): string {
  const alphabet = mixedCase ? "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" : "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i % bytes.length] ?? 0) % alphabet.length];
  return out;
}

/** A controllable clock for the `now` the provider takes. */
export class TestClock {
  #ms: number;

  constructor(start: Date | string = "2025-03-01T00:00:00.000Z") {
    this.#ms = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.#ms);

  advance(ms: number): Date {
    this.#ms += ms;
    return this.now();
  }

  set(at: Date | string): Date {
    this.#ms = new Date(at).getTime();
    return this.now();
  }
}

export const DAY_MS = 86_400_000;

/**
 * Checked inputs with every setting spelled out. check itself leaves settings
 * at their defaults out; the provider reads both forms (effectiveSettings).
 */
export function checkedInputs(overrides: Partial<CheckedInputs> = {}): CheckedInputs {
  return {
    email: "ops@example.com",
    website: ["https://example.com"],
    productName: "anti-spam",
    maxAge: "365d",
    renewBefore: "30d",
    rotationTriggers: {},
    rotationBase: "2025-03-01T00:00:00.000Z",
    ...overrides,
  };
}

/** Outputs as `create` would store them for `inputs`. */
export function keyOutputs(inputs: CheckedInputs = checkedInputs(), authKey = fakeKey("outputs")): KeyOutputs {
  const { authKey: _supplied, rotation: _rotation, keyInvalidated: _invalidated, ...settings } = inputs;
  const base = new Date(inputs.rotationBase).getTime();
  const sites = Object.fromEntries(inputs.website.map((url) => [url, { hostname: new URL(url).hostname, authKey }]));
  return {
    ...settings,
    // As buildOutputs stores them: a single site's entry is rebuilt, not stored.
    credentials: { authKey, ...(inputs.website.length > 1 ? { sites } : {}) },
    details: {
      fingerprint: keyFingerprint(authKey),
      createdAt: inputs.rotationBase,
      expiresAt: new Date(base + 365 * DAY_MS).toISOString(),
      rotateAfter: new Date(base + 335 * DAY_MS).toISOString(),
      source: "provisioned",
    },
  };
}

/**
 * Outputs as the pre-release builds stored them: every output flat, defaults
 * stored (provider/state/legacy-state.ts reads them). Times follow rotationBase.
 */
export function preReleaseOutputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const inputs = checkedInputs(typeof overrides.rotationBase === "string" ? { rotationBase: overrides.rotationBase } : {});
  const authKey = typeof overrides.authKey === "string" ? overrides.authKey : fakeKey("pre-release");
  const base = new Date(inputs.rotationBase).getTime();
  return {
    ...inputs,
    authKey,
    userToken: fakeToken("pre-release"),
    websites: Object.fromEntries(inputs.website.map((url) => [url, { hostname: new URL(url).hostname, authKey }])),
    hostnames: inputs.website.map((url) => new URL(url).hostname),
    createdAt: inputs.rotationBase,
    expiresAt: new Date(base + 365 * DAY_MS).toISOString(),
    rotateAfter: new Date(base + 335 * DAY_MS).toISOString(),
    source: "provisioned",
    fingerprint: keyFingerprint(authKey),
    keyStatus: "valid",
    authKeySupplied: false,
    ...overrides,
  };
}

/** Every message in an error and its cause chain (bounded). */
export function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      texts.push(current.message, String(current.stack ?? ""));
      current = current.cause;
    } else {
      texts.push(String(current));
      break;
    }
  }
  return texts;
}

/** Awaits a promise that must reject and returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** Calls a function that must throw and returns what it threw. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw, but the call returned");
}
