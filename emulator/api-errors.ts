/**
 * The emulator's `error_no` catalogue. CleanTalk documents only 10 ("Calls limit exceeded.")
 * and clients observe 12 and 403; the rest are emulator choices in CleanTalk's wording style
 * ("Parameter X is required."), numbered so a client can branch on them in tests.
 * Messages never echo request values, so no email or key can leak through an error.
 */
export interface ApiError {
  readonly errorNo: number;
  readonly errorMessage: string;
}

export const API_ERRORS = {
  emailRequired: { errorNo: 1, errorMessage: "Parameter email is required." },
  websiteRequired: { errorNo: 2, errorMessage: "Parameter website is required." },
  unknownProduct: { errorNo: 3, errorMessage: "Unknown product_name." },
  unknownMethod: { errorNo: 4, errorMessage: "Unknown method_name." },
  invalidEmail: { errorNo: 5, errorMessage: "Invalid email address." },
  invalidWebsite: { errorNo: 6, errorMessage: "Invalid website URL." },
  authKeyRequired: { errorNo: 7, errorMessage: "Parameter auth_key is required." },
  pathToCmsRequired: { errorNo: 8, errorMessage: "Parameter path_to_cms is required." },
  unknownProductId: { errorNo: 9, errorMessage: "Unknown product_id." },
  /** Documented for spam_check; the emulator applies it to every method when rate limiting is on. */
  callsLimitExceeded: { errorNo: 10, errorMessage: "Calls limit exceeded." },
  unsupportedBody: { errorNo: 11, errorMessage: "Unsupported request body." },
  bodyTooLarge: { errorNo: 11, errorMessage: "Request body too large." },
} as const satisfies Record<string, ApiError>;
