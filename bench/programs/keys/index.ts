import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";

// One account and site per key, unique per run (`runId`), so every create is a
// phase-1 get_api_key answer: a fresh key, as on a first `pulumi up`.
const config = new pulumi.Config();
const count = config.requireNumber("count");
const runId = config.require("runId");

for (let i = 0; i < count; i++) {
  new CleantalkAccessKey(`key-${i}`, {
    email: `bench-${runId}-${i}@example.com`,
    website: `https://site-${i}.${runId}.example.com`,
  });
}
