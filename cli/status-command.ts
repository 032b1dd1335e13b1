import { boundedMap } from "./bounded-map";
import { type ExitCode, exitCodeOf, type FleetReport, type StackOutcome, sortRows } from "./fleet-report";
import { exportStack, selectStacks } from "./fleet-source";
import type { KeyChecker } from "./key-check";
import { type KeyRow, keysOfStack, type StackKeys, withCheck } from "./key-rows";
import type { PulumiRunner } from "./pulumi-command";
import { StatusError } from "./status-error";
import type { StatusOptions } from "./status-options";

/**
 * `pulumi stack export` processes at once. Each is the Go CLI reading one
 * stack, about 100 MiB of memory and mostly waiting on the backend: three
 * keep two cores busy and the whole run, CLIs included, under 512 MiB
 * (bench/RESULTS.md, "Fleet view"), so it fits a small CI runner.
 */
export const EXPORT_CONCURRENCY = 3;

export interface StatusDeps {
  readonly run: PulumiRunner;
  /** Injected for tests. @default () => new Date() */
  readonly now?: () => Date;
  /** Where CLEANTALK_API_URL and the other settings' fallbacks are read for `--check`. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default EXPORT_CONCURRENCY */
  readonly exportConcurrency?: number;
  /** @default CHECK_CONCURRENCY (key-check.ts) */
  readonly checkConcurrency?: number;
}

/** What one stack contributed to the report: its rows and the keys it could not read, or why the stack could not be read. */
type StackRead = { readonly rows: KeyRow[]; readonly problems: StatusError[] } | StatusError;

/**
 * Reads the stacks, and with `--check` asks CleanTalk about each key, then
 * reports every key where it stands. Never writes to a stack, and without
 * `--check` never decrypts a secret nor calls CleanTalk. A stack that cannot
 * be read is reported and the others still are.
 *
 * With `--check` a stack's keys are checked as soon as its export arrives,
 * while the next exports run, and its revealed state is dropped once checked:
 * the run takes about the longer of the two, not their sum, and holds the
 * secrets of only the stacks in flight.
 */
export async function runStatus(options: StatusOptions, deps: StatusDeps): Promise<{ report: FleetReport; exitCode: ExitCode }> {
  const now = (deps.now ?? (() => new Date()))();
  let names: string[];
  try {
    names = await selectStacks(options.selection, deps.run);
  } catch (error) {
    const report: FleetReport = { generatedAt: now, checked: options.check, rows: [], stacks: [], errors: [expected(error)] };
    return { report, exitCode: exitCodeOf(report) };
  }

  const checker = options.check ? await keyChecker(deps) : undefined;
  let read: StackRead[];
  try {
    read = await boundedMap(names, deps.exportConcurrency ?? EXPORT_CONCURRENCY, async (stack): Promise<StackRead> => {
      try {
        const keys = keysOfStack(stack, await exportStack(stack, deps.run, { showSecrets: checker !== undefined }), now);
        return { rows: checker === undefined ? keys.keys.map((key) => key.row) : await checkedRows(keys, checker, now), problems: keys.problems };
      } catch (error) {
        return expected(error);
      }
    });
  } finally {
    await checker?.close();
  }
  const outcomes: StackOutcome[] = read.map((entry, i) =>
    StatusError.isInstance(entry) ? { stack: names[i] ?? "", error: entry } : { stack: names[i] ?? "", keys: entry.rows.length },
  );
  const stacks = read.filter((entry): entry is Exclude<StackRead, StatusError> => !StatusError.isInstance(entry));
  const report: FleetReport = {
    generatedAt: now,
    checked: options.check,
    rows: sortRows(stacks.flatMap((stack) => stack.rows)),
    stacks: outcomes,
    errors: stacks.flatMap((stack) => stack.problems),
  };
  return { report, exitCode: exitCodeOf(report) };
}

/**
 * Loaded only for `--check`: the client brings undici, whose memory and
 * start-up a status that reads state alone never needs.
 */
async function keyChecker(deps: StatusDeps): Promise<KeyChecker> {
  const { CHECK_CONCURRENCY, KeyChecker } = await import("./key-check");
  return new KeyChecker({ concurrency: deps.checkConcurrency ?? CHECK_CONCURRENCY, env: deps.env ?? process.env });
}

async function checkedRows(stack: StackKeys, checker: KeyChecker, now: Date): Promise<KeyRow[]> {
  const outcomes = await checker.check(stack);
  return stack.keys.map((key) => {
    const outcome = outcomes.get(key);
    return outcome === undefined ? key.row : withCheck(key.row, key.outputs.details, outcome, now);
  });
}

/** StatusErrors are reported; anything else is a bug and keeps its stack trace. */
function expected(error: unknown): StatusError {
  if (StatusError.isInstance(error)) return error;
  throw error;
}
