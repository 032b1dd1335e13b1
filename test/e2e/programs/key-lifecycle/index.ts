import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";
import { KeyConsumer } from "./key-consumer";
import { Note } from "./note";

/**
 * One key, a consumer of it, and an unrelated resource, all driven by stack
 * config so each test sets up the state it needs:
 * - `website` (one URL) or `websites` (a JSON list);
 * - `maxAge`, `renewBefore`, `label`, `leak` (a rotation trigger);
 * - secret `authKey` (one key) or secret `authKeys` (a JSON map URL → key);
 *   the environment variable CLEANTALK_E2E_PLAIN_AUTH_KEY: a key the program
 *   holds as a plain string (the easy mistake of config.get);
 * - `note`: the input of a resource that has nothing to do with the key;
 * - `importId`: the `import` resource option, which the SDK refuses.
 */
const config = new pulumi.Config();
const leak = config.get("leak");
const websites = config.getObject<string[]>("websites");
const authKeys = config.getSecretObject<Record<string, string>>("authKeys");
const authKey = config.getSecret("authKey") ?? authKeys ?? process.env.CLEANTALK_E2E_PLAIN_AUTH_KEY;

const key = new CleantalkAccessKey(
  "site",
  {
    email: config.get("email") ?? "ops@example.com",
    website: websites ?? config.get("website") ?? "https://example.com",
    ...(config.get("maxAge") ? { maxAge: config.require("maxAge") } : {}),
    ...(config.get("renewBefore") ? { renewBefore: config.require("renewBefore") } : {}),
    ...(config.get("label") ? { label: config.require("label") } : {}),
    ...(leak ? { rotationTriggers: { leak } } : {}),
    ...(authKey ? { authKey } : {}),
  },
  config.get("importId") ? { import: config.require("importId") } : {},
);
const consumer = new KeyConsumer("app", key.credentials);
const note = new Note("note", config.get("note") ?? "first");

export const keyAuthKey = key.authKey;
export const fingerprint = key.fingerprint;
export const rotateAfter = key.rotateAfter;
export const expiresAt = key.expiresAt;
export const createdAt = key.createdAt;
export const source = key.source;
export const keyStatus = key.keyStatus;
export const rotationState = key.rotationState;
export const daysLeft = key.daysLeft;
export const hostnames = key.hostnames;
export const websiteKeys = key.websites;
export const pendingSites = key.details.apply((d) => d.pendingSites ?? []);
export const createdAtEstimated = key.details.apply((d) => d.createdAtEstimated ?? false);
export const label = key.label;
export const consumerFingerprint = consumer.receivedFingerprint;
export const noteText = note.text;
