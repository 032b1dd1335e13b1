import { createHash } from "node:crypto";
import { type KeyPlan, type KeyRecord, keyFingerprint, rotationStateAt, scheduleFrom } from "../../provider";
import type { KeySource } from "../../provider/schema/stored-key";

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

/** A complete plan (checked inputs, decoded) for one site, with every setting at its default. */
export function keyPlan(overrides: Partial<KeyPlan> = {}): KeyPlan {
  return {
    email: "ops@example.com",
    website: ["https://example.com"],
    productName: "anti-spam",
    maxAgeMs: 365 * DAY_MS,
    renewBeforeMs: 30 * DAY_MS,
    rotationTriggers: {},
    ...overrides,
  };
}

/** The record create would store for `plan` with this key, created at `createdAt`. */
export function keyRecord(
  plan: KeyPlan = keyPlan(),
  options: { authKey?: string; createdAt?: string; now?: Date; keyStatus?: "valid" | "invalid"; source?: KeySource } = {},
): KeyRecord {
  const { authKey: _supplied, ...settings } = plan;
  const authKey = options.authKey ?? fakeKey("record");
  const createdAt = options.createdAt ?? "2025-03-01T00:00:00.000Z";
  const salt = fakeAlnum(`salt:${authKey}`, 22, true);
  const schedule = scheduleFrom(new Date(createdAt), plan.maxAgeMs, plan.renewBeforeMs);
  const keyStatus = options.keyStatus ?? "valid";
  return {
    ...settings,
    credentials: { authKey, salt, sites: Object.fromEntries(plan.website.map((url) => [url, { hostname: new URL(url).hostname, authKey }])) },
    details: {
      fingerprint: keyFingerprint(authKey, salt),
      createdAt,
      ...(schedule === undefined ? {} : { expiresAt: schedule.expiresAt.toISOString(), rotateAfter: schedule.rotateAfter.toISOString() }),
      source: options.source ?? "provisioned",
      keyStatus,
      rotationState: rotationStateAt(schedule, keyStatus === "invalid", options.now ?? new Date(createdAt)),
      hostnames: plan.website.map((url) => new URL(url).hostname),
      pendingSites: [],
      createdAtEstimated: false,
    },
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
