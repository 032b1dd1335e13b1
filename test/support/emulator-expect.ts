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

/** Every credential the emulator has handed out (keys, tokens, password hashes) that appears in `text`. */
export function issuedCredentialsIn(emulator: { issued(): { authKeys: string[]; userTokens: string[]; passwordHashes: string[] } }, text: string): string[] {
  const issued = emulator.issued();
  return [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes].filter((value) => text.includes(value));
}

/** No credential the emulator issued appears in the stack's exported state or in any of `outputs`. */
export async function expectNoIssuedCredential(
  emulator: Parameters<typeof issuedCredentialsIn>[0],
  stack: { exportRaw(): Promise<string> },
  ...outputs: string[]
): Promise<void> {
  expect(issuedCredentialsIn(emulator, await stack.exportRaw())).toEqual([]);
  for (const text of outputs) expect(issuedCredentialsIn(emulator, text)).toEqual([]);
}
