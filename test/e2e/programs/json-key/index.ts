import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey, type CleantalkAccessKeyArgs } from "pulumi-cleantalk";

// The inputs exactly as the test wrote them, wrong types included: check must
// name the bad field, whatever the TypeScript types would have allowed.
const inputs = new pulumi.Config().requireObject<CleantalkAccessKeyArgs>("inputs");
const key = new CleantalkAccessKey("key", inputs);

export const fingerprint = key.fingerprint;
