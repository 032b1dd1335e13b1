import type { z } from "zod";
import { ApiError } from "../errors/api-error";
import { SchemaMismatchError } from "../errors/schema-mismatch-error";
import { TransportError } from "../errors/transport-error";
import { envelopeData, errorBodySchema } from "../schema/api-answers";
import { parseRetryAfterMs } from "./retry-policy";

/**
 * Turns one HTTP exchange into the method's answer, or the error that says
 * why not. Pure: the clock is an argument (for Retry-After dates).
 *
 * `errorAnswers` maps an error_no to an answer that means the same thing:
 * notice_paid_till's error_no 12 ("invalid key") is the news `valid: 0`, not a
 * failure of the call.
 */
export function classifyAnswer<T>(
  method: string,
  answer: { readonly status: number; readonly headers: Readonly<Record<string, string | string[] | undefined>>; readonly text: string },
  schema: z.ZodType<T>,
  now: Date,
  errorAnswers: Readonly<Record<number, T>> = {},
): T {
  const { status, headers } = answer;
  const retryAfterHeader = headers["retry-after"];
  const retryAfterMs = retryAfterHeader === undefined ? undefined : parseRetryAfterMs(retryAfterHeader, now);
  const json = parseJson(answer.text);
  // Only a body with an error_message can match the error shape.
  const apiError = hasErrorMessage(json) ? errorBodySchema.safeParse(json) : undefined;
  if (status === 429) {
    throw new TransportError("RATE_LIMITED", `CleanTalk ${method} was rate limited (HTTP 429).`, { retryable: true, status, retryAfterMs });
  }
  if (apiError?.success) {
    const meant = errorAnswers[apiError.data.error_no];
    if (meant !== undefined) return meant;
    const error = new ApiError(apiError.data.error_no, apiError.data.error_message, method);
    if (error.retryable && retryAfterMs !== undefined) {
      throw new TransportError("RATE_LIMITED", error.summary, { retryable: true, status, retryAfterMs, cause: error });
    }
    throw error;
  }
  if (status >= 500 || status === 408) {
    throw new TransportError("HTTP_STATUS", `CleanTalk ${method} answered HTTP ${status}.`, { retryable: true, status, retryAfterMs });
  }
  if (status >= 300 && status < 400) {
    const location = headers.location;
    const to = typeof location === "string" ? ` to ${redirectHost(location)}` : "";
    throw new TransportError(
      "HTTP_STATUS",
      `CleanTalk ${method} answered with a redirect (HTTP ${status}${to}), which is not followed: keys go only to cleantalk:apiUrl.`,
      {
        retryable: false,
        status,
        fix: "set cleantalk:apiUrl to the final address of the CleanTalk API (https://api.cleantalk.org)",
      },
    );
  }
  if (status < 200 || status >= 300) {
    throw new TransportError("HTTP_STATUS", `CleanTalk ${method} answered HTTP ${status}.`, {
      retryable: false,
      status,
      fix: "check that cleantalk:apiUrl points at the CleanTalk API",
    });
  }
  if (json === undefined) throw new SchemaMismatchError(method, "the body is not JSON (truncated or an error page)", true);
  const data = envelopeData(json);
  if (data === undefined) throw new SchemaMismatchError(method, 'no "data" object and no error fields', false);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const paths = parsed.error.issues
      .map((i) => i.path.join(".") || "data")
      .slice(0, 3)
      .join(", ");
    throw new SchemaMismatchError(method, `unexpected fields: ${paths}`, false);
  }
  return parsed.data;
}

/** The host of a Location header, never its path or query (which could carry anything). */
function redirectHost(location: string): string {
  try {
    return new URL(location).host;
  } catch {
    return "another path";
  }
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
