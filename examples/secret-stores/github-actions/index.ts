// The Access key as a GitHub Actions repository secret, for workflows that
// deploy or test with it. When the key rotates, one `pulumi up` overwrites the
// secret; workflow runs that start afterwards get the new key.
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
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

// #region feeding-github-actions
const repository = config.get("repository") ?? "shop"; // in the provider's `github:owner`

// A secret Output, passed as it is: the provider encrypts it with the
// repository's public key before it leaves the machine.
new github.ActionsSecret("cleantalk", {
  repository,
  secretName: "CLEANTALK_AUTH_KEY",
  value: key.authKey,
});

// GitHub never shows a secret again; this variable lets a workflow log which
// key it deployed (`${{ vars.CLEANTALK_KEY_FINGERPRINT }}`).
new github.ActionsVariable("cleantalk-fingerprint", {
  repository,
  variableName: "CLEANTALK_KEY_FINGERPRINT",
  value: key.fingerprint,
});
// #endregion

export const keyFingerprint = key.fingerprint;
