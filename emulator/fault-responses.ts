import { type ServerResponse, STATUS_CODES } from "node:http";
import type { EncodedAnswer } from "./api-encoding";
import { errorBody } from "./api-encoding";
import type { ParsedFaultSpec } from "./control-schemas";
import { JSON_TYPE, sendBody, sendJson } from "./http-io";
import type { TimerRegistry } from "./timer-registry";

/**
 * How each fault kind misbehaves on the wire. Each function owns the response from here on;
 * none of them touches emulator state.
 */

type Spec<K extends ParsedFaultSpec["kind"]> = Extract<ParsedFaultSpec, { kind: K }>;

// What a reverse proxy in front of an API typically returns when the backend is down.
const PROXY_ERROR_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

function retryAfter(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { "retry-after": String(seconds) };
}

export function sendStatusFault(res: ServerResponse, spec: Spec<"status">): number {
  const headers = retryAfter(spec.retryAfterSeconds);
  if (spec.body === undefined) {
    sendBody(res, spec.status, STATUS_CODES[spec.status] ?? "Error", "text/plain; charset=utf-8", headers);
  } else {
    sendJson(res, spec.status, spec.body, headers);
  }
  return spec.status;
}

export function sendErrorFault(res: ServerResponse, spec: Spec<"error">): number {
  sendJson(res, spec.status, errorBody(spec.errorNo, spec.errorMessage), retryAfter(spec.retryAfterSeconds));
  return spec.status;
}

export function sendMalformed(res: ServerResponse, spec: Spec<"malformed">): number {
  sendBody(res, spec.status, spec.body ?? PROXY_ERROR_PAGE, spec.contentType);
  return spec.status;
}

/** Valid JSON that matches no documented answer, by default a near miss of the real one. */
export function sendShape(res: ServerResponse, spec: Spec<"shape">, methodName: string | undefined): number {
  const fallback = methodName === "get_api_key" ? { data: { auth_key: 123 } } : methodName === "notice_paid_till" ? { data: { valid: "yes" } } : { foo: 1 };
  sendJson(res, 200, spec.body === undefined ? fallback : spec.body);
  return 200;
}

export function sendTruncated(res: ServerResponse, answer: EncodedAnswer, spec: Spec<"truncate">): number {
  const bytes = Buffer.from(answer.body);
  const half = bytes.subarray(0, Math.floor(bytes.length / 2));
  if (!spec.abortConnection) {
    sendBody(res, answer.status, half, JSON_TYPE);
    return answer.status;
  }
  res.writeHead(answer.status, { "content-type": JSON_TYPE, "content-length": bytes.length });
  // Destroy only once the half is flushed, so the client sees a body that stops mid-way.
  res.write(half, () => res.socket?.destroy());
  return answer.status;
}

/** Destroys the connection without a response; the client sees a socket error. */
export function resetConnection(res: ServerResponse): void {
  res.socket?.destroy();
}

/**
 * Never answers. Bounded by `maxMs` so a client without timeouts (the bug this finds) still
 * terminates; resolves with what ended it.
 */
export function hang(res: ServerResponse, spec: Spec<"hang">, timers: TimerRegistry): Promise<"closed" | "timeout"> {
  return new Promise((resolve) => {
    const cancel = timers.timeout(spec.maxMs, () => {
      res.socket?.destroy();
      resolve("timeout");
    });
    res.on("close", () => {
      cancel();
      resolve("closed");
    });
  });
}

/**
 * Headers at once, then the body one byte per interval: passes a headers timeout, trips a
 * body or total timeout. Resolves when the body is complete or the client went away.
 */
export function trickle(res: ServerResponse, answer: EncodedAnswer, spec: Spec<"trickle">, timers: TimerRegistry): Promise<"sent" | "closed"> {
  const bytes = Buffer.from(answer.body);
  res.writeHead(answer.status, { "content-type": JSON_TYPE, "content-length": bytes.length });
  res.flushHeaders();
  return new Promise((resolve) => {
    let offset = 0;
    const stop = timers.interval(spec.intervalMs, () => {
      if (res.destroyed || res.writableEnded) {
        stop();
        resolve("closed");
        return;
      }
      res.write(bytes.subarray(offset, offset + 1));
      offset++;
      if (offset >= bytes.length) {
        stop();
        res.end();
        resolve("sent");
      }
    });
    res.on("close", () => {
      stop();
      resolve(offset >= bytes.length ? "sent" : "closed");
    });
  });
}
