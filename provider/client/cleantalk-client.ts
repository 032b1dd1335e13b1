import { setTimeout as sleep } from "node:timers/promises";
import type * as Undici from "undici";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { type GetApiKeyAnswer, getApiKeyAnswerSchema } from "../api/get-api-key-answer";
import { type NoticePaidTillAnswer, noticePaidTillAnswerSchema } from "../api/notice-paid-till-answer";
import { envelopeData, errorBodySchema } from "../api/wire";
import { ApiError } from "../errors/api-error";
import { CleantalkError } from "../errors/cleantalk-error";
import { LifecycleError } from "../errors/lifecycle-error";
import { SchemaMismatchError } from "../errors/schema-mismatch-error";
import { TransportError } from "../errors/transport-error";
import { AttemptDeadline } from "./attempt-deadline";
import { encodeForm, type FormFields } from "./form-body";
import { DEFAULT_RETRY_POLICY, nextDelayMs, parseRetryAfterMs, type RetryPolicy } from "./retry-timing";

export interface ClientTimeouts {
  /** TCP + TLS connect. @default 5 s */
  readonly connectMs: number;
  /** From request sent to response headers. @default 15 s */
  readonly headersMs: number;
  /** Longest silence between body chunks. @default 15 s */
  readonly bodyMs: number;
  /** Whole attempt, however the bytes trickle in. @default 30 s */
  readonly requestMs: number;
}

// undici's own defaults (10 s / 300 s / 300 s) suit long downloads; these
// calls answer a few hundred bytes, so anything slower is a fault to retry.
export const DEFAULT_TIMEOUTS: ClientTimeouts = { connectMs: 5_000, headersMs: 15_000, bodyMs: 15_000, requestMs: 30_000 };

export interface ClientOptions {
  /** API endpoint, already checked by resolveApiUrl. */
  readonly baseUrl: URL;
  /** Transport; injected by tests (e.g. a MockAgent). @default a keep-alive Pool for baseUrl */
  readonly dispatcher?: Dispatcher;
  readonly timeouts?: Partial<ClientTimeouts>;
  readonly retry?: Partial<RetryPolicy>;
  /** Notices about retries; never given secrets or emails. */
  readonly log?: (message: string) => void;
  /** Injected for tests. @default Math.random */
  readonly random?: () => number;
  /** Injected for tests. @default () => new Date() */
  readonly now?: () => Date;
}

export interface GetApiKeyRequest {
  readonly email: string;
  readonly websites: readonly string[];
  readonly productName: string;
  readonly platform?: string | undefined;
}

export interface NoticePaidTillRequest {
  readonly authKey: string;
  /** Site URL without scheme, as CleanTalk's plugins send it. */
  readonly pathToCms: string;
  readonly productId?: number | undefined;
}

const MAX_BODY_BYTES = 1_048_576;

// Loaded on first use, not on import: check and diff (all that `pulumi
// preview` runs) never call CleanTalk, and requiring undici is a third of the
// provider process's start-up (bench/RESULTS.md §5).
let undiciModule: typeof Undici | undefined;
function undici(): typeof Undici {
  undiciModule ??= require("undici") as typeof Undici;
  return undiciModule;
}

const FORM_HEADERS = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" } as const;

/** The CleanTalk key API over undici: timeouts, bounded retries, typed errors. */
export class CleantalkClient {
  readonly #origin: string;
  readonly #path: string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #timeouts: ClientTimeouts;
  readonly #retry: RetryPolicy;
  readonly #log: (message: string) => void;
  readonly #random: () => number;
  readonly #now: () => Date;

  constructor(options: ClientOptions) {
    // Origin and path once, for the dispatcher's own request(): undici's
    // top-level request() parses the URL again on every call.
    this.#origin = options.baseUrl.origin;
    this.#path = `${options.baseUrl.pathname}${options.baseUrl.search}`;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new (undici().Pool)(options.baseUrl.origin, {
        connect: { timeout: this.#timeouts.connectMs },
        // Keep connections warm across the many resources of one `pulumi up`.
        keepAliveTimeout: 10_000,
        connections: 32,
      });
    this.#log = options.log ?? (() => {});
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Obtains an Access key. Retried on transient faults although it is a POST:
   * CleanTalk answers a repeated call for the same email and site with the
   * same key (documented phase 2), so a retry after a lost answer cannot mint
   * a second key. This is why we do not rely on undici's retry interceptor,
   * which leaves POST out on purpose.
   */
  getApiKey(req: GetApiKeyRequest): Promise<GetApiKeyAnswer> {
    const fields: FormFields = {
      method_name: "get_api_key",
      email: req.email,
      product_name: req.productName,
      platform: req.platform,
      website: req.websites.length === 1 ? req.websites[0] : req.websites,
    };
    return this.#call("get_api_key", fields, getApiKeyAnswerSchema);
  }

