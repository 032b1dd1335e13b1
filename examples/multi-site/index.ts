// One CleanTalk account with several websites. get_api_key is called once with
// the list of URLs (its documented array form) and answers with a key per
// site; the resource keeps them in the secret `websites` output, keyed by the
// normalised site URL.
import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";

const config = new pulumi.Config();
// `pulumi config set --path 'websites[0]' https://shop.example.com` to change the list.
const websites = config.getObject<string[]>("websites") ?? ["https://shop.example.com", "https://blog.example.com", "https://docs.example.com"];

// Keys generated in the dashboard, one per site URL, for sites the account
// already had (get_api_key answers account_exists for those) or for a
// rotation: `pulumi config set --secret --path 'dashboardKeys["https://shop.example.com"]' <key>`.
const dashboardKeys = config.getSecretObject<Record<string, string>>("dashboardKeys");

const account = new CleantalkAccessKey("sites", {
  email: config.get("email") ?? "webmaster@example.com",
  website: websites,
  label: "all sites of one account",
  ...(dashboardKeys === undefined ? {} : { authKey: dashboardKeys }),
});

// Each site's key, by host name. Derived from a secret output, so it stays
// secret in state and in `pulumi stack output`.
export const siteKeys = account.websites.apply((sites) => Object.fromEntries(Object.values(sites).map((site) => [site.hostname, site.authKey])));

// Not secret: enough to see which sites are covered and to tell keys apart.
export const hostnames = account.hostnames;
export const fingerprint = account.fingerprint;
export const source = account.source;
export const rotateAfter = account.rotateAfter;
// Sites CleanTalk gave no key for (it already had them): supply them in dashboardKeys.
export const pendingSites = account.details.apply((details) => details.pendingSites ?? []);
