// The quickstart: one CleanTalk Access key, its outputs exported as secrets and
// its rotation dates shown. `npm start` runs it against the local emulator;
// point `cleantalk:apiUrl` at https://api.cleantalk.org for the real service.
import * as pulumi from "@pulumi/pulumi";
import { CleantalkAccessKey } from "pulumi-cleantalk";

const config = new pulumi.Config();
const rotation = config.get("rotation");
// A key generated in the CleanTalk dashboard, adopted instead of provisioning
// (`pulumi config set --secret authKey <key>`; `npm start -- rotate` does it).
const dashboardKey = config.getSecret("authKey");

const key = new CleantalkAccessKey("quickstart", {
  email: config.get("email") ?? "you@example.com",
  website: config.get("website") ?? "https://example.com",
  maxAge: config.get("maxAge") ?? "365d",
  // `npm start -- due` shortens both to show a due key's warning now.
  ...(config.get("renewBefore") ? { renewBefore: config.require("renewBefore") } : {}),
  label: "quickstart",
  // Any new value forces a new key (`pulumi config set rotation <anything>`).
  ...(rotation ? { rotationTriggers: { manual: rotation } } : {}),
  ...(dashboardKey ? { authKey: dashboardKey } : {}),
});

export const authKey = key.authKey; // [secret]: `pulumi stack output authKey --show-secrets`
export const fingerprint = key.fingerprint;
export const source = key.source;
export const createdAt = key.createdAt;
export const rotateAfter = key.rotateAfter;
export const expiresAt = key.expiresAt;
export const rotationState = key.rotationState;
export const daysLeft = key.daysLeft;
