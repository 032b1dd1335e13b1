import { PRODUCT_NAMES } from "../domain/product";

/**
 * The Pulumi package schema of the `cleantalk` plugin: what every language's
 * SDK is generated from (plugin/schema.json is written from this object), and
 * what the plugin answers GetSchema with. The same inputs and outputs as the
 * TypeScript `CleantalkAccessKey`, flat, so a YAML or Python program reads
 * `key.authKey` directly.
 */
export const PACKAGE_NAME = "cleantalk";
export const ACCESS_KEY_TOKEN = "cleantalk:index:AccessKey";

const string = (description: string, extra: Record<string, unknown> = {}) => ({ type: "string", description, ...extra });
const stringList = (description: string, extra: Record<string, unknown> = {}) => ({ type: "array", items: { type: "string" }, description, ...extra });

const inputs = {
  email: string("Email of the CleanTalk account (new accounts are created on first use). Changing it replaces the key."),
  // A URL or a list of URLs, as in TypeScript. Typed as Any, not as oneOf
  // string | array: the Python SDK cannot send a list to a property whose
  // type is a union (pulumi/pulumi#17181, "Unexpected type. Expected 'list'"),
  // and Go types a oneOf as an untyped pulumi.Input anyway. check validates it.
  website: {
    $ref: "pulumi.json#/Any",
    description: "The site URL (a string), or a list of them for one account with several sites. A bare host is read as https. Changing it replaces the key.",
  },
  productName: string(`CleanTalk product the key is for: ${PRODUCT_NAMES.join(", ")}. Changing it replaces the key. Default "anti-spam".`),
  platform: string('Platform hint sent to CleanTalk (e.g. "wordpress"). Updates in place.'),
  maxAge: string('Key lifetime: units s, m, h, d, w (e.g. "365d"), or "never" to turn age rotation off. Default "365d". Updates in place.'),
  renewBefore: string(
    "How long before expiry the key is due: from then on every preview and up warns until a new key is supplied. Default 30d (a quarter of a short maxAge).",
  ),
  rotationTriggers: {
    type: "object",
    additionalProperties: { type: "string" },
    description: "Any change to this map demands a new key at once (a leak, staff leaving). Stored in plain text: never put a secret here.",
  },
  label: string("Human name for the key. Updates in place."),
  authKey: {
    oneOf: [{ type: "string" }, { type: "object", additionalProperties: { type: "string" } }],
    secret: true,
    description:
      "A key generated in the CleanTalk dashboard, adopted instead of provisioning: one key for every site, or a map from site URL to its key. Validated with CleanTalk. Always stored as a secret.",
  },
} as const;

/** The outputs beyond the echoed inputs, flat; secrets marked, so every language's SDK keeps them secret. */
const outputs = {
  authKey: string("The Access key (with several sites: the first site's key).", { secret: true }),
  userToken: string("Token that logs in to the CleanTalk Control Panel, when CleanTalk returned one.", { secret: true }),
  passwordHash: string("Password recovery hash, returned when CleanTalk creates the account.", { secret: true }),
  websites: {
    type: "object",
    additionalProperties: { $ref: "#/types/cleantalk:index:SiteKey" },
    secret: true,
    description: "Per site URL: its host name and key.",
  },
  credentials: { $ref: "#/types/cleantalk:index:Credentials", secret: true, description: "The key and its companions as one secret, as stored." },
  details: { $ref: "#/types/cleantalk:index:KeyDetails", description: "Everything known about the current key that is not secret, as stored." },
  fingerprint: string("Short digest of the key, keyed with a secret salt: tells keys apart without revealing them."),
  createdAt: string("When the key was obtained (ISO 8601)."),
  createdAtEstimated: {
    type: "boolean",
    description: "True when CleanTalk handed back a key it had issued shortly before: createdAt is when this resource received it.",
  },
  expiresAt: string('createdAt + maxAge (ISO 8601); absent with maxAge "never".'),
  rotateAfter: string('expiresAt − renewBefore (ISO 8601): from then on the key is due; absent with maxAge "never".'),
  rotationState: string('"current", "due", "expired" or "invalid", as of the key\'s last write (a change of state is written at the next plan).'),
  keyStatus: string('"invalid" when a refresh found that CleanTalk no longer accepts the key; else "valid".'),
  source: string('How the key was obtained: "provisioned", "existing-site" or "supplied".'),
  hostnames: stringList("Host names covered by the key."),
  serviceId: { type: "integer", description: "The site's numeric id at CleanTalk." },
  pendingSites: stringList("Site URLs CleanTalk gave no key for yet (a multi-site account that already had them): supply their keys in authKey."),
} as const;

