import { Response } from "undici";
import { API_ERRORS, type ApiError } from "./api-errors";
import type { ApiFields } from "./api-fields";

export type FieldsResult = { readonly ok: true; readonly fields: ApiFields } | { readonly ok: false; readonly status: number; readonly error: ApiError };

// A list field in PHP style: `website[]` or `website[0]` (what http_build_query emits).
const LIST_NAME = /^(.+?)\[(\d*)\]$/;

/**
 * Decodes an API request's fields from the query string and the body. CleanTalk documents
 * urlencoded POST; its own plugins also send multipart/form-data or put `method_name` in the
 * query string, so all three are accepted and merged (query first, then body).
 */
export async function parseApiFields(query: string, contentType: string | undefined, body: Buffer): Promise<FieldsResult> {
  const pairs: [string, string][] = [...new URLSearchParams(query)];
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (body.length > 0) {
    if (mediaType === "" || mediaType === "application/x-www-form-urlencoded" || mediaType === "text/plain") {
      // text/plain and no type: `wget --post-data` and some PHP transports omit or mislabel it.
      pairs.push(...new URLSearchParams(body.toString("utf8")));
    } else if (mediaType === "multipart/form-data") {
      const parsed = await multipartPairs(body, contentType as string);
      if (parsed === undefined) return { ok: false, status: 400, error: API_ERRORS.unsupportedBody };
      pairs.push(...parsed);
    } else {
      return { ok: false, status: 415, error: API_ERRORS.unsupportedBody };
    }
  }
  return { ok: true, fields: foldPairs(pairs) };
}

// undici's fetch Response already implements a spec-compliant multipart parser; reusing it
// avoids a hand-written one with its own edge cases.
async function multipartPairs(body: Buffer, contentType: string): Promise<[string, string][] | undefined> {
  try {
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    const pairs: [string, string][] = [];
    for (const [name, value] of form) {
      pairs.push([name, typeof value === "string" ? value : await value.text()]);
    }
    return pairs;
  } catch {
    return undefined;
  }
}

/** Folds name/value pairs into fields; repeated or bracketed names become lists. */
export function foldPairs(pairs: readonly (readonly [string, string])[]): ApiFields {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [rawName, value] of pairs) {
    const match = LIST_NAME.exec(rawName);
    const name = match?.[1] ?? rawName;
    const existing = fields[name];
    if (existing === undefined) {
      fields[name] = match === null ? value : [value];
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      fields[name] = [existing, value];
    }
  }
  return fields;
}
