import * as pulumi from "@pulumi/pulumi";

// The same keys as bench/programs/keys (one account and site each, unique per
// run), declared through the resource provider plugin with the SDK generated
// from its schema (plugin/sdk/nodejs), compiled and installed into the
// project's node_modules as a package. Loaded with `require` and typed here
// because the checkout's type check has no built copy of that package.
interface AccessKeyConstructor {
  new (name: string, args: { email: pulumi.Input<string>; website: pulumi.Input<string> }): pulumi.CustomResource;
}
const { AccessKey } = require("@pulumi-cleantalk/cleantalk") as { AccessKey: AccessKeyConstructor };

const config = new pulumi.Config();
const count = config.requireNumber("count");
const runId = config.require("runId");

for (let i = 0; i < count; i++) {
  new AccessKey(`key-${i}`, {
    email: `bench-${runId}-${i}@example.com`,
    website: `https://site-${i}.${runId}.example.com`,
  });
}
