/**
 * The pulumi-cleantalk policy pack: `pulumi preview --policy-pack
 * node_modules/pulumi-cleantalk/policy`. Constructing the pack starts its
 * server, so this module is the pack's entry point only; policies.ts exports
 * the policies themselves.
 */
import { PolicyPack } from "@pulumi/policy";
import { cleantalkPolicies } from "./policies";

new PolicyPack("pulumi-cleantalk", {
  description: "Rotation rules for CleanTalk Access keys: maxAge and renewBefore limits, labels, authKey as a secret, no expired or invalid keys.",
  policies: cleantalkPolicies,
});
