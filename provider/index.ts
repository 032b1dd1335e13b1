/**
 * pulumi-cleantalk/provider: the CleanTalk client, the key lifecycle and the
 * runtime the serialised dynamic provider delegates to.
 */
export type { GetApiKeyAnswer } from "./api/get-api-key-answer";
export type { NoticePaidTillAnswer } from "./api/notice-paid-till-answer";
export { CleantalkClient, type ClientOptions, type ClientTimeouts, DEFAULT_TIMEOUTS } from "./client/cleantalk-client";
export { DEFAULT_API_URL, isLoopback, resolveApiUrl } from "./client/endpoint";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./client/retry-timing";
export * from "./errors";
export { checkKeyInputs } from "./inputs/check-inputs";
export { formatDuration, parseDuration } from "./inputs/duration";
export { canonicalProduct, PRODUCT_NAMES, type ProductName } from "./inputs/product";
export { DEFAULT_MAX_AGE_MS, defaultRenewBeforeMs, isRotationDue, scheduleFrom } from "./inputs/schedule";
export { UNKNOWN_VALUE } from "./inputs/unknown-values";
export { normaliseWebsite } from "./inputs/website";
export { keyFingerprint } from "./lifecycle/fingerprint";
export { KeyIssuedButIncompleteError, KeyLifecycle, type LifecycleDeps } from "./lifecycle/key-lifecycle";
export { dynamicProvider, type DynamicProviderRuntime } from "./runtime/dynamic-provider";
export { type ProviderSettings, resolveSettings } from "./runtime/settings";
export { type CheckedInputs, type KeyOutputs, type KeySource, SECRET_OUTPUTS } from "./state/key-state";
