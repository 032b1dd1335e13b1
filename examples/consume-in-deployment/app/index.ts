// The application's stack. It reads the Access key from the producer stack and
// writes it into the app's secret configuration, an env file with mode 0600.
// After the producer rotates the key, the next `pulumi up` here rewrites the
// file with the new key.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { EnvFile } from "./env-file";

const config = new pulumi.Config();
// e.g. organization/cleantalk-key-producer/dev on a self-managed backend.
const producer = new pulumi.StackReference(config.require("producerStack"));

const envFile = new EnvFile("app-env", {
  path: path.resolve(config.get("envFile") ?? "app.env"),
  variables: {
    // getOutput keeps the producer's secret a secret here too.
    CLEANTALK_AUTH_KEY: producer.getOutput("authKey").apply(String),
    CLEANTALK_KEY_FINGERPRINT: producer.getOutput("fingerprint").apply(String),
  },
});

export const envFilePath = envFile.path;
export const envFileDigest = envFile.digest;
export const keyFingerprint = producer.getOutput("fingerprint");
