/**
 * pulumi-cleantalk/internal: the provider core, for the serialised dynamic
 * provider, the plugin and this repository's tests. Not a public API: the
 * package root exports what programs write against.
 */
export { CleantalkClient, type ClientOptions } from "./client/cleantalk-client";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./client/retry-policy";
export { type ClientTimeouts, DEFAULT_TIMEOUTS, MAX_RESPONSE_BYTES } from "./client/transport";
export { keyFingerprint } from "./domain/fingerprint";
export { DAY_MS, daysLeft, type RotationState, rotationStateAt, scheduleFrom } from "./domain/schedule";
export { UNKNOWN_VALUE } from "./domain/unknown-values";
export * from "./errors";
export { IncompleteKeyError, KeyLifecycle, type LifecycleDeps } from "./lifecycle/key-lifecycle";
export { RotationLedger } from "./lifecycle/rotation-ledger";
export { createDynamicProvider, type DynamicProvider, dynamicProvider } from "./runtime/dynamic-provider";
export { type DiffOutcome, ProviderRuntime, type RuntimeOptions } from "./runtime/provider-runtime";
export { DEFAULT_API_URL, resolveSettings } from "./schema/provider-settings";
export {
  type KeyPlan,
  type KeyRecord,
  keyPlanCodec,
  keyRecordCodec,
  type StoredDetails,
  type StoredPlan,
  type StoredRecord,
  storedDetailsSchema,
} from "./schema/stored-key";
