import type { IncomingMessage, ServerResponse } from "node:http";

/** Larger than any real CleanTalk key request by orders of magnitude. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult = { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly reason: "too-large" };

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve({ ok: false, reason: "too-large" });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve({ ok: true, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) });
      done = true;
    });
    req.on("error", (error) => {
      if (!done) reject(error);
      done = true;
    });
  });
}

export const JSON_TYPE = "application/json; charset=utf-8";

export function sendBody(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, "content-type": contentType, "content-length": bytes.length });
  res.end(bytes);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  sendBody(res, status, JSON.stringify(body), JSON_TYPE, headers);
}

/** Splits `req.url` without the cost of a full URL parse on the hot path. */
export function splitUrl(rawUrl: string | undefined): { readonly path: string; readonly query: string } {
  const url = rawUrl ?? "/";
  const q = url.indexOf("?");
  return q === -1 ? { path: url, query: "" } : { path: url.slice(0, q), query: url.slice(q + 1) };
}
