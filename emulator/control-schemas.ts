import { z } from "zod";

/**
 * Wire shapes of the control surface (`/__emulator/...`). The server parses requests with these
 * and the control client parses answers with them, so the two cannot drift.
 */

/** Every control path lives under this prefix, which the CleanTalk API never uses. */
export const CONTROL_PREFIX = "/__emulator";

const durationMs = z.number().int().nonnegative();

// ---------------------------------------------------------------- runtime config

export const rateLimitSchema = z.strictObject({
  calls: z.number().int().positive(),
  windowMs: z.number().int().positive(),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

export const runtimeConfigSchema = z.strictObject({
  sameKeyWindowMs: durationMs,
  keyLifetimeMs: z.number().int().positive(),
  /** ASSUMPTION, off by default: get_api_key hands out a new key once the site's key outlived keyLifetimeMs. */
  reissueAfterExpiry: z.boolean(),
  rateLimit: rateLimitSchema.nullable(),
  errorHttpStatus: z.number().int().min(200).max(599),
  latencyMs: durationMs,
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

export const configPatchSchema = runtimeConfigSchema.partial();
export type ConfigPatch = z.input<typeof configPatchSchema>;

// ---------------------------------------------------------------- faults

const faultTargeting = {
  /** Fire on the next N matching requests. Default 1 when `fraction` is absent too. */
  count: z.number().int().positive().optional(),
  /** Fire on this share of matching requests (each consumes one of `count`, if set). */
  fraction: z.number().min(0).max(1).optional(),
  /** Seeds the RNG behind `fraction`, so a test sees the same sequence every run. */
  seed: z.number().int().optional(),
  /** `method_name`s to match; default every API request. */
  methods: z.array(z.string().min(1)).min(1).optional(),
};

export const faultSpecSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("status"),
    status: z.number().int().min(100).max(599),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    /** JSON body; without it the status text is sent as text/plain. */
    body: z.unknown().optional(),
    ...faultTargeting,
  }),
  z.strictObject({
    kind: z.literal("error"),
    errorNo: z.number().int(),
    errorMessage: z.string(),
    status: z.number().int().min(100).max(599).default(200),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    ...faultTargeting,
  }),
  z.strictObject({ kind: z.literal("delay"), delayMs: z.number().int().nonnegative().max(600_000), ...faultTargeting }),
  z.strictObject({ kind: z.literal("reset"), ...faultTargeting }),
  z.strictObject({
    kind: z.literal("hang"),
    /** The socket is closed after this long so a client without timeouts cannot wait forever. */
    maxMs: z.number().int().positive().max(600_000).default(60_000),
    ...faultTargeting,
  }),
  z.strictObject({
    kind: z.literal("truncate"),
    /**
     * false: a complete HTTP response whose body is half a JSON document (parse error).
     * true: announce the full length, send half, close (transport error mid-body).
     */
    abortConnection: z.boolean().default(false),
    ...faultTargeting,
  }),
  z.strictObject({
    kind: z.literal("malformed"),
    status: z.number().int().min(100).max(599).default(200),
    body: z.string().optional(),
    contentType: z.string().default("text/html; charset=utf-8"),
    ...faultTargeting,
  }),
  z.strictObject({ kind: z.literal("shape"), body: z.unknown().optional(), ...faultTargeting }),
  z.strictObject({
    kind: z.literal("trickle"),
    intervalMs: z.number().int().positive().max(10_000).default(50),
    ...faultTargeting,
  }),
  z.strictObject({ kind: z.literal("after-commit-reset"), ...faultTargeting }),
]);
/** What a caller sends (defaults optional). */
export type FaultSpec = z.input<typeof faultSpecSchema>;
/** What the emulator works with (defaults filled in). */
export type ParsedFaultSpec = z.output<typeof faultSpecSchema>;
export type FaultKind = ParsedFaultSpec["kind"];

export const queuedFaultSchema = z.object({
  id: z.string(),
  kind: z.string(),
  methods: z.array(z.string()).nullable(),
  /** Firings left; null when unlimited (fraction without count). */
  remaining: z.number().int().nullable(),
  fraction: z.number().nullable(),
  fired: z.number().int(),
});
export type QueuedFault = z.infer<typeof queuedFaultSchema>;

export const faultListSchema = z.object({ faults: z.array(queuedFaultSchema) });

// ---------------------------------------------------------------- clock

export const clockRequestSchema = z.union([
  z.strictObject({
    set: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 date"),
  }),
  z.strictObject({ advanceMs: z.number().int() }),
]);
export type ClockRequest = z.infer<typeof clockRequestSchema>;

export const clockStateSchema = z.object({
  now: z.string(),
  nowMs: z.number(),
  offsetMs: z.number(),
});
export type ClockState = z.infer<typeof clockStateSchema>;

// ---------------------------------------------------------------- dashboard

export const generateKeyRequestSchema = z.strictObject({
  email: z.string().min(1),
  website: z.string().min(1),
  /** Same spellings as `product_name`; default anti-spam. */
  productName: z.string().min(1).optional(),
  /** Length of the new key; real keys have been seen from 8 to 15 characters. @default 13 */
  keyLength: z.number().int().min(8).max(15).optional(),
});
export type GenerateKeyRequest = z.infer<typeof generateKeyRequestSchema>;

export const generateKeyResultSchema = z.object({ authKey: z.string() });
export type GenerateKeyResult = z.infer<typeof generateKeyResultSchema>;

// ---------------------------------------------------------------- observations

export const countersSchema = z.object({
  /** Per `method_name` (unknown or missing names count under "other"), plus "total". */
  requests: z.record(z.string(), z.number().int()),
  /** API-issued keys per site label `siteUrl|product` (no email). */
  keysIssued: z.record(z.string(), z.number().int()),
  totalKeysIssued: z.number().int(),
  dashboardKeys: z.number().int(),
  faultsInjected: z.number().int(),
  rateLimited: z.number().int(),
});
export type EmulatorCounters = z.infer<typeof countersSchema>;

export const issuedSchema = z.object({
  authKeys: z.array(z.string()),
  userTokens: z.array(z.string()),
  passwordHashes: z.array(z.string()),
});
export type IssuedCredentialsView = z.infer<typeof issuedSchema>;

export const siteSummarySchema = z.object({
  website: z.string(),
  hostname: z.string(),
  product: z.string(),
  serviceId: z.number().int(),
  keyIssuedAt: z.string(),
  keySource: z.enum(["api", "dashboard"]),
  /** 8 hex of an HMAC of the key under a secret of the emulator process: tells keys apart without exposing them. */
  keyFingerprint: z.string(),
});
export type SiteSummary = z.infer<typeof siteSummarySchema>;

export const sitesSchema = z.object({ sites: z.array(siteSummarySchema) });
