import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";
import { KeyConsumer } from "./key-consumer";

const config = new pulumi.Config();
const leak = config.get("leak");
const authKey = config.getSecret("authKey");

const key = new CleantalkAccessKey("site", {
  email: config.get("email") ?? "ops@example.com",
  website: config.get("website") ?? "https://example.com",
  ...(config.get("maxAge") ? { maxAge: config.require("maxAge") } : {}),
  ...(config.get("renewBefore") ? { renewBefore: config.require("renewBefore") } : {}),
  ...(config.get("label") ? { label: config.require("label") } : {}),
  ...(leak ? { rotationTriggers: { leak } } : {}),
  ...(authKey ? { authKey } : {}),
});
const consumer = new KeyConsumer("app", key.credentials);

export const keyAuthKey = key.authKey;
export const fingerprint = key.fingerprint;
export const rotateAfter = key.rotateAfter;
export const source = key.source;
export const keyStatus = key.keyStatus;
export const label = key.label;
export const consumerFingerprint = consumer.receivedFingerprint;
