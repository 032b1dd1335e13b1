import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey, type CleantalkAccessKeyArgs } from "pulumi-cleantalk";

/**
 * One CleantalkAccessKey per case of the `cases` config (a JSON list of
 * `{ name, inputs, adopt }`), each field a user reads exported as
 * `<case>_<field>`. A case with `adopt` takes its authKey from the secret
 * `authKeys` map. test/e2e/programs/parity-python declares the same keys
 * through the plugin, for the test to compare.
 */
interface Case {
  readonly name: string;
  readonly inputs: Omit<CleantalkAccessKeyArgs, "authKey">;
  readonly adopt?: boolean;
}

const config = new pulumi.Config();
const cases = config.requireObject<Case[]>("cases");
const authKeys = config.getSecretObject<Record<string, string>>("authKeys");

const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { name, inputs, adopt } of cases) {
  const authKey = adopt
    ? authKeys?.apply((keys) => {
        const key = keys[name];
        if (key === undefined) throw new Error(`case ${name} adopts a key, but authKeys has none for it`);
        return key;
      })
    : undefined;
  const key = new CleantalkAccessKey(name, { ...inputs, ...(authKey === undefined ? {} : { authKey }) });
  const fields: Record<string, pulumi.Output<unknown>> = {
    authKey: key.authKey,
    websites: key.websites,
    fingerprint: key.fingerprint,
    hostnames: key.hostnames,
    source: key.source,
    keyStatus: key.keyStatus,
    rotationState: key.rotationState,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    rotateAfter: key.rotateAfter,
    productName: key.productName,
    maxAge: key.maxAge,
    renewBefore: key.renewBefore,
    label: key.label,
    // Inside `details` here, absent when there is nothing to say; flat in the plugin's schema.
    pendingSites: key.details.apply((d) => d.pendingSites ?? []),
    createdAtEstimated: key.details.apply((d) => d.createdAtEstimated ?? false),
  };
  for (const [field, value] of Object.entries(fields)) outputs[`${name}_${field}`] = value;
}

export = outputs;
