import type { RotationState } from "../provider/domain/schedule";
import type { KeyRow } from "./key-rows";
import type { StatusError } from "./status-error";

/** What one stack contributed: its number of keys, or why it could not be read. */
export type StackOutcome = { readonly stack: string; readonly keys: number } | { readonly stack: string; readonly error: StatusError };

/**
 * 0: every key is current. 1: at least one key is due, expired or invalid,
 * and everything asked for was read. 2: the report is incomplete or could
 * not be made (usage, backend, a stack or a check that failed).
 */
export type ExitCode = 0 | 1 | 2;

export interface FleetReport {
  readonly generatedAt: Date;
  /** Whether CleanTalk was asked (`--check`). */
  readonly checked: boolean;
  /** Sorted by urgency (sortRows). */
  readonly rows: readonly KeyRow[];
  readonly stacks: readonly StackOutcome[];
  /** Failures that concern no single stack (usage, listing the backend) and keys that could not be read. */
  readonly errors: readonly StatusError[];
}

const URGENCY: Readonly<Record<RotationState, number>> = { invalid: 0, expired: 1, due: 2, current: 3 };

/** invalid, expired, due, current; within each, fewest days left first (keys that never expire last); then by stack and name. */
export function sortRows(rows: readonly KeyRow[]): KeyRow[] {
  const days = (row: KeyRow) => row.daysLeft ?? Number.POSITIVE_INFINITY;
  return [...rows].sort(
    (a, b) => URGENCY[a.state] - URGENCY[b.state] || days(a) - days(b) || a.stack.localeCompare(b.stack) || a.resource.localeCompare(b.resource),
  );
}

export function exitCodeOf(report: FleetReport): ExitCode {
  const checkFailed = report.rows.some((row) => row.check?.status === "failed");
  if (report.errors.length > 0 || checkFailed || report.stacks.some((stack) => "error" in stack)) return 2;
  return report.rows.some((row) => row.state !== "current") ? 1 : 0;
}

/** Every error of the run, each on one line with its code first: the lines the command writes to stderr. */
export function errorLines(report: FleetReport): string[] {
  const stackErrors = report.stacks.flatMap((stack) => ("error" in stack ? [stack.error.message] : []));
  const checkErrors = report.rows.flatMap((row) =>
    row.check?.status === "failed"
      ? [`${row.check.code}: stack ${row.stack}: key ${row.resource} could not be checked with CleanTalk (${row.check.message}).`]
      : [],
  );
  return [...report.errors.map((error) => error.message), ...stackErrors, ...checkErrors];
}

const COLUMNS = ["STACK", "RESOURCE", "HOST NAMES", "FINGERPRINT", "SOURCE", "CREATED", "ROTATE AFTER", "EXPIRES", "STATE", "DAYS LEFT"] as const;

/** The human table: one line per key, then a summary line and the stacks without keys. */
export function renderTable(report: FleetReport): string {
  const header = report.checked ? [...COLUMNS, "CHECK"] : [...COLUMNS];
  const lines: string[][] = report.rows.map((row) => {
    const cells = [
      row.stack,
      row.resource,
      row.hostnames.join(","),
      row.fingerprint,
      row.source,
      day(row.createdAt),
      day(row.rotateAfter),
      day(row.expiresAt),
      row.state,
      row.daysLeft === null ? "-" : String(row.daysLeft),
    ];
    return report.checked ? [...cells, checkCell(row)] : cells;
  });
  const out: string[] = [];
  if (lines.length > 0) {
    const widths = header.map((title, column) => Math.max(title.length, ...lines.map((cells) => (cells[column] ?? "").length)));
    const format = (cells: readonly string[]) =>
      cells
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd();
    out.push(format(header), ...lines.map(format), "");
  }
  out.push(summaryLine(report));
  const empty = report.stacks.filter((stack) => "keys" in stack && stack.keys === 0).map((stack) => stack.stack);
  if (empty.length > 0) out.push(`No keys: ${empty.join(", ")}`);
  return `${out.join("\n")}\n`;
}

/** The `--json` document; its shape is part of the command's contract (README "Fleet view"). */
export function renderJson(report: FleetReport): string {
  const document = {
    generatedAt: report.generatedAt.toISOString(),
    checked: report.checked,
    exitCode: exitCodeOf(report),
    summary: { stacks: report.stacks.length, keys: report.rows.length, ...counts(report.rows) },
    keys: report.rows,
    stacks: report.stacks.map((stack) => ("error" in stack ? { stack: stack.stack, error: { code: stack.error.code, message: stack.error.message } } : stack)),
    errors: report.errors.map((error) => ({ code: error.code, message: error.message })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function summaryLine(report: FleetReport): string {
  const read = report.stacks.filter((stack) => "keys" in stack).length;
  const failed = report.stacks.length - read;
  const stacks = `${report.stacks.length} ${report.stacks.length === 1 ? "stack" : "stacks"}${failed > 0 ? ` (${failed} not read)` : ""}`;
  const keys = `${report.rows.length} ${report.rows.length === 1 ? "key" : "keys"}`;
  const byState = Object.entries(counts(report.rows))
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  return `${stacks}, ${keys}${byState.length > 0 ? `: ${byState.join(", ")}` : ""}.`;
}

function counts(rows: readonly KeyRow[]): Record<RotationState, number> {
  const result: Record<RotationState, number> = { invalid: 0, expired: 0, due: 0, current: 0 };
  for (const row of rows) result[row.state]++;
  return result;
}

function checkCell(row: KeyRow): string {
  if (row.check === undefined) return "-";
  return row.check.status === "failed" ? `failed (${row.check.code})` : row.check.status;
}

/** The date part: a key's schedule is counted in days. */
function day(iso: string | null): string {
  return iso === null ? "-" : iso.slice(0, 10);
}
