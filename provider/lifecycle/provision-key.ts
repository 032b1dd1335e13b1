import type { GetApiKeyAnswer } from "../api/get-api-key-answer";
import type { CleantalkClient } from "../client/cleantalk-client";
import { LifecycleError } from "../errors/lifecycle-error";
import { keyFingerprint } from "./fingerprint";
import { effectiveSettings } from "../state/effective-settings";
import type { CheckedInputs } from "../state/key-state";
import { hostnameOf, type KeyMaterial } from "./key-material";
import { accountExistsMessage, notRotatedMessage } from "./messages";
import type { PendingRotation } from "./rotation-ledger";

/** A multi-site answer where some sites got keys and some did not. */
export class PartialKeyMaterial {
  constructor(
    readonly material: KeyMaterial,
    readonly missingHostnames: readonly string[],
  ) {}
}

/**
 * Calls get_api_key and turns the documented answer phases into key material,
 * refusing the answers that carry no usable new key.
 */
export async function provisionKey(
  client: CleantalkClient,
  inputs: CheckedInputs,
  pending: PendingRotation | undefined,
): Promise<KeyMaterial | PartialKeyMaterial> {
  const answer = await client.getApiKey({
    email: inputs.email,
    websites: inputs.website,
    productName: effectiveSettings(inputs).productName,
    platform: inputs.platform,
  });
  return classify(answer, inputs, pending);
}

/**
 * `pending` is set when this create replaces keys (a rotation): an answer that
 * hands back one of them is refused, whatever phase it came in.
 */
export function classify(answer: GetApiKeyAnswer, inputs: CheckedInputs, pending: PendingRotation | undefined): KeyMaterial | PartialKeyMaterial {
  const hostnames = inputs.website.map(hostnameOf);
  const isReplacedKey = (key: string) => pending?.previousFingerprints.has(keyFingerprint(key)) === true;
  const singleSite = (authKey: string) => Object.fromEntries(inputs.website.map((url) => [url, { hostname: hostnameOf(url), authKey }]));

  switch (answer.phase) {
    case "issued":
      if (isReplacedKey(answer.auth_key)) throw new LifecycleError("KEY_NOT_ROTATED", notRotatedMessage(hostnames));
      return {
        authKey: answer.auth_key,
        userToken: answer.user_token,
        passwordHash: answer.password_hash,
        serviceId: answer.service_id,
        websites: singleSite(answer.auth_key),
        source: "provisioned",
      };
    case "existing":
      // Phase 2 repeats the site's current key. For a new resource that is the
      // key (e.g. an interrupted `up` asked before). For a rotation it must not
      // be the key being replaced; a different one (regenerated in the
      // dashboard since) is the new key.
      if (isReplacedKey(answer.auth_key)) throw new LifecycleError("KEY_NOT_ROTATED", notRotatedMessage(hostnames));
      return { authKey: answer.auth_key, userToken: answer.user_token, websites: singleSite(answer.auth_key), source: "existing-site" };
    case "account-exists":
      throw new LifecycleError("ACCOUNT_EXISTS", accountExistsMessage(hostnames));
    case "multi-site":
      return classifyMultiSite(answer, inputs, isReplacedKey);
  }
}

function classifyMultiSite(
  answer: Extract<GetApiKeyAnswer, { phase: "multi-site" }>,
  inputs: CheckedInputs,
  isReplacedKey: (key: string) => boolean,
): KeyMaterial | PartialKeyMaterial {
  const websites: Record<string, { hostname: string; authKey: string }> = {};
  const missing: string[] = [];
  for (const url of inputs.website) {
    const entry = answer.websites[url];
    if (entry?.auth_key === undefined) missing.push(hostnameOf(url));
    else websites[url] = { hostname: entry.hostname, authKey: entry.auth_key };
  }
  const accountExisted = answer.account_exists === 1;
  const repeated = Object.values(websites).filter((site) => isReplacedKey(site.authKey));
  if (repeated.length > 0) throw new LifecycleError("KEY_NOT_ROTATED", notRotatedMessage(repeated.map((site) => site.hostname)));
  const first = Object.values(websites)[0];
  if (first === undefined) throw new LifecycleError("ACCOUNT_EXISTS", accountExistsMessage(missing));
  const material: KeyMaterial = {
    authKey: answer.auth_key ?? first.authKey,
    userToken: answer.user_token,
    websites,
    source: accountExisted ? "existing-site" : "provisioned",
  };
  return missing.length > 0 ? new PartialKeyMaterial(material, missing) : material;
}
