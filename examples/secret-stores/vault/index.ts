// The Access key in a Vault KV version 2 secret. When the key rotates, one
// `pulumi up` writes it as the secret's next version; Vault keeps the earlier
// versions, so the change can be audited.
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { CleantalkAccessKey } from "pulumi-cleantalk";

const config = new pulumi.Config();
// A key generated in the CleanTalk dashboard, the way CleanTalk renews a key
// for an existing site: `pulumi config set --secret cleantalkAuthKey <key>`.
const dashboardKey = config.getSecret("cleantalkAuthKey");

const key = new CleantalkAccessKey("site", {
  email: config.get("email") ?? "ops@example.com",
  website: config.get("website") ?? "https://example.com",
  ...(dashboardKey === undefined ? {} : { authKey: dashboardKey }),
});

// #region feeding-vault
const stored = new vault.kv.SecretV2("cleantalk", {
  mount: config.get("kvMount") ?? "secret", // a KV version 2 mount
  name: "cleantalk/access-key",
  // pulumi.jsonStringify keeps the result secret because `key.authKey` is;
  // the fingerprint lets readers tell keys apart without comparing secrets.
  dataJson: pulumi.jsonStringify({ auth_key: key.authKey, fingerprint: key.fingerprint }),
});
// #endregion

export const secretPath = stored.path;
export const keyFingerprint = key.fingerprint;
