import { isApiMethod } from "./api-methods";

export type LogSink = (line: string) => void;

export interface LogEntry {
  readonly httpMethod: string;
  /** `method_name` for API calls, the path for control calls. */
  readonly target: string;
  readonly host?: string | undefined;
  /** HTTP status, or what happened instead of a response ("reset", "closed"). */
  readonly outcome: number | string;
  readonly durationMs: number;
  readonly fault?: string | undefined;
}

/**
 * One line per request. Only fields that cannot carry a secret are printed: an email, key,
 * token or password hash can never reach a line, because no request value except a parsed
 * hostname and a known method name is ever passed in.
 */
export function formatLogLine(entry: LogEntry): string {
  const parts = [
    new Date().toISOString(),
    entry.httpMethod,
    entry.target,
    `host=${entry.host ?? "-"}`,
    `status=${entry.outcome}`,
    `${entry.durationMs.toFixed(1)}ms`,
  ];
  if (entry.fault !== undefined) parts.push(`fault=${entry.fault}`);
  return parts.join(" ");
}

/** A `method_name` is user input; only known names are echoed. */
export function loggableMethod(methodName: string | undefined): string {
  if (methodName === undefined) return "(none)";
  return isApiMethod(methodName) ? methodName : "(other)";
}
