// The Access key in a Kubernetes Secret, read by a Deployment. When the key
// rotates, one `pulumi up` updates the Secret and then rolls the Deployment,
// because pods read a Secret's values into their environment only at start.
import * as k8s from "@pulumi/kubernetes";
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

// #region feeding-kubernetes
// By default the Kubernetes provider replaces a Secret whose data changes
// (delete, then create, for a fixed name): for a moment the Secret would not
// exist. Mutable Secrets are updated in place instead.
const cluster = new k8s.Provider("cluster", { enableSecretMutable: true });

const secret = new k8s.core.v1.Secret(
  "cleantalk",
  {
    metadata: { name: "cleantalk-access-key" },
    type: "Opaque",
    // A secret Output, passed as it is: encrypted in state, [secret] in diffs.
    stringData: { CLEANTALK_AUTH_KEY: key.authKey },
  },
  { provider: cluster },
);

const labels = { app: "shop" };
new k8s.apps.v1.Deployment(
  "shop",
  {
    metadata: { labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels,
          // A changed pod template rolls the Deployment. The fingerprint is
          // not secret and changes exactly when the key does.
          annotations: { "cleantalk-key-fingerprint": key.fingerprint },
        },
        spec: {
          containers: [
            {
              name: "shop",
              image: config.get("image") ?? "nginx:stable",
              // `secret.metadata.name` (not the literal name) makes the
              // Deployment wait for the Secret's update, so new pods start
              // with the new key.
              envFrom: [{ secretRef: { name: secret.metadata.name } }],
            },
          ],
        },
      },
    },
  },
  { provider: cluster },
);
// #endregion

export const secretName = secret.metadata.name;
export const keyFingerprint = key.fingerprint;
