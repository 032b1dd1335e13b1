/**
 * Pulumi's Node SDK creates four promises for every property a resource
 * registers and stores `new Error().stack` on each, only for its promise-leak
 * report (PULUMI_DEBUG_PROMISE_LEAKS). Under ts-node every one of those stacks
 * is source-mapped on the spot: for a fleet of keys that was a measured share
 * of `preview` and `up` (bench/RESULTS.md §2, §3). While a key's properties are
 * created the stack limit is 0, so those captures are empty; Pulumi's own
 * source-position capture sets its own limit and is not affected.
 *
 * @returns the limit to restore, or undefined when promise-leak debugging is on
 * (then the stacks are wanted and nothing is changed).
 */
export function suspendPromiseStacks(): number | undefined {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return limit;
}

export function resumePromiseStacks(limit: number | undefined): void {
  if (limit !== undefined) Error.stackTraceLimit = limit;
}

/**
 * An error thrown while stacks were suspended has none; give it the frames of
 * the place it surfaces (the resource's constructor and the program line that
 * created the key). Call after resumePromiseStacks.
 */
export function withCallerStack(error: unknown): unknown {
  if (!(error instanceof Error) || typeof error.stack !== "string" || /\n\s+at /.test(error.stack)) return error;
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  try {
    error.stack = [error.stack, ...frames].join("\n");
  } catch {
    // A frozen error keeps what it has.
  }
  return error;
}
