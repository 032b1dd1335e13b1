// The stack that owns the key. Other stacks read `authKey` through a
// StackReference; it stays a secret on the way.
import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";

const config = new pulumi.Config();
const leakDate = config.get("leakDate");
// CleanTalk renews the key of an existing site only from its dashboard
// ("Generate key"), which revokes the old key at once: set the new one with
// `pulumi config set --secret cleantalkAuthKey <key>`, then deploy this stack
// and, right after it, the app's.
const dashboardKey = config.getSecret("cleantalkAuthKey");

const key = new CleantalkAccessKey("site", {
  email: config.get("email") ?? "ops@example.com",
  website: config.get("website") ?? "https://app.example.com",
  label: "consumed by the app stack",
  ...(leakDate === undefined ? {} : { rotationTriggers: { leakDate } }),
  ...(dashboardKey === undefined ? {} : { authKey: dashboardKey }),
});

export const authKey = key.authKey; // [secret]
export const fingerprint = key.fingerprint;
export const rotateAfter = key.rotateAfter;
