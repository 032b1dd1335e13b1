import { API_ERRORS } from "./api-errors";
import { type ApiFields, scalarField } from "./api-fields";
import { getApiKey } from "./api-get-api-key";
import { noticePaidTill } from "./api-notice-paid-till";
import { type ApiContext, type ApiOutcome, errorOutcome } from "./api-outcome";

/** The CleanTalk methods the emulator implements, dispatched by `method_name`. */
export const API_METHODS = {
  get_api_key: getApiKey,
  notice_paid_till: noticePaidTill,
} as const satisfies Record<string, (fields: ApiFields, ctx: ApiContext) => ApiOutcome>;

export type ApiMethodName = keyof typeof API_METHODS;

export function isApiMethod(name: string | undefined): name is ApiMethodName {
  return name !== undefined && Object.hasOwn(API_METHODS, name);
}

export function methodNameOf(fields: ApiFields): string | undefined {
  return scalarField(fields, "method_name");
}

export function runApiMethod(fields: ApiFields, ctx: ApiContext): ApiOutcome {
  const name = methodNameOf(fields);
  if (!isApiMethod(name)) return errorOutcome(API_ERRORS.unknownMethod);
  return API_METHODS[name](fields, ctx);
}
