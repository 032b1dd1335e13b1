import { type ResourceValidationPolicy, Secret } from "@pulumi/policy";
import { isAccessKeyType } from "../provider/domain/access-key-types";
import { rawValueOf } from "./raw-props";

/** How a key's authKey input reached the engine. */
export type AuthKeySecrecy = "absent" | "secret" | "plain";

/**
 * What the detector saw, by URN, for the validation that follows. The engine
 * runs every remediation of a resource, then its validations, one resource
 * registration at a time and in this one pack process, so the entry read is
 * the one just written. Bounded by the number of resources in the deployment.
 */
const seen = new Map<string, AuthKeySecrecy>();

/**
 * `authKey`, or every key of a per-site map, arrived as a secret. An unknown
 * value that is not a secret counts as plain: it will be plain text once known.
 */
export function secrecyOf(value: unknown): AuthKeySecrecy {
  if (value === undefined || value === null) return "absent";
  if (value instanceof Secret) return "secret";
  if (typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.values(value);
    return entries.length > 0 && entries.every((entry) => entry instanceof Secret) ? "secret" : "plain";
  }
  return "plain";
}

/**
 * Records whether authKey arrived as a secret. @pulumi/policy hands
 * validations every secret already unwrapped, indistinguishable from plain
 * text; only remediations get secrets as `Secret` values. So this is a
 * remediation that changes nothing, and it must stay at level "remediate"
 * for cleantalk-authkey-secret to judge anything.
 */
export const authKeySecretDetector: ResourceValidationPolicy = {
  name: "cleantalk-authkey-secret-detector",
  description: "Records whether each key's authKey input is a secret, for cleantalk-authkey-secret. Changes nothing; keep it at remediate.",
  enforcementLevel: "remediate",
  remediateResource: (args) => {
    if (!isAccessKeyType(args.type)) return undefined;
    seen.set(args.urn, secrecyOf(rawValueOf(args.props, "authKey")));
    return undefined;
  },
};

/**
 * A resource policy: whether an input is secret is known at preview, before
 * anything is stored. It sees the inputs as registered, after the SDK: the
 * TypeScript SDK wraps authKey as a secret itself, so what it catches is a
 * key registered without that wrapping: a hand-written dynamic-resource
 * registration, or a program (YAML, another language) that passes the
 * plugin's authKey as a plain string. It cannot see a key that was plain in
 * the program before the SDK wrapped it, such as plain stack config.
 */
export const authKeySecretPolicy: ResourceValidationPolicy = {
  name: "cleantalk-authkey-secret",
  description: "A key's authKey input reaches Pulumi as a secret, never as plain text.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (!isAccessKeyType(args.type)) return;
    const secrecy = seen.get(args.urn);
    if (secrecy === undefined) {
      args.notApplicable("cleantalk-authkey-secret-detector did not run for this key; set it back to the remediate level");
    }
    if (secrecy === "plain") {
      reportViolation(
        `key '${args.name}' receives authKey as plain text, which Pulumi would store and show unencrypted; ` +
          'pass it as a secret: `pulumi config set --secret cleantalkAuthKey <key>` and authKey: config.requireSecret("cleantalkAuthKey").',
      );
    }
  },
};
