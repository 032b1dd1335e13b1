import * as pulumi from "@pulumi/pulumi";

/**
 * The plugin's resource by its type token alone, without the SDK's class.
 * CustomResource is abstract in @pulumi/pulumi's types, so an empty subclass.
 */
class RawAccessKey extends pulumi.CustomResource {}

const config = new pulumi.Config();
const key = new RawAccessKey(
  "cleantalk:index:AccessKey",
  "site",
  {
    email: config.get("email") ?? "ops@example.com",
    website: config.get("website") ?? "https://example.com",
    authKey: config.getSecret("authKey"),
    authKeyOut: undefined,
  },
  {},
);
export const outputs = pulumi.output(key).apply(() => "ok");
