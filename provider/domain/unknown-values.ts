/**
 * During `pulumi preview`, inputs computed from other resources' outputs reach
 * the dynamic provider as this placeholder string (pulumi/pulumi#6310), nested
 * anywhere in the value. Such a field cannot be validated yet: it is checked
 * again, with its real value, during `pulumi up`.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
