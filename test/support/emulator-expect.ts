import type { z } from "zod";

/**
 * Parses `value` with a strict wire schema and returns the typed result; a mismatch fails the
 * test with zod's path-level message.
 */
export function expectShape<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`unexpected shape: ${parsed.error.message}\nvalue: ${JSON.stringify(value)}`);
  }
  return parsed.data;
}
