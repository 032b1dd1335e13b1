import { CleantalkError, type CleantalkErrorCode } from "./cleantalk-error";

/** CleanTalk answered with its error shape (`{"error_message","error_no"}`). */
export class ApiError extends CleantalkError {
  override readonly name = "ApiError";
  readonly errorNo: number;

  constructor(errorNo: number, apiMessage: string, method: string) {
    // error_no 10 is CleanTalk's documented "Calls limit exceeded.": worth a retry after backing off.
    const rateLimited = errorNo === 10;
    const code: CleantalkErrorCode = rateLimited ? "RATE_LIMITED" : "API_ERROR";
    super(code, `CleanTalk ${method} refused the call: ${sanitize(apiMessage)} (error_no ${errorNo}).`, {
      retryable: rateLimited,
      fix: rateLimited ? "run `pulumi up` again in a minute" : "read CleanTalk's message above; fix the input it names, or contact CleanTalk support",
    });
    this.errorNo = errorNo;
  }
}

// The API's own message is echoed to users; keep it short and on one line so a
// misbehaving server cannot flood logs through it.
function sanitize(text: string): string {
  return text.replace(/\s+/g, " ").slice(0, 200);
}
