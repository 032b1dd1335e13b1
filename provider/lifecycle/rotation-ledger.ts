import type { CheckedInputs, KeyOutputs } from "../state/key-state";
import { siteKeys } from "../state/site-keys";
import { keyFingerprint } from "./fingerprint";

/** The keys a planned replacement rotates away, as create needs to know them. */
export interface PendingRotation {
  readonly previousFingerprints: ReadonlySet<string>;
}

type Identity = Pick<CheckedInputs, "email" | "website" | "productName">;

/**
 * Carries "this create replaces these keys" from diff to create.
 *
 * Why in memory and not in the inputs: when the engine replaces a resource it
 * runs check a second time without the old inputs (pulumi/pulumi,
 * pkg/resource/deploy/step_generator.go), so nothing check adds to the inputs
 * reaches create. diff sees the old outputs, and create runs moments later in
 * the same dynamic-provider process, which serves the whole deployment.
 */
export class RotationLedger {
  readonly #pending = new Map<string, PendingRotation>();

  record(news: Identity, olds: KeyOutputs): void {
    const previous = new Set<string>();
    previous.add(olds.details.fingerprint);
    for (const site of Object.values(siteKeys(olds))) previous.add(keyFingerprint(site.authKey));
    this.#pending.set(identityOf(news), { previousFingerprints: previous });
  }

  /** The pending rotation for these inputs, consumed: a later create of the same site is a new decision. */
  take(inputs: Identity): PendingRotation | undefined {
    const key = identityOf(inputs);
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    return pending;
  }
}

function identityOf(inputs: Identity): string {
  return JSON.stringify([inputs.email, inputs.website, inputs.productName]);
}
