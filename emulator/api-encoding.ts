import type { ApiAnswer } from "./api-outcome";
import type { ErrorBody } from "./api-responses";

export interface EncodedAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * Success is always 200 `{"data":...}`. Errors use the configured status: older CleanTalk
 * endpoints answer 200 with the error JSON, and a client has to cope with both.
 */
export function encodeAnswer(answer: ApiAnswer, errorHttpStatus: number): EncodedAnswer {
  if (answer.kind === "data") return { status: 200, body: JSON.stringify({ data: answer.data }) };
  return { status: errorHttpStatus, body: JSON.stringify(errorBody(answer.error.errorNo, answer.error.errorMessage)) };
}

export function errorBody(errorNo: number, errorMessage: string): ErrorBody {
  return { error_message: errorMessage, error_no: errorNo };
}