  /** Validates a key for a site. Read-only on CleanTalk's side, so safe to retry. */
  noticePaidTill(req: NoticePaidTillRequest): Promise<NoticePaidTillAnswer> {
    const fields: FormFields = {
      method_name: "notice_paid_till",
      auth_key: req.authKey,
      path_to_cms: req.pathToCms,
      product_id: req.productId === undefined ? undefined : String(req.productId),
    };
    return this.#call("notice_paid_till", fields, noticePaidTillAnswerSchema);
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  // The retries and the redaction in one async function, not two nested
  // ones: each layer is a promise and a microtask per call (bench/RESULTS.md §4).
  async #call<T>(method: string, fields: FormFields, schema: z.ZodType<T>): Promise<T> {
    try {
      const body = encodeForm(fields);
      let lastError: CleantalkError | undefined;
      for (let attempt = 1; attempt <= this.#retry.maxAttempts; attempt++) {
        try {
          return await this.#attempt(method, body, schema);
        } catch (error) {
          const failure = CleantalkError.isInstance(error)
            ? error
            : new TransportError("NETWORK", `CleanTalk ${method}: ${describe(error)}`, { retryable: true, cause: error });
          if (!failure.retryable) throw failure;
          lastError = failure;
          if (attempt === this.#retry.maxAttempts) break;
          const retryAfter = failure instanceof TransportError ? failure.retryAfterMs : undefined;
          if (retryAfter !== undefined && retryAfter > this.#retry.maxRetryAfterMs) {
            throw new LifecycleError(
              "RETRIES_EXHAUSTED",
              `${failure.message}; the server asked to wait ${Math.ceil(retryAfter / 1000)} s, longer than the ${this.#retry.maxRetryAfterMs / 1000} s we wait: run \`pulumi up\` again later`,
              failure,
            );
          }
          const delay = nextDelayMs(this.#retry, attempt, retryAfter, this.#random);
          this.#log(`${method} attempt ${attempt}/${this.#retry.maxAttempts} failed (${failure.code}); retrying in ${delay} ms`);
          await sleep(delay);
        }
      }
      throw new LifecycleError(
        "RETRIES_EXHAUSTED",
        `${lastError?.message ?? `CleanTalk ${method} failed`} (gave up after ${this.#retry.maxAttempts} attempts; nothing was changed: run \`pulumi up\` again when the API recovers)`,
        lastError,
      );
    } catch (error) {
      throw redact(error, [fields.email, fields.auth_key]);
    }
  }

  async #attempt<T>(method: string, body: string, schema: z.ZodType<T>): Promise<T> {
    // Cleared when the attempt ends, unlike AbortSignal.timeout, whose timers
    // pile up by the tens of thousands at thousands of calls per second.
    const deadline = new AttemptDeadline(this.#timeouts.requestMs);
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await this.#dispatcher.request({
          origin: this.#origin,
          path: this.#path,
          method: "POST",
          headers: FORM_HEADERS,
          body,
          headersTimeout: this.#timeouts.headersMs,
          bodyTimeout: this.#timeouts.bodyMs,
          signal: deadline,
        });
      } catch (error) {
        throw transportFailure(method, error);
      }
      let text: string;
      try {
        text = await readLimited(response.body, response.headers["content-length"]);
      } catch (error) {
        throw transportFailure(method, error);
      }
      return this.#interpret(method, response, text, schema);
    } finally {
      deadline.clear();
    }
  }

  #interpret<T>(method: string, response: Dispatcher.ResponseData, text: string, schema: z.ZodType<T>): T {
    const status = response.statusCode;
    const retryAfterHeader = response.headers["retry-after"];
    const retryAfterMs = retryAfterHeader === undefined ? undefined : parseRetryAfterMs(retryAfterHeader, this.#now());
    const json = parseJson(text);
    // Only a body with an error_message can match the error shape. Skipping the
    // doomed safeParse on every success matters: zod builds an issue list for
    // each failure, a measured share of the client's CPU (bench/RESULTS.md §4).
    const apiError = hasErrorMessage(json) ? errorBodySchema.safeParse(json) : undefined;
    if (status === 429) {
      throw new TransportError("RATE_LIMITED", `CleanTalk ${method} was rate limited (HTTP 429)`, { retryable: true, status, ...optional({ retryAfterMs }) });
    }
    if (apiError?.success) {
      const error = new ApiError(apiError.data.error_no, apiError.data.error_message, method);
      if (error.retryable && retryAfterMs !== undefined) {
        throw new TransportError("RATE_LIMITED", error.message, { retryable: true, status, retryAfterMs, cause: error });
      }
      throw error;
    }
    if (status >= 500 || status === 408) {
      throw new TransportError("HTTP_STATUS", `CleanTalk ${method} answered HTTP ${status}`, { retryable: true, status, ...optional({ retryAfterMs }) });
    }
    if (status < 200 || status >= 300) {
      throw new TransportError("HTTP_STATUS", `CleanTalk ${method} answered HTTP ${status}; check cleantalk:apiUrl points at the CleanTalk API`, {
        retryable: false,
        status,
      });
    }
    if (json === undefined) throw new SchemaMismatchError(method, "the body is not JSON (truncated or an error page)", true);
    const data = envelopeData(json);
    if (data === undefined) throw new SchemaMismatchError(method, 'no "data" object and no error fields', false);
    const answer = schema.safeParse(data);
    if (!answer.success) {
      const paths = answer.error.issues
        .map((i) => i.path.join(".") || "data")
        .slice(0, 3)
        .join(", ");
      throw new SchemaMismatchError(method, `unexpected fields: ${paths}`, false);
    }
    return answer.data;
  }
}

