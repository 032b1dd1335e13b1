import { CleantalkError } from "./cleantalk-error";

/**
 * The request succeeded but the answer is not one of the documented shapes
 * (truncated or malformed JSON, unexpected fields, too large). Kept apart from
 * transport failures: the server talked, the contract check refused what it
 * said. A body that is not JSON at all (truncated, an HTML error page) is
 * usually a transient fault and retryable; well-formed JSON of the wrong shape
 * is not.
 */
export class SchemaMismatchError extends CleantalkError {
  override readonly name = "SchemaMismatchError";

  constructor(method: string, detail: string, retryable: boolean) {
    super("SCHEMA_MISMATCH", `CleanTalk ${method} answered in an unexpected shape (${detail}); no key was taken from it.`, {
      retryable,
      fix: "check that cleantalk:apiUrl points at the CleanTalk API; if it does, CleanTalk changed its answer: report it with this message",
    });
  }
}
