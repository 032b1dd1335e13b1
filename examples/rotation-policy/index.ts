// A rotation policy per environment. The stack name picks the defaults, stack
// config can override them, and after a leak a new dashboard key plus
// `leakDate` replace the key at once.
import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";

interface RotationPolicy {
  /** Key lifetime, e.g. "365d". */
  readonly maxAge: string;
  /** Warn on every preview and up this long before the key expires. */
  readonly renewBefore: string;
}

// Production follows CleanTalk's own rule (a key is "active for 365 days")
// and starts warning a month ahead, leaving room for a missed weekly deploy.
// Staging rotates more often so the runbook is exercised before production
// needs it; dev keys are short-lived because they are shared more loosely.
const dev: RotationPolicy = { maxAge: "30d", renewBefore: "7d" };
const policies: Readonly<Record<string, RotationPolicy>> = {
  prod: { maxAge: "365d", renewBefore: "30d" },
  staging: { maxAge: "90d", renewBefore: "14d" },
  dev,
};

const config = new pulumi.Config();
const stack = pulumi.getStack();
// An unknown stack name gets the strictest policy rather than the loosest.
const defaults = policies[stack] ?? dev;
const maxAge = config.get("maxAge") ?? defaults.maxAge;
const renewBefore = config.get("renewBefore") ?? defaults.renewBefore;

// After a leak: generate a key in the CleanTalk dashboard, then
// `pulumi config set --secret cleantalkAuthKey <key>`,
// `pulumi config set leakDate 2026-11-22` (the record of why) and `pulumi up`.
// CleanTalk hands out a new key for a site it knows only from its dashboard,
// so a new leakDate without a new key fails, and changes nothing. Keep the old
// value in place afterwards: removing it is a change too.
const leakDate = config.get("leakDate");
const dashboardKey = config.getSecret("cleantalkAuthKey");

const key = new CleantalkAccessKey("site", {
  email: config.get("email") ?? "ops@example.com",
  website: config.get("website") ?? `https://${stack}.example.com`,
  maxAge,
  renewBefore,
  label: `${stack} contact forms`,
  ...(leakDate === undefined ? {} : { rotationTriggers: { leakDate } }),
  ...(dashboardKey === undefined ? {} : { authKey: dashboardKey }),
});

export const authKey = key.authKey; // [secret]
export const fingerprint = key.fingerprint;
export const source = key.source;
export const policy = { maxAge: key.maxAge, renewBefore: key.renewBefore };
export const createdAt = key.createdAt;
export const rotateAfter = key.rotateAfter;
export const expiresAt = key.expiresAt;
export const rotationState = key.rotationState;