export const PACKAGE_SCHEMA = {
  name: PACKAGE_NAME,
  displayName: "CleanTalk",
  description: "CleanTalk Access keys as Pulumi resources: provisioned or adopted from the dashboard, rotated with `pulumi up`, kept secret.",
  keywords: ["pulumi", "cleantalk", "category/utility", "kind/native"],
  license: "Apache-2.0",
  publisher: "pulumi-cleantalk",
  config: {
    variables: {
      apiUrl: string("CleanTalk API endpoint (https only; plain http only for loopback, e.g. the local emulator). Falls back to CLEANTALK_API_URL.", {
        default: "https://api.cleantalk.org",
      }),
      requestTimeout: string('Per-request limit, a duration of at least "1s". Falls back to CLEANTALK_REQUEST_TIMEOUT.'),
      maxAttempts: string("Attempts per API call, 1 to 10, including the first. Falls back to CLEANTALK_MAX_ATTEMPTS. Default 5."),
    },
  },
  provider: {
    description: "The CleanTalk provider. It reads its settings from stack configuration (`cleantalk:apiUrl`, …) or the environment, not from arguments.",
  },
  types: {
    "cleantalk:index:SiteKey": {
      type: "object",
      description: "One site's key.",
      properties: { hostname: string("The site's host name as CleanTalk reports it."), authKey: string("The site's Access key.", { secret: true }) },
      required: ["hostname", "authKey"],
    },
    "cleantalk:index:Credentials": {
      type: "object",
      description: "The key and its companions.",
      properties: {
        authKey: string("The Access key."),
        userToken: string("Control Panel login token."),
        passwordHash: string("Password recovery hash."),
        salt: string("Keys the public fingerprint; consumers do not need it."),
        sites: { type: "object", additionalProperties: { $ref: "#/types/cleantalk:index:SiteKey" }, description: "Per site URL, for keys of several sites." },
      },
      required: ["authKey", "salt"],
    },
    "cleantalk:index:KeyDetails": {
      type: "object",
      description: "What is known about the current key that is not secret.",
      properties: {
        fingerprint: string("Keyed digest of the key."),
        createdAt: string("When the key was obtained."),
        expiresAt: string("When it expires by age."),
        rotateAfter: string("When it becomes due."),
        source: string("provisioned, existing-site or supplied."),
        keyStatus: string('"invalid" while CleanTalk refuses the key.'),
        rotationState: string("The state recorded at the last write, when not current."),
        hostnames: stringList("Host names, when CleanTalk named them differently from the URLs."),
        serviceId: { type: "integer", description: "The site's id at CleanTalk." },
        pendingSites: stringList("Site URLs without a key yet."),
        createdAtEstimated: { type: "boolean", description: "createdAt is when this resource received a key issued shortly before." },
      },
      required: ["fingerprint", "createdAt", "source"],
    },
  },
  resources: {
    [ACCESS_KEY_TOKEN]: {
      description:
        "A CleanTalk Access key. Provisioned with get_api_key or adopted from the dashboard (authKey); replaced when a new key is supplied or rotationTriggers change, and, if CleanTalk hands out a new one, when it expires or a refresh finds it invalid. A due key is warned about on every preview and up.",
      inputProperties: inputs,
      requiredInputs: ["email", "website"],
      properties: {
        ...inputs,
        website: stringList("The normalised site URLs."),
        productName: string("The product, canonical."),
        maxAge: string('The key lifetime in force, canonical ("365d", "2w", or "never").'),
        renewBefore: string("The due window in force, canonical."),
        ...outputs,
      },
      required: [
        "email",
        "website",
        "productName",
        "maxAge",
        "renewBefore",
        "authKey",
        "credentials",
        "details",
        "fingerprint",
        "createdAt",
        "createdAtEstimated",
        "rotationState",
        "keyStatus",
        "source",
        "hostnames",
        "pendingSites",
      ],
    },
  },
  // The generators read these. supportPack makes each SDK carry the schema's
  // version (Python needs it in setup metadata, Node.js in package.json, Go
  // in the plugin version it asks the engine for) and gives the Go SDK its own
  // go.mod; the Go import path is where the SDK lives in this repository
  // (plugin/sdk/go), so `go get` of that module path finds it.
  meta: { supportPack: true },
  repository: "https://github.com/pulumi-cleantalk/pulumi-cleantalk",
  language: {
    nodejs: { packageName: "@pulumi-cleantalk/cleantalk", dependencies: { "@pulumi/pulumi": "^3.139.0" } },
    python: { packageName: "pulumi_cleantalk", requires: { pulumi: ">=3.139.0,<4.0.0" }, pyproject: { enabled: true } },
    go: {
      importBasePath: "github.com/pulumi-cleantalk/pulumi-cleantalk/plugin/sdk/go/cleantalk",
      generateResourceContainerTypes: false,
      respectSchemaVersion: true,
    },
  },
} as const;
