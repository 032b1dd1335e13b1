import type { GetApiKeyAnswer } from "../api/get-api-key-answer";
import type { CleantalkClient } from "../client/cleantalk-client";
import { LifecycleError } from "../errors/lifecycle-error";
import { keyFingerprint } from "./fingerprint";
import type { CheckedInputs } from "../state/key-state";
import { hostnameOf, type KeyMaterial } from "./key-material";
import { accountExistsMessage, notRotatedMessage } from "./messages";

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
export async function provisionKey(client: CleantalkClient, inputs: CheckedInputs): Promise<KeyMaterial | PartialKeyMaterial> {
  const answer = await client.getApiKey({
    email: inputs.email,
    websites: inputs.website,
    productName: inputs.productName,
    platform: inputs.platform,
  });
  return classify(answer, inputs);
}

export function classify(answer: GetApiKeyAnswer, inputs: CheckedInputs): KeyMaterial | PartialKeyMaterial {
  const hostnames = inputs.website.map(hostnameOf);
  const rotating = inputs.rotation !== undefined;
  const singleSite = (authKey: string) => Object.fromEntries(inputs.website.map((url) => [url, { hostname: hostnameOf(url), authKey }]));

  switch (answer.phase) {
    case "issued":
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
      // key (e.g. an interrupted `up` asked before). For a rotation it is the
      // very key being replaced, unless we know the old key's fingerprint and
      // this one differs (the site's key was regenerated in the dashboard).
      if (rotating && keyFingerprint(answer.auth_key) === (inputs.rotation?.previousFingerprint ?? keyFingerprint(answer.auth_key))) {
        throw new LifecycleError("KEY_NOT_ROTATED", notRotatedMessage(hostnames));
      }
      return { authKey: answer.auth_key, userToken: answer.user_token, websites: singleSite(answer.auth_key), source: "existing-site" };
    case "account-exists":
      throw new LifecycleError("ACCOUNT_EXISTS", accountExistsMessage(hostnames));
    case "multi-site":
      return classifyMultiSite(answer, inputs, rotating);
  }
}

function classifyMultiSite(answer: Extract<GetApiKeyAnswer, { phase: "multi-site" }>, inputs: CheckedInputs, rotating: boolean): KeyMaterial | PartialKeyMaterial {
  const websites: Record<string, { hostname: string; authKey: string }> = {};
  const missing: string[] = [];
  for (const url of inputs.website) {
    const entry = answer.websites[url];
    if (entry?.auth_key === undefined) missing.push(hostnameOf(url));
    else websites[url] = { hostname: entry.hostname, authKey: entry.auth_key };
  }
  const accountExisted = answer.account_exists === 1;
  // The array form does not say which keys are new; only a brand-new account
  // proves it. A rotation over an existing account needs dashboard keys.
  if (rotating && accountExisted) throw new LifecycleError("KEY_NOT_ROTATED", notRotatedMessage(inputs.website.map(hostnameOf)));
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
