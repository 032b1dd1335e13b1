import { setTimeout as sleep } from "node:timers/promises";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { CleantalkError } from "../errors/cleantalk-error";
import { LifecycleError } from "../errors/lifecycle-error";
import { TransportError } from "../errors/transport-error";
import {
  type GetApiKeyAnswer,
  getApiKeyAnswerSchema,
  INVALID_KEY_ERROR_NO,
  type NoticePaidTillAnswer,
  noticePaidTillAnswerSchema,
} from "../schema/api-answers";
import { classifyAnswer } from "./classify-answer";
import { encodeForm, type FormFields } from "./form-body";
import { redact } from "./redaction";
import { DEFAULT_RETRY_POLICY, nextDelayMs, type RetryPolicy } from "./retry-policy";
import { type ClientTimeouts, DEFAULT_TIMEOUTS, endpointPool, postForm } from "./transport";

export interface ClientOptions {
  /** API endpoint, already checked by resolveSettings. */
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

/** The CleanTalk key API: bounded retries around one HTTP exchange, typed answers and errors. */
export class CleantalkClient {
  readonly #target: { readonly origin: string; readonly path: string };
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #timeouts: ClientTimeouts;
  readonly #retry: RetryPolicy;
  readonly #log: (message: string) => void;
  readonly #random: () => number;
  readonly #now: () => Date;

  constructor(options: ClientOptions) {
    this.#target = { origin: options.baseUrl.origin, path: `${options.baseUrl.pathname}${options.baseUrl.search}` };
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? endpointPool(options.baseUrl.origin, this.#timeouts);
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
    return this.#call(
      "get_api_key",
      {
        method_name: "get_api_key",
        email: req.email,
        product_name: req.productName,
        platform: req.platform,
        website: req.websites.length === 1 ? req.websites[0] : req.websites,
      },
      getApiKeyAnswerSchema,
    );
  }

  /** Validates a key for a site. Read-only on CleanTalk's side, so safe to retry. */
  noticePaidTill(req: NoticePaidTillRequest): Promise<NoticePaidTillAnswer> {
    return this.#call(
      "notice_paid_till",
      {
        method_name: "notice_paid_till",
        auth_key: req.authKey,
        path_to_cms: req.pathToCms,
        product_id: req.productId === undefined ? undefined : String(req.productId),
      },
      noticePaidTillAnswerSchema,
      { [INVALID_KEY_ERROR_NO]: { valid: 0 } },
    );
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  /**
   * The retry loop is ours, not undici's: CleanTalk's rate limit arrives in
   * the body (error_no 10), which a transport-level retry cannot see.
   */
  async #call<T>(method: string, fields: FormFields, schema: z.ZodType<T>, errorAnswers?: Readonly<Record<number, T>>): Promise<T> {
    const body = encodeForm(fields);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const answer = await postForm(this.#dispatcher, this.#target, body, this.#timeouts, method);
          return classifyAnswer(method, answer, schema, this.#now(), errorAnswers);
        } catch (error) {
          const failure = CleantalkError.isInstance(error) ? error : unexpected(method, error);
          if (!failure.retryable) throw failure;
          if (attempt >= this.#retry.maxAttempts) throw exhausted(method, failure, this.#retry.maxAttempts);
          const retryAfter = failure instanceof TransportError ? failure.retryAfterMs : undefined;
          if (retryAfter !== undefined && retryAfter > this.#retry.maxRetryAfterMs) throw waitTooLong(failure, retryAfter, this.#retry);
          const delay = nextDelayMs(this.#retry, attempt, retryAfter, this.#random);
          this.#log(`${method} attempt ${attempt}/${this.#retry.maxAttempts} failed (${failure.code}); retrying in ${delay} ms`);
          await sleep(delay);
        }
      }
    } catch (error) {
      throw redact(error, [fields.email, fields.auth_key]);
    }
  }
}

function unexpected(method: string, error: unknown): CleantalkError {
  return new TransportError("NETWORK", `CleanTalk ${method} failed unexpectedly (${error instanceof Error ? error.name : "unknown error"}).`, {
    retryable: true,
    cause: error,
  });
}

function exhausted(method: string, last: CleantalkError, attempts: number): LifecycleError {
  return new LifecycleError(
    "RETRIES_EXHAUSTED",
    `CleanTalk ${method} gave up after ${attempts === 1 ? "1 attempt" : `${attempts} attempts`} (last: ${last.code}, ${last.summary}); nothing was changed.`,
    {
      cause: last,
      fix: "run `pulumi up` again when the API recovers; tune cleantalk:maxAttempts if needed",
    },
  );
}

function waitTooLong(last: CleantalkError, retryAfterMs: number, retry: RetryPolicy): LifecycleError {
  return new LifecycleError(
    "RETRIES_EXHAUSTED",
    `${last.summary} The server asked to wait ${Math.ceil(retryAfterMs / 1000)} s, longer than the ${retry.maxRetryAfterMs / 1000} s we wait; nothing was changed.`,
    { cause: last, fix: "run `pulumi up` again later" },
  );
}
