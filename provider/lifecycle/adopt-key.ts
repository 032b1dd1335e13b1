import type { CleantalkClient } from "../client/cleantalk-client";
import { productId } from "../inputs/product";
import { LifecycleError } from "../errors/lifecycle-error";
import { effectiveSettings } from "../state/effective-settings";
import type { CheckedInputs } from "../state/key-state";
import { hostnameOf, type KeyMaterial, pathToCms } from "./key-material";
import { DASHBOARD_STEPS } from "./messages";

/**
 * Adopts a key generated in the dashboard, after CleanTalk confirms it with
 * notice_paid_till for every site: a mistyped or stale key fails here, at
 * create, instead of in the application that consumes it.
 */
export async function adoptSuppliedKey(client: CleantalkClient, inputs: CheckedInputs, authKey: string): Promise<KeyMaterial> {
  const answers = await Promise.all(
    inputs.website.map(async (url) => ({
      url,
      answer: await client.noticePaidTill({ authKey, pathToCms: pathToCms(url), productId: productId(effectiveSettings(inputs).productName) }),
    })),
  );
  const refused = answers.filter(({ answer }) => answer.valid !== 1).map(({ url }) => hostnameOf(url));
  if (refused.length > 0) {
    throw new LifecycleError(
      "KEY_REJECTED",
      `CleanTalk does not accept the supplied authKey for ${refused.join(", ")} (notice_paid_till valid: 0). Check that it is the key shown for this site and product; if it was regenerated since, copy the new one. ${DASHBOARD_STEPS}`,
    );
  }
  const first = answers[0]?.answer;
  return {
    authKey,
    userToken: first?.user_token,
    serviceId: first?.service_id,
    websites: Object.fromEntries(inputs.website.map((url) => [url, { hostname: hostnameOf(url), authKey }])),
    source: "supplied",
  };
}
