// For an account CleanTalk already knows, get_api_key answers `account_exists`
// and hands out no key. The key then comes from the dashboard (site Settings →
// "Change the Access key" → "Generate key" → apply) and is stored as a secret:
//
//   pulumi config set --secret cleantalkAuthKey <the key from the dashboard>
//
// The provider validates it with CleanTalk (notice_paid_till) before adopting
// it, so a mistyped or stale key fails here, not in the application.
import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";

const config = new pulumi.Config();

const key = new CleantalkAccessKey("site", {
  email: config.get("email") ?? "owner@example.org",
  website: config.get("website") ?? "https://shop.example.org",
  label: "adopted from the dashboard",
  // To rotate later: generate a new key in the dashboard, set it here again
  // and run `pulumi up`; the resource is replaced create-before-delete.
  authKey: config.requireSecret("cleantalkAuthKey"),
});

export const authKey = key.authKey; // [secret]
export const fingerprint = key.fingerprint;
export const source = key.source; // "supplied"
export const keyStatus = key.keyStatus;
export const rotateAfter = key.rotateAfter;
