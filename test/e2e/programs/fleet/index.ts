import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";

/**
 * `count` keys named key-0..key-(count-1), each for its own site
 * https://<prefix>-<i>.<domain>, so the emulator's per-site counters tell
 * every key apart. Optional extras for the leak scan: `adoptWebsite` +
 * secret `adoptKey` adopt a dashboard key; `rotate` sets key-0's
 * rotationTriggers and the secret `rotateKey` its authKey (a new dashboard
 * key and a new trigger value rotate that key).
 */
const config = new pulumi.Config();
const count = config.getNumber("count") ?? 1;
const prefix = config.get("prefix") ?? "site";
const domain = config.get("domain") ?? "fleet.example.com";
const email = config.get("email") ?? "fleet@example.com";
const rotate = config.get("rotate");
const rotateKey = config.getSecret("rotateKey");

const keys: CleantalkAccessKey[] = [];
for (let i = 0; i < count; i++) {
  keys.push(
    new CleantalkAccessKey(`key-${i}`, {
      email,
      website: `https://${prefix}-${i}.${domain}`,
      ...(i === 0 && rotate ? { rotationTriggers: { rotate } } : {}),
      ...(i === 0 && rotateKey ? { authKey: rotateKey } : {}),
    }),
  );
}

const adoptWebsite = config.get("adoptWebsite");
const adoptKey = config.getSecret("adoptKey");
if (adoptWebsite && adoptKey) {
  keys.push(new CleantalkAccessKey("adopted", { email, website: adoptWebsite, authKey: adoptKey }));
}

/** Per resource name: its site and key fingerprint (not secret). */
export const fingerprints = pulumi
  .all(keys.map((key) => pulumi.all([key.urn, key.website, key.fingerprint])))
  .apply((rows) => Object.fromEntries(rows.map(([urn, website, fingerprint]) => [urn.split("::").pop(), { website: website[0], fingerprint }])));
