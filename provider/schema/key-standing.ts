import { daysLeft, type RotationState, recordedSchedule, rotationStateAt } from "../domain/schedule";
import { hostnamesOf } from "../domain/site-keys";
import type { StoredDetails } from "./stored-key";

/** Where a stored key stands at one moment: what the SDK's `rotationState` and `daysLeft` outputs would read. */
export interface KeyStanding {
  readonly state: RotationState;
  /** Whole days until expiry, negative once expired; undefined when the key never expires by age. */
  readonly daysLeft: number | undefined;
  readonly hostnames: string[];
}

/**
 * A key's standing from its stored `details` and site URLs, at `now`. The
 * schedule comes from the stored dates, not from maxAge: they are what the
 * provider decided when it last wrote the key, and what its next plan reads.
 */
export function keyStandingAt(details: StoredDetails, website: readonly string[], now: Date): KeyStanding {
  const schedule = recordedSchedule(details);
  return {
    state: rotationStateAt(schedule, details.keyStatus === "invalid", now),
    daysLeft: daysLeft(schedule, now),
    hostnames: hostnamesOf(website, details.hostnames),
  };
}
