import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const key = new pulumi.CustomResource(
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
