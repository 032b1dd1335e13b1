/**
 * At most `limit` calls of `run` in flight at once, across every caller that
 * shares it; the others wait in order. For work that several producers feed
 * (each stack's keys, checked as soon as its export arrives), where one
 * `boundedMap` over a known list does not fit.
 */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive whole number, not ${limit}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      // Hand the slot to the next waiter, if any: each finished task wakes at most one.
      waiting.shift()?.();
    }
  };
}
