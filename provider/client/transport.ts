import { Pool } from "undici";
import type { CleantalkError } from "../errors/cleantalk-error";
import { SchemaMismatchError } from "../errors/schema-mismatch-error";
import { TransportError } from "../errors/transport-error";

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

/** Answers are a few hundred bytes; a megabyte is a wrong endpoint or a misbehaving server. */
export const MAX_RESPONSE_BYTES = 1_048_576;

/** One HTTP exchange as the classification reads it. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

const FORM_HEADERS = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" } as const;

/** A keep-alive pool for the endpoint, shared by the many keys of one `pulumi up`. */
export function endpointPool(origin: string, timeouts: ClientTimeouts): Pool {
  return new Pool(origin, {
    connect: { timeout: timeouts.connectMs },
    keepAliveTimeout: 10_000,
    connections: 32,
    // undici cuts the body off here, whether or not a Content-Length announced it.
    maxResponseSize: MAX_RESPONSE_BYTES,
  });
}

/**
 * POSTs a form and reads the whole answer, or throws a TransportError /
 * SchemaMismatchError saying what went wrong (never what was sent: bodies
 * carry emails and keys).
 */
export async function postForm(
  dispatcher: Pick<Pool, "request">,
  target: { readonly origin: string; readonly path: string },
  body: string,
  timeouts: ClientTimeouts,
  method: string,
): Promise<RawAnswer> {
  // Our own whole-attempt limit: undici's header and body timers are coarse
  // (they tick every half second) and a trickling body resets them. Cleared
  // when the attempt ends, so a fleet's thousands of calls leave no timers
  // (and no signals they hold) waiting out the full limit.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeouts.requestMs);
  try {
    const response = await dispatcher.request({
      origin: target.origin,
      path: target.path,
      method: "POST",
      headers: FORM_HEADERS,
      body,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      signal: deadline.signal,
    });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  } catch (error) {
    throw transportFailure(method, error, timeouts);
  } finally {
    clearTimeout(timer);
  }
}

const timeoutCodes = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

function transportFailure(method: string, error: unknown, timeouts: ClientTimeouts): CleantalkError {
  const code = errorCode(error);
  if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") {
    return new SchemaMismatchError(method, `the answer is larger than ${MAX_RESPONSE_BYTES} bytes`, false);
  }
  if (timeoutCodes.has(code) || code === "ABORT_ERR" || isAbortTimeout(error)) {
    return new TransportError("TIMEOUT", `CleanTalk ${method} timed out (${code || `no complete answer within ${timeouts.requestMs} ms`}).`, {
      retryable: true,
      cause: error,
      fix: "run `pulumi up` again; on a slow link raise cleantalk:requestTimeout",
    });
  }
  return new TransportError("NETWORK", `CleanTalk ${method} could not be reached (${describe(error)}).`, {
    retryable: true,
    cause: error,
    fix: "check connectivity, proxy and cleantalk:apiUrl (is the emulator running?)",
  });
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

// Transport errors name the failure, never the request.
function describe(error: unknown): string {
  const code = errorCode(error);
  if (code !== "") return code;
  return error instanceof Error ? error.name : "unknown error";
}
