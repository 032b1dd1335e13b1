import type { IncomingMessage, ServerResponse } from "node:http";
import { encodeAnswer, errorBody } from "./api-encoding";
import { API_ERRORS } from "./api-errors";
import { methodNameOf } from "./api-methods";
import type { EmulatorCore } from "./emulator";
import { hang, resetConnection, sendErrorFault, sendMalformed, sendShape, sendStatusFault, sendTruncated, trickle } from "./fault-responses";
import { JSON_TYPE, readBody, sendBody, sendJson } from "./http-io";
import { parseApiFields } from "./request-body";
import { type LogEntry, loggableMethod } from "./request-log";
import type { TimerRegistry } from "./timer-registry";

export type Finish = (entry: Omit<LogEntry, "httpMethod" | "durationMs">) => void;

/**
 * One CleanTalk API request: decode, count, global latency, fault, rate limit, process, answer.
 * Faults that replace the answer run BEFORE processing, so they never change state; `delay`,
 * `trickle` and `after-commit-reset` process the request for real.
 */
export async function serveApi(
  req: IncomingMessage,
  res: ServerResponse,
  query: string,
  core: EmulatorCore,
  timers: TimerRegistry,
  finish: Finish,
): Promise<void> {
  const read = await readBody(req);
  if (!read.ok) {
    core.counters.countRequest(undefined);
    const error = API_ERRORS.bodyTooLarge;
    sendJson(res, 413, errorBody(error.errorNo, error.errorMessage), { connection: "close" });
    finish({ target: "(none)", outcome: 413 });
    return;
  }
  const parsed = await parseApiFields(query, req.headers["content-type"], read.body);
  if (!parsed.ok) {
    core.counters.countRequest(undefined);
    sendJson(res, parsed.status, errorBody(parsed.error.errorNo, parsed.error.errorMessage));
    finish({ target: "(none)", outcome: parsed.status });
    return;
  }
  const fields = parsed.fields;
  const methodName = methodNameOf(fields);
  const target = loggableMethod(methodName);
  core.counters.countRequest(methodName);

  const latency = core.currentConfig().latencyMs;
  if (latency > 0) await timers.sleep(latency);

  const fault = core.faults.take(methodName);
  if (fault !== undefined) core.counters.countFault();
  const faultName = fault?.kind;

  switch (fault?.kind) {
    case "status":
      finish({ target, outcome: sendStatusFault(res, fault), fault: faultName });
      return;
    case "error":
      finish({ target, outcome: sendErrorFault(res, fault), fault: faultName });
      return;
    case "malformed":
      finish({ target, outcome: sendMalformed(res, fault), fault: faultName });
      return;
    case "shape":
      finish({ target, outcome: sendShape(res, fault, methodName), fault: faultName });
      return;
    case "reset":
      resetConnection(res);
      finish({ target, outcome: "reset", fault: faultName });
      return;
    case "hang":
      finish({ target, outcome: await hang(res, fault, timers), fault: faultName });
      return;
    case "truncate": {
      const preview = core.preview(fields);
      const answer = encodeAnswer(preview.answer, core.currentConfig().errorHttpStatus);
      finish({ target, host: preview.logHost, outcome: sendTruncated(res, answer, fault), fault: faultName });
      return;
    }
    case "delay":
      await timers.sleep(fault.delayMs);
      break;
    default:
      break;
  }

  const decision = core.checkRateLimit(methodName);
  if (!decision.allowed) {
    core.counters.countRateLimited();
    const error = API_ERRORS.callsLimitExceeded;
    // Whole seconds, rounded up: rounding down would invite a retry that is refused again.
    const retryAfter = String(Math.ceil(decision.retryAfterMs / 1000));
    sendJson(res, 429, errorBody(error.errorNo, error.errorMessage), { "retry-after": retryAfter });
    finish({ target, outcome: 429, fault: faultName });
    return;
  }

  const outcome = core.process(fields);
  const answer = encodeAnswer(outcome.answer, core.currentConfig().errorHttpStatus);
  const host = outcome.logHost;
  if (fault?.kind === "after-commit-reset") {
    resetConnection(res);
    finish({ target, host, outcome: "reset", fault: faultName });
    return;
  }
  if (fault?.kind === "trickle") {
    const result = await trickle(res, answer, fault, timers);
    finish({ target, host, outcome: result === "sent" ? answer.status : "closed", fault: faultName });
    return;
  }
  sendBody(res, answer.status, answer.body, JSON_TYPE);
  finish({ target, host, outcome: answer.status, fault: faultName });
}
