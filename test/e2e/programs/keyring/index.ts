import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";

import serializedProvider = require("pulumi-cleantalk/dist/sdk/serialized-provider.js");

/** One key of the `keys` config object, by resource name. */
interface KeySpec {
  readonly website: string;
  readonly maxAge?: string;
  readonly renewBefore?: string;
  readonly label?: string;
  /** A secret config key holding a dashboard key to adopt. */
  readonly authKeyFrom?: string;
  /**
   * A plain config key holding a dashboard key, registered without the SDK:
   * what a program that does not wrap authKey as a secret (a hand-written
   * dynamic resource, another language's program for the plugin) hands the engine.
   */
  readonly unwrappedAuthKeyFrom?: string;
}

/** The key resource as the SDK registers it, minus the SDK's `pulumi.secret` around authKey. */
class UnwrappedAccessKey extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
    super(serializedProvider, name, { ...props, credentials: undefined, details: undefined }, {}, "cleantalk", "AccessKey");
  }
}

const config = new pulumi.Config();
const email = config.get("email") ?? "fleet@example.org";
const keys = config.getObject<Record<string, KeySpec>>("keys") ?? {};

for (const [name, spec] of Object.entries(keys)) {
  const settings = {
    email,
    website: spec.website,
    ...(spec.maxAge === undefined ? {} : { maxAge: spec.maxAge }),
    ...(spec.renewBefore === undefined ? {} : { renewBefore: spec.renewBefore }),
    ...(spec.label === undefined ? {} : { label: spec.label }),
  };
  if (spec.unwrappedAuthKeyFrom !== undefined) {
    new UnwrappedAccessKey(name, { ...settings, authKey: config.require(spec.unwrappedAuthKeyFrom) });
  } else {
    new CleantalkAccessKey(name, { ...settings, ...(spec.authKeyFrom === undefined ? {} : { authKey: config.requireSecret(spec.authKeyFrom) }) });
  }
}
