// One stack holds the Access key and the app's env file, so a new key reaches
// the file in the same `pulumi up` that obtains or adopts it.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";
import { EnvFile } from "./env-file";

const config = new pulumi.Config();
const dashboardKey = config.getSecret("cleantalkAuthKey");

const key = new CleantalkAccessKey("site", {
  email: config.require("email"),
  website: config.require("website"),
  ...(dashboardKey === undefined ? {} : { authKey: dashboardKey }),
});

const envFile = new EnvFile("app-env", {
  path: path.resolve(config.get("envFile") ?? "app.env"),
  variables: { CLEANTALK_AUTH_KEY: key.authKey, CLEANTALK_KEY_FINGERPRINT: key.fingerprint },
});

export const authKey = key.authKey;
export const fingerprint = key.fingerprint;
export const envFileDigest = envFile.digest;
