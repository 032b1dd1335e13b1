// The Access key in SSM Parameter Store, as a SecureString encrypted with KMS.
// When the key rotates, one `pulumi up` writes it as the parameter's next
// version; readers that fetch the parameter get it on their next read.
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

// #region feeding-aws-ssm
const kmsKeyId = config.get("kmsKeyId"); // default: the account's aws/ssm key

const parameter = new aws.ssm.Parameter("cleantalk", {
  name: "/cleantalk/access-key",
  type: aws.ssm.ParameterType.SecureString,
  // A secret Output, passed as it is: SSM encrypts it, Pulumi's state too.
  // Use `value`, never `insecureValue`, which previews print in clear.
  value: key.authKey,
  ...(kmsKeyId === undefined ? {} : { keyId: kmsKeyId }),
  // Who reads the parameter can check which key it holds without decrypting it.
  tags: { "cleantalk-key-fingerprint": key.fingerprint },
});
// #endregion

export const parameterName = parameter.name;
export const parameterVersion = parameter.version;
export const keyFingerprint = key.fingerprint;
