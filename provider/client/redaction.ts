/**
 * A server may echo request fields in its error text; the email and the key
 * must not travel on into Pulumi's output, so any occurrence is masked. That
 * includes the causes (RETRIES_EXHAUSTED wraps the last failure) and the
 * stacks, which were rendered with the unmasked message.
 */
export function redact(error: unknown, secrets: readonly (string | readonly string[] | undefined)[]): unknown {
  const masks = secrets.filter((secret): secret is string => typeof secret === "string" && secret.length >= 3);
  const mask = (text: string) => masks.reduce((acc, secret) => acc.split(secret).join("[redacted]"), text);
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const target = current as { message?: unknown; stack?: unknown; cause?: unknown };
    for (const field of ["message", "stack"] as const) {
      const text = target[field];
      if (typeof text !== "string" || mask(text) === text) continue;
      try {
        target[field] = mask(text);
      } catch {
        // A read-only field (DOMException's message is a getter) cannot be
        // masked; transport causes never carry request data anyway.
      }
    }
    current = target.cause;
  }
  return error;
}