/**
 * A server may echo request fields in its error text; the email and the key
 * must not travel on into Pulumi's output, so any occurrence is masked. That
 * includes the causes (RETRIES_EXHAUSTED wraps the last failure) and the
 * stacks, which were rendered with the unmasked message and which the
 * dynamic-provider host prints for failed check/diff/read/delete calls.
 */
function redact(error: unknown, secrets: readonly (string | readonly string[] | undefined)[]): unknown {
  const masks = secrets.filter((secret): secret is string => typeof secret === "string" && secret.length >= 3);
  const mask = (text: string) => masks.reduce((acc, secret) => acc.split(secret).join("[redacted]"), text);
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const target = current as { message?: unknown; stack?: unknown; cause?: unknown };
    for (const field of ["message", "stack"] as const) {
      const text = target[field];
      if (typeof text !== "string" || mask(text) === text) continue;
      try {
        target[field] = mask(text);
      } catch {
        // A read-only field (DOMException's message is a getter) cannot be
        // masked; transport causes never carry request data anyway.
      }
    }
    current = target.cause;
  }
  return error;
}

function optional<K extends string, V>(fields: Record<K, V | undefined>): Partial<Record<K, V>> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<Record<K, V>>;
}

function hasErrorMessage(json: unknown): boolean {
  return typeof json === "object" && json !== null && "error_message" in json;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readLimited(body: Dispatcher.ResponseData["body"], contentLength: string | string[] | undefined): Promise<string> {
  // With a Content-Length (which undici holds the body to) the size is known
  // before reading, and undici's text() avoids an async iterator per answer.
  const declared = typeof contentLength === "string" && /^\d+$/.test(contentLength) ? Number(contentLength) : undefined;
  if (declared !== undefined) {
    if (declared > MAX_BODY_BYTES) {
      body.destroy();
      throw new SchemaMismatchError("request", `the answer is larger than ${MAX_BODY_BYTES} bytes`, false);
    }
    return body.text();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new SchemaMismatchError("request", `the answer is larger than ${MAX_BODY_BYTES} bytes`, false);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const timeoutCodes = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

function transportFailure(method: string, error: unknown): CleantalkError {
  if (CleantalkError.isInstance(error)) return error;
  const code = errorCode(error);
  if (timeoutCodes.has(code) || code === "ABORT_ERR" || isAbortTimeout(error)) {
    return new TransportError("TIMEOUT", `CleanTalk ${method} timed out (${code || "deadline"})`, { retryable: true, cause: error });
  }
  return new TransportError("NETWORK", `CleanTalk ${method} could not be reached: ${describe(error)}`, { retryable: true, cause: error });
}

// By name, not instanceof: AbortSignal.timeout's DOMException comes from
// Node's own realm, which is not the caller's under jest or a vm context.
function isAbortTimeout(error: unknown): boolean {
  const name = typeof error === "object" && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === "TimeoutError" || name === "AbortError";
}

function errorCode(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "";
}

// Transport errors name the failure, never the request: bodies carry emails and keys.
function describe(error: unknown): string {
  const code = errorCode(error);
  if (code !== "") return code;
  return error instanceof Error ? error.name : "unknown error";
}
