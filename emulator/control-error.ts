const BRAND = Symbol.for("pulumi-cleantalk.EmulatorControlError");

export type EmulatorControlErrorCode =
  /** The control surface answered non-2xx (bad request, unknown path...). */
  | "CONTROL_HTTP_ERROR"
  /** The answer was not the JSON shape this client expects: emulator and client differ. */
  | "CONTROL_BAD_RESPONSE";

/**
 * Failure of a control-surface call. Branded with `Symbol.for` so `isInstance` works across
 * jest module registries and duplicated copies of the package.
 */
export class EmulatorControlError extends Error {
  override readonly name = "EmulatorControlError";
  readonly [BRAND] = true;

  constructor(
    readonly code: EmulatorControlErrorCode,
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }

  static isInstance(value: unknown): value is EmulatorControlError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
