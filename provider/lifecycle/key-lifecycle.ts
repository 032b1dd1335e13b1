import type { CleantalkClient } from "../client/cleantalk-client";
import type { InputFailure } from "../errors/input-error";
import { LifecycleError } from "../errors/lifecycle-error";
import { checkKeyInputs } from "../inputs/check-inputs";
import { productId } from "../inputs/product";
import type { CheckedInputs, KeyOutputs } from "../state/key-state";
import { adoptSuppliedKey } from "./adopt-key";
import { diffKey, type KeyDiff } from "./diff-key";
import { keyFingerprint } from "./fingerprint";
import { pathToCms } from "./key-material";
import { buildOutputs, inputsFromOutputs, scheduleOf } from "./key-outputs";
import { notRotatedMessage } from "./messages";
import { PartialKeyMaterial, provisionKey } from "./provision-key";
import { RotationLedger } from "./rotation-ledger";
import { effectiveSettings } from "../state/effective-settings";
import { hostnamesOf, siteKeys } from "../state/site-keys";

export interface LifecycleDeps {
  /** Called only by steps that talk to CleanTalk; check and diff never do. */
  readonly client: () => CleantalkClient;
  readonly now: () => Date;
  readonly log?: (message: string) => void;
  /** Shared by every lifecycle of one provider process. @default a ledger of this instance */
  readonly rotations?: RotationLedger;
}

/**
 * Raised when CleanTalk issued keys but the create cannot complete. The
 * dynamic-provider host turns `id`, `properties` and `reasons` into
 * ErrorResourceInitFailed, so the engine records the resource (and the keys
 * already issued) instead of forgetting them.
 */
export class KeyIssuedButIncompleteError extends Error {
  override readonly name = "KeyIssuedButIncompleteError";
  constructor(
    readonly id: string,
    readonly properties: KeyOutputs,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
  }
}

/** The six dynamic-provider steps for CleantalkAccessKey, with injected clock and client. */
export class KeyLifecycle {
  readonly #deps: LifecycleDeps;
  readonly #rotations: RotationLedger;

  constructor(deps: LifecycleDeps) {
    this.#deps = deps;
    this.#rotations = deps.rotations ?? new RotationLedger();
  }

  check(olds: Record<string, unknown>, news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: InputFailure[] } {
    return checkKeyInputs(olds, news, this.#deps.now());
  }

  diff(_id: string, olds: KeyOutputs, news: CheckedInputs): KeyDiff {
    const result = diffKey(olds, news);
    const identityKept = !result.replaces.some((property) => property === "email" || property === "website" || property === "productName");
    if (result.replaces.length > 0 && identityKept) this.#rotations.record(news, olds);
    return result;
  }

  async create(inputs: CheckedInputs): Promise<{ id: string; outs: KeyOutputs }> {
    const pending = this.#rotations.take(inputs);
    if (inputs.authKey !== undefined && pending?.previousFingerprints.has(keyFingerprint(inputs.authKey))) {
      throw new LifecycleError("KEY_NOT_ROTATED", notRotatedMessage(inputs.website.map((url) => new URL(url).hostname)));
    }
    const client = this.#deps.client();
    const material = inputs.authKey === undefined ? await provisionKey(client, inputs, pending) : await adoptSuppliedKey(client, inputs, inputs.authKey);
    if (material instanceof PartialKeyMaterial) {
      const outs = withKeyStatus(buildOutputs(inputs, material.material, this.#deps.now()), "invalid");
      throw new KeyIssuedButIncompleteError(resourceId(outs), outs, [
        `CleanTalk issued keys for some sites but answered account_exists for ${material.missingHostnames.join(", ")}; the keys issued are kept in state and the next \`pulumi up\` retries. For the sites without a key, generate one in the dashboard.`,
      ]);
    }
    const outs = buildOutputs(inputs, material, this.#deps.now());
    this.#deps.log?.(`created key ${outs.details.fingerprint} for ${hostnamesOf(outs).join(", ")} (${outs.details.source})`);
    return { id: resourceId(outs), outs };
  }

  /** Re-validates the key. A key CleanTalk no longer accepts is flagged so the next `up` replaces it. */
  async read(id: string, props: KeyOutputs): Promise<{ id: string; props: KeyOutputs; inputs?: CheckedInputs }> {
    const client = this.#deps.client();
    const answers = await Promise.all(
      Object.entries(siteKeys(props)).map(([url, site]) =>
        client.noticePaidTill({ authKey: site.authKey, pathToCms: pathToCms(url), productId: productId(effectiveSettings(props).productName) }),
      ),
    );
    if (answers.every((answer) => answer.valid === 1)) return { id, props: withKeyStatus(props, "valid") };
    this.#deps.log?.(`key ${props.details.fingerprint} is no longer valid; the next \`pulumi up\` replaces it`);
    return { id, props: withKeyStatus(props, "invalid"), inputs: { ...inputsFromOutputs(props), keyInvalidated: props.details.fingerprint } };
  }

  /** label, maxAge, renewBefore, platform and triggers without a rotation: no new key, times recomputed. */
  update(_id: string, olds: KeyOutputs, news: CheckedInputs): { outs: KeyOutputs } {
    const { authKey: _supplied, rotation: _rotation, keyInvalidated: _invalidated, ...settings } = news;
    // The echo is rebuilt from the new settings, not merged over the old one:
    // a setting back at its default is absent from news and must go.
    return { outs: { ...settings, credentials: olds.credentials, details: { ...olds.details, ...scheduleOf(news) } } };
  }

  /** CleanTalk has no revoke API: the key leaves Pulumi's state only (README: revoke in the dashboard). */
  delete(_id: string, props: KeyOutputs): void {
    this.#deps.log?.(`forgot key ${props.details?.fingerprint ?? "(unknown)"}; revoke it in the CleanTalk dashboard if it leaked`);
  }
}

function resourceId(outs: KeyOutputs): string {
  return `${effectiveSettings(outs).productName}/${hostnamesOf(outs)[0] ?? "site"}/${outs.details.fingerprint}`;
}

function withKeyStatus(outputs: KeyOutputs, keyStatus: "valid" | "invalid"): KeyOutputs {
  const { keyStatus: _previous, ...details } = outputs.details;
  return { ...outputs, details: keyStatus === "invalid" ? { ...details, keyStatus } : details };
}
