import type { AccountStore } from "./accounts";
import type { ApiError } from "./api-errors";
import type { PhaseWindows } from "./key-phase";

/** What an API method decided, before any HTTP concern (status, faults, encoding). */
export type ApiAnswer = { readonly kind: "data"; readonly data: object } | { readonly kind: "error"; readonly error: ApiError };

export interface ApiOutcome {
  readonly answer: ApiAnswer;
  /** Counter labels of sites that got an API-issued key; non-empty means state changed. */
  readonly issuedFor: readonly string[];
  /** Hostname for the request log. Never an email, key or token. */
  readonly logHost?: string | undefined;
}

export interface ApiContext {
  readonly store: AccountStore;
  readonly now: number;
  readonly windows: PhaseWindows;
}

export function errorOutcome(error: ApiError, logHost?: string): ApiOutcome {
  return { answer: { kind: "error", error }, issuedFor: [], logHost };
}

export function dataOutcome(data: object, issuedFor: readonly string[] = [], logHost?: string): ApiOutcome {
  return { answer: { kind: "data", data }, issuedFor, logHost };
}
