// The Access key in AWS Secrets Manager, read by an ECS service. When the key
// rotates, one `pulumi up` stores it as the secret's current version and then
// redeploys the service, whose tasks read the secret when they start.
import * as aws from "@pulumi/aws";
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

// #region feeding-aws-secrets-manager
const secret = new aws.secretsmanager.Secret("cleantalk", {
  name: "cleantalk/access-key",
  description: "CleanTalk Access key (managed by Pulumi)",
});

// `key.authKey` is a secret Output and goes in as it is: encrypted in state,
// shown as [secret] in previews. A new key replaces this version: the new one
// becomes AWSCURRENT, so whoever reads the secret by name gets it from then on.
const currentKey = new aws.secretsmanager.SecretVersion("cleantalk", {
  secretId: secret.id,
  secretString: key.authKey,
});
// #endregion

// #region feeding-aws-ecs
// ECS resolves `secrets` only when a task starts, so running tasks keep the old
// key. Changing `triggers` redeploys the service; the fingerprint (not secret)
// changes exactly when the key does.
const taskDefinition = new aws.ecs.TaskDefinition("app", {
  family: "app",
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu: "256",
  memory: "512",
  // Needs secretsmanager:GetSecretValue on the secret.
  executionRoleArn: config.require("executionRoleArn"),
  containerDefinitions: pulumi.jsonStringify([
    {
      name: "app",
      image: config.get("image") ?? "public.ecr.aws/docker/library/nginx:stable",
      essential: true,
      // The ARN, not the key: the container definition stays free of secrets.
      secrets: [{ name: "CLEANTALK_AUTH_KEY", valueFrom: secret.arn }],
    },
  ]),
});

new aws.ecs.Service(
  "app",
  {
    cluster: config.require("clusterArn"),
    taskDefinition: taskDefinition.arn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: { subnets: config.requireObject<string[]>("subnetIds") },
    forceNewDeployment: true,
    triggers: { cleantalkKey: key.fingerprint },
    // `up` finishes only once the new tasks run: tasks that fail to start
    // with the new key fail the `up` instead of going unnoticed.
    waitForSteadyState: true,
  },
  // Without this, the redeploy could start before the new version is
  // AWSCURRENT, and new tasks would read the key the dashboard just revoked.
  { dependsOn: [currentKey] },
);
// #endregion

export const secretArn = secret.arn;
export const keyFingerprint = key.fingerprint;
