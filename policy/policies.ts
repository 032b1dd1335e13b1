/**
 * pulumi-cleantalk/policy: the pack's policies, for teams that compose their
 * own pack. The pack itself (`pulumi preview --policy-pack
 * node_modules/pulumi-cleantalk/policy`) runs index.ts.
 *
 * Resource policies judge a key's inputs, known at preview before anything
 * is created; stack policies judge its stored outputs (README "Policy pack").
 */
import type { Policies } from "@pulumi/policy";
import { authKeySecretDetector, authKeySecretPolicy } from "./authkey-secrecy";
import { dueKeysPolicy, usableKeysPolicy } from "./key-standing-policies";
import { labelRequiredPolicy } from "./label-required";
import { maxAgePolicy } from "./max-age";
import { renewBeforePolicy } from "./renew-before";

export { authKeySecretDetector, authKeySecretPolicy, dueKeysPolicy, labelRequiredPolicy, maxAgePolicy, renewBeforePolicy, usableKeysPolicy };

export const cleantalkPolicies: Policies = [
  maxAgePolicy,
  renewBeforePolicy,
  labelRequiredPolicy,
  authKeySecretDetector,
  authKeySecretPolicy,
  usableKeysPolicy,
  dueKeysPolicy,
];
