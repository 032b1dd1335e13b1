import { type Dispatcher, FormData, request } from "undici";

/** The three body encodings CleanTalk clients are observed to use. */
export type ApiEncoding = "urlencoded" | "multipart" | "query";

export type ApiFieldsInput = Readonly<Record<string, string | readonly string[]>>;

export interface ApiCallOptions {
  encoding?: ApiEncoding;
  dispatcher?: Dispatcher;
  headersTimeout?: number;
  bodyTimeout?: number;
}

export interface ApiCall {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  text: string;
  /** Parsed body, or undefined when it is not JSON. */
  json: unknown;
}

function urlEncoded(fields: ApiFieldsInput): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") params.append(name, value);
    else for (const item of value) params.append(`${name}[]`, item);
  }
  return params.toString();
}

function multipart(fields: ApiFieldsInput): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") form.append(name, value);
    else for (const item of value) form.append(`${name}[]`, item);
  }
  return form;
}

/** One CleanTalk API call over real HTTP, in the chosen encoding. */
export async function callApi(url: string, fields: ApiFieldsInput, options: ApiCallOptions = {}): Promise<ApiCall> {
  const encoding = options.encoding ?? "urlencoded";
  const common = {
    method: "POST" as const,
    headersTimeout: options.headersTimeout ?? 5_000,
    bodyTimeout: options.bodyTimeout ?? 5_000,
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
  };
  const response =
    encoding === "query"
      ? await request(`${url}/?${urlEncoded(fields)}`, common)
      : encoding === "multipart"
        ? await request(`${url}/`, { ...common, body: multipart(fields) })
        : await request(`${url}/`, {
            ...common,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: urlEncoded(fields),
          });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

let sequence = 0;

/** Distinct email and site per call, so tests sharing an emulator never collide. */
export function uniqueSite(prefix = "site"): { email: string; website: string; hostname: string } {
  sequence++;
  const id = `${prefix}-${process.pid}-${sequence}`;
  return { email: `owner-${id}@example.test`, website: `https://${id}.example.test/`, hostname: `${id}.example.test` };
}
